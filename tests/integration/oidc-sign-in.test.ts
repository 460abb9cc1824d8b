import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetOidcConfigurations } from "#app/auth/oidc.server";
import { setUserActive } from "#app/services/users.server";
import * as envModule from "#app/utils/env.server";
import { loader as startLoader } from "#app/routes/auth.oidc";
import { loader as callbackLoader } from "#app/routes/auth.oidc_.callback";
import { action as loginAction, loader as loginLoader } from "#app/routes/login";
import { action as logoutAction } from "#app/routes/logout";
import { action as adminSsoAction, loader as adminSsoLoader } from "#app/routes/admin.sso";
import { getDb } from "#db/client.server";
import { auditLog, oidcIdentities, sessions, users } from "#db/schema/index";
import { TEST_PASSWORD, createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { cookiePair, makeRequest, runRoute, type RouteResult } from "#tests/support/routes";
import {
  jwtPayload,
  signInAtProvider,
  signJwt,
  startTestProvider,
  type ProviderAccount,
  type TestProvider,
} from "#tests/support/oidc-provider";

const APP = "http://localhost:3000";
const CALLBACK = `${APP}/auth/oidc/callback`;
const CLIENT = {
  clientId: "floorboard",
  clientSecret: "test-secret-0123456789abcdef",
  redirectUris: [CALLBACK],
  postLogoutRedirectUris: [`${APP}/login`],
};

let provider: TestProvider;
const realFetch = globalThis.fetch;

function useEnv(extra: Record<string, string> = {}) {
  const env = envModule.parseEnv({
    PUBLIC_URL: APP,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_ALLOWED_DOMAINS: "example.it",
    ...extra,
  });
  vi.spyOn(envModule, "getEnv").mockReturnValue(env);
  return env;
}

const ACCOUNTS: Record<string, ProviderAccount> = {
  "giulia-sub": {
    email: "giulia.rossi@example.it",
    email_verified: true,
    name: "Giulia Rossi",
    locale: "it-IT",
    groups: [],
  },
  "marco-sub": { email: "Marco.Bianchi@example.it", email_verified: true, given_name: "Marco", family_name: "Bianchi" },
  "outsider-sub": { email: "someone@gmail.com", email_verified: true, name: "Someone Else" },
  "unverified-sub": { email: "luca.verdi@example.it", email_verified: false, name: "Luca Verdi" },
};

beforeAll(async () => {
  provider = await startTestProvider({ clients: [CLIENT] });
});

afterAll(async () => {
  await provider.close();
});

beforeEach(() => {
  forgetOidcConfigurations();
  useEnv();
  provider.accounts.clear();
  for (const [login, account] of Object.entries(ACCOUNTS)) provider.accounts.set(login, { ...account });
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Flow = { start: RouteResult; flowCookie: string; callbackUrl: URL };

/** Starts a sign-in in the app, signs in at the provider's login page, and returns where it sends the browser back. */
async function startAndSignInAtProvider(login: string, redirectTo = "/board"): Promise<Flow> {
  const start = await runRoute(() =>
    startLoader({ request: makeRequest(`/auth/oidc?${new URLSearchParams({ redirectTo })}`), params: {}, context: {} }),
  );
  expect(start.status).toBe(302);
  expect(start.location).toMatch(new RegExp(`^${provider.issuer}/`));
  const flowCookie = cookiePair(start.headers.get("set-cookie"), "fb_oidc");
  if (!flowCookie) throw new Error("no flow cookie");
  const callbackUrl = await signInAtProvider(start.location!, login, CALLBACK);
  return { start, flowCookie, callbackUrl };
}

function callback(url: URL, cookie: string | null) {
  return runRoute(() =>
    callbackLoader({
      request: makeRequest(`${url.pathname}${url.search}`, { cookie: cookie ?? undefined }),
      params: {},
      context: {},
    }),
  );
}

async function signInThroughProvider(login: string) {
  const flow = await startAndSignInAtProvider(login);
  const result = await callback(flow.callbackUrl, flow.flowCookie);
  return { ...flow, result };
}

const sessionCount = async () => (await getDb().select().from(sessions)).length;

async function expectRefused(result: RouteResult, reason: string, status: number) {
  expect(result.status).toBe(status);
  expect(result.data).toEqual({ reason });
  expect(cookiePair(result.headers.get("set-cookie"), "fb_session")).toBeNull();
  expect(await sessionCount()).toBe(0);
}

describe("single sign-on: who comes in", () => {
  it("creates the person on their first sign-in, from the ID token, as an agent, and signs them in", async () => {
    const { start, result } = await signInThroughProvider("giulia-sub");
    // The authorization request carries PKCE, state and nonce.
    const authorization = new URL(start.location!);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(authorization.searchParams.get("redirect_uri")).toBe(CALLBACK);

    expect(result.status).toBe(302);
    expect(result.location).toBe("/board");
    expect(cookiePair(result.headers.get("set-cookie"), "fb_session")).toBeTruthy();
    const [person] = await getDb().select().from(users);
    expect(person).toMatchObject({
      email: "giulia.rossi@example.it",
      name: "Giulia Rossi",
      role: "agent",
      teamId: null,
      locale: "it",
    });
    const links = await getDb().select().from(oidcIdentities);
    expect(links).toEqual([
      expect.objectContaining({ issuer: provider.issuer, subject: "giulia-sub", userId: person!.id }),
    ]);
    const audit = await getDb().select().from(auditLog);
    expect(audit.map((entry) => entry.action)).toEqual(["user.sso_create"]);
    expect(await sessionCount()).toBe(1);

    // The next sign-in finds the same person: never a second one.
    const again = await signInThroughProvider("giulia-sub");
    expect(again.result.location).toBe("/board");
    expect(await getDb().select().from(users)).toHaveLength(1);
    expect(await sessionCount()).toBe(2);
  });

  it("gives a person with no name claim a name from given and family names", async () => {
    await signInThroughProvider("marco-sub");
    const [person] = await getDb().select().from(users);
    expect(person).toMatchObject({ email: "marco.bianchi@example.it", name: "Marco Bianchi" });
  });

  it("links an existing person with the same verified email instead of creating another", async () => {
    const existing = await createUser({ email: "giulia.rossi@example.it", name: "Giulia R.", role: "manager" });
    const { result } = await signInThroughProvider("giulia-sub");
    expect(result.location).toBe("/board");
    const people = await getDb().select().from(users);
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ id: existing.id, name: "Giulia R.", role: "manager" });
    const [link] = await getDb().select().from(oidcIdentities);
    expect(link).toMatchObject({ userId: existing.id, subject: "giulia-sub" });
    const audit = await getDb().select().from(auditLog);
    expect(audit.map((entry) => entry.action)).toEqual(["user.sso_link"]);
    // The password still works for a person who had one.
    const login = await runRoute(() =>
      loginAction({
        request: makeRequest("/login", { form: { email: existing.email, password: TEST_PASSWORD } }),
        params: {},
        context: {},
      }),
    );
    expect(login.status).toBe(302);
  });

  it("refuses an unverified email and writes nothing", async () => {
    await createUser({ email: "luca.verdi@example.it" });
    const { result } = await signInThroughProvider("unverified-sub");
    await expectRefused(result, "emailUnverified", 403);
    expect(await getDb().select().from(oidcIdentities)).toHaveLength(0);
    expect(await getDb().select().from(auditLog)).toHaveLength(0);
  });

  it("refuses a new person whose email domain is not allowed", async () => {
    const { result } = await signInThroughProvider("outsider-sub");
    await expectRefused(result, "domainRefused", 403);
    expect(await getDb().select().from(users)).toHaveLength(0);
    expect(await getDb().select().from(oidcIdentities)).toHaveLength(0);
  });

  it("creates no one when no domain is allowed, but still lets existing people in", async () => {
    useEnv({ OIDC_ALLOWED_DOMAINS: "" });
    await expectRefused((await signInThroughProvider("giulia-sub")).result, "domainRefused", 403);
    await createUser({ email: "giulia.rossi@example.it" });
    expect((await signInThroughProvider("giulia-sub")).result.location).toBe("/board");
  });

  it("keeps a deactivated person out, linked or not, whatever the provider says", async () => {
    const admin = await createUser({ role: "admin" });
    const person = await createUser({ email: "giulia.rossi@example.it" });
    await setUserActive(getDb(), { id: admin.id }, { userId: person.id, active: false });
    await expectRefused((await signInThroughProvider("giulia-sub")).result, "deactivated", 403);
    // Not linked either: nothing was written.
    expect(await getDb().select().from(oidcIdentities)).toHaveLength(0);

    await setUserActive(getDb(), { id: admin.id }, { userId: person.id, active: true });
    expect((await signInThroughProvider("giulia-sub")).result.location).toBe("/board");
    await setUserActive(getDb(), { id: admin.id }, { userId: person.id, active: false });
    await getDb().delete(sessions);
    await expectRefused((await signInThroughProvider("giulia-sub")).result, "deactivated", 403);
  });

  it("never hands a linked person to a second account at the same provider", async () => {
    await signInThroughProvider("giulia-sub");
    provider.accounts.set("giulia-new-sub", {
      email: "giulia.rossi@example.it",
      email_verified: true,
      name: "Giulia Rossi",
    });
    await getDb().delete(sessions);
    await expectRefused((await signInThroughProvider("giulia-new-sub")).result, "linkedElsewhere", 403);
    expect(await getDb().select().from(users)).toHaveLength(1);
  });
});

describe("single sign-on: roles and teams from the provider", () => {
  it("maps the claim to a role at every sign-in and audits each change", async () => {
    const team = await createTeam("Fatturazione");
    await createUser({ role: "admin" });
    useEnv({
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ROLE_MAP: "cc-managers=manager,cc-admins=admin",
      OIDC_TEAM_MAP: "cc-billing=fatturazione",
    });
    provider.accounts.set("giulia-sub", {
      ...provider.accounts.get("giulia-sub"),
      groups: ["cc-managers", "cc-billing"],
    });
    await signInThroughProvider("giulia-sub");
    const person = async () =>
      (await getDb().select().from(users).where(eq(users.email, "giulia.rossi@example.it")))[0]!;
    expect(await person()).toMatchObject({ role: "manager", teamId: team.id });

    // Promoted at the provider: admin at the next sign-in, audited.
    provider.accounts.set("giulia-sub", {
      ...provider.accounts.get("giulia-sub"),
      groups: ["cc-admins", "cc-managers"],
    });
    await signInThroughProvider("giulia-sub");
    expect((await person()).role).toBe("admin");
    // Removed from every mapped group: back to agent; the team stays as it was.
    provider.accounts.set("giulia-sub", { ...provider.accounts.get("giulia-sub"), groups: ["someone-elses-group"] });
    await signInThroughProvider("giulia-sub");
    expect(await person()).toMatchObject({ role: "agent", teamId: team.id });
    // Unchanged: nothing more audited.
    await signInThroughProvider("giulia-sub");

    const updates = await getDb().select().from(auditLog).where(eq(auditLog.action, "user.sso_update"));
    expect(updates.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ from: { role: "manager", teamId: team.id }, to: { role: "admin", teamId: team.id } }),
      expect.objectContaining({ from: { role: "admin", teamId: team.id }, to: { role: "agent", teamId: team.id } }),
    ]);
    const { id } = await person();
    expect(updates.every((entry) => entry.actorId === null && entry.targetId === id)).toBe(true);
  });

  it("leaves roles alone without a mapping", async () => {
    const existing = await createUser({ email: "giulia.rossi@example.it", role: "manager" });
    provider.accounts.set("giulia-sub", { ...provider.accounts.get("giulia-sub"), groups: ["cc-admins"] });
    await signInThroughProvider("giulia-sub");
    const [person] = await getDb().select().from(users).where(eq(users.id, existing.id));
    expect(person?.role).toBe("manager");
  });

  it("never demotes the last active admin", async () => {
    useEnv({ OIDC_ROLE_CLAIM: "groups", OIDC_ROLE_MAP: "cc-admins=admin" });
    const admin = await createUser({ email: "giulia.rossi@example.it", role: "admin" });
    provider.accounts.set("giulia-sub", { ...provider.accounts.get("giulia-sub"), groups: [] });
    await signInThroughProvider("giulia-sub");
    const [person] = await getDb().select().from(users).where(eq(users.id, admin.id));
    expect(person?.role).toBe("admin");
  });
});

describe("single sign-on: bad input", () => {
  it("refuses a replayed code: one code, one session", async () => {
    const flow = await startAndSignInAtProvider("giulia-sub");
    expect((await callback(flow.callbackUrl, flow.flowCookie)).status).toBe(302);
    expect(await sessionCount()).toBe(1);
    const replay = await callback(flow.callbackUrl, flow.flowCookie);
    expect(replay.status).toBe(400);
    expect(replay.data).toEqual({ reason: "codeRejected" });
    expect(await sessionCount()).toBe(1);
  });

  it("refuses a wrong state, and a callback from another browser", async () => {
    const flow = await startAndSignInAtProvider("giulia-sub");
    const forged = new URL(flow.callbackUrl);
    forged.searchParams.set("state", "an-attacker-chose-this-state-value");
    await expectRefused(await callback(forged, flow.flowCookie), "stateMismatch", 400);
    await expectRefused(await callback(flow.callbackUrl, null), "flowMissing", 400);
    // A flow cookie from another sign-in does not fit this answer either.
    const other = await startAndSignInAtProvider("giulia-sub");
    await expectRefused(await callback(flow.callbackUrl, other.flowCookie), "stateMismatch", 400);
    expect(await getDb().select().from(users)).toHaveLength(0);
  });

  it("shows the provider's refusal", async () => {
    const flow = await startAndSignInAtProvider("giulia-sub");
    const denied = new URL(CALLBACK);
    denied.searchParams.set("error", "access_denied");
    denied.searchParams.set("state", flow.callbackUrl.searchParams.get("state")!);
    await expectRefused(await callback(denied, flow.flowCookie), "providerRefused", 400);
  });

  describe("a tampered ID token", () => {
    /** Lets the token endpoint answer, then rewrites its ID token as an attacker in the middle would. */
    function rewriteIdToken(rewrite: (token: string) => string) {
      vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
        const response = await realFetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (!url.endsWith("/token")) return response;
        const body = (await response.json()) as Record<string, unknown>;
        body.id_token = rewrite(String(body.id_token));
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      });
    }

    async function expectTokenRefused() {
      const flow = await startAndSignInAtProvider("giulia-sub");
      await expectRefused(await callback(flow.callbackUrl, flow.flowCookie), "tokenInvalid", 400);
      expect(await getDb().select().from(users)).toHaveLength(0);
      expect(await getDb().select().from(oidcIdentities)).toHaveLength(0);
    }

    it("refuses a token whose claims were changed after signing", async () => {
      rewriteIdToken((token) => {
        const [header, , signature] = token.split(".");
        const payload = { ...jwtPayload(token), email: "ceo@example.it" };
        return `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
      });
      await expectTokenRefused();
    });

    it("refuses a token signed with a key that is not the provider's", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      rewriteIdToken((token) => signJwt(jwtPayload(token), { privateKey, kid: provider.signingKey.kid }));
      await expectTokenRefused();
    });

    it("refuses an expired token, even signed by the provider", async () => {
      const hourAgo = Math.floor(Date.now() / 1000) - 3600;
      rewriteIdToken((token) =>
        signJwt({ ...jwtPayload(token), iat: hourAgo - 600, exp: hourAgo }, provider.signingKey),
      );
      await expectTokenRefused();
    });

    it("refuses a token for another client or from another issuer", async () => {
      rewriteIdToken((token) => signJwt({ ...jwtPayload(token), aud: "someone-else" }, provider.signingKey));
      await expectTokenRefused();
      vi.restoreAllMocks();
      useEnv();
      rewriteIdToken((token) => signJwt({ ...jwtPayload(token), iss: "http://127.0.0.1:1/" }, provider.signingKey));
      await expectTokenRefused();
    });

    it("refuses a token with another nonce", async () => {
      rewriteIdToken((token) =>
        signJwt({ ...jwtPayload(token), nonce: "a-nonce-from-another-sign-in" }, provider.signingKey),
      );
      await expectTokenRefused();
    });
  });

  it("answers a clear page when the provider is down, without waiting for ever", async () => {
    // Nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    useEnv({ OIDC_ISSUER: `http://127.0.0.1:${closedPort}` });
    const down = await runRoute(() => startLoader({ request: makeRequest("/auth/oidc"), params: {}, context: {} }));
    expect(down.status).toBe(503);
    expect(down.data).toEqual({ reason: "providerDown" });
    expect(down.headers.get("set-cookie")).toBeNull();
  });

  it("gives up on a provider that does not answer within OIDC_TIMEOUT_MS", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer(() => {
      // never answers
    });
    silent.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      useEnv({ OIDC_ISSUER: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, OIDC_TIMEOUT_MS: "300" });
      const started = Date.now();
      const slow = await runRoute(() => startLoader({ request: makeRequest("/auth/oidc"), params: {}, context: {} }));
      expect(slow.status).toBe(503);
      expect(slow.data).toEqual({ reason: "providerDown" });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("answers a clear page when the provider goes down between the login page and the token", async () => {
    const flow = await startAndSignInAtProvider("giulia-sub");
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      throw new TypeError("fetch failed");
    });
    await expectRefused(await callback(flow.callbackUrl, flow.flowCookie), "providerDown", 503);
    expect(await getDb().select().from(users)).toHaveLength(0);
  });
});

describe("password sign-in beside single sign-on", () => {
  const login = (email: string) =>
    runRoute(() =>
      loginAction({
        request: makeRequest("/login", { form: { email, password: TEST_PASSWORD } }),
        params: {},
        context: {},
      }),
    );

  it("keeps passwords for admins only with PASSWORD_SIGN_IN=admins", async () => {
    useEnv({ PASSWORD_SIGN_IN: "admins" });
    const admin = await createUser({ role: "admin" });
    const agent = await createUser({ role: "agent" });
    const refused = await login(agent.email);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.data)).toContain("auth:login.passwordOff");
    expect((await login(admin.email)).status).toBe(302);
    expect(await sessionCount()).toBe(1);
  });

  it("turns passwords off for everyone with PASSWORD_SIGN_IN=off", async () => {
    useEnv({ PASSWORD_SIGN_IN: "off" });
    const admin = await createUser({ role: "admin" });
    expect((await login(admin.email)).status).toBe(403);
    expect(await sessionCount()).toBe(0);
  });

  it("never lets a password sign in a person created by the provider", async () => {
    await signInThroughProvider("giulia-sub");
    await getDb().delete(sessions);
    const attempt = await runRoute(() =>
      loginAction({
        request: makeRequest("/login", { form: { email: "giulia.rossi@example.it", password: TEST_PASSWORD } }),
        params: {},
        context: {},
      }),
    );
    expect(attempt.status).toBe(400);
    expect(await sessionCount()).toBe(0);
  });

  it("tells the sign-in page what to show", async () => {
    await createUser({ role: "admin" });
    useEnv({ PASSWORD_SIGN_IN: "admins" });
    const page = await runRoute(() => loginLoader({ request: makeRequest("/login"), params: {}, context: {} }));
    expect(page.data).toEqual({ passwordSignIn: "admins", providerSignOutUrl: null });
  });
});

describe("signing out with single sign-on", () => {
  it("ends the Floorboard session and offers the provider's sign-out", async () => {
    await createUser({ role: "admin" });
    const { result } = await signInThroughProvider("giulia-sub");
    const cookie = cookiePair(result.headers.get("set-cookie"), "fb_session")!;
    const out = await runRoute(() =>
      logoutAction({ request: makeRequest("/logout", { form: {}, cookie }), params: {}, context: {} }),
    );
    expect(out.location).toBe("/login?signedOut=1");
    expect(await sessionCount()).toBe(0);
    const page = await runRoute(() =>
      loginLoader({ request: makeRequest("/login?signedOut=1"), params: {}, context: {} }),
    );
    const signOutUrl = new URL((page.data as { providerSignOutUrl: string }).providerSignOutUrl);
    expect(signOutUrl.href.startsWith(`${provider.issuer}/session/end`)).toBe(true);
    expect(signOutUrl.searchParams.get("client_id")).toBe(CLIENT.clientId);
    expect(signOutUrl.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/login`);
    // The provider accepts it: its confirmation page, not an error.
    const confirm = await realFetch(signOutUrl);
    expect(confirm.status).toBe(200);
  });
});

describe("the admin page", () => {
  it("shows the configuration without the secret, and tests the connection", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const page = await runRoute(() =>
      adminSsoLoader({ request: makeRequest("/admin/sso", { cookie }), params: {}, context: {} }),
    );
    expect(JSON.stringify(page.data)).not.toContain(CLIENT.clientSecret);
    expect(page.data).toMatchObject({
      settings: { issuer: `${provider.issuer}/`, redirectUri: CALLBACK, clientSecretSet: true },
    });
    const test = await runRoute(() =>
      adminSsoAction({
        request: makeRequest("/admin/sso", { cookie, form: { intent: "test" } }),
        params: {},
        context: {},
      }),
    );
    expect(test.status).toBe(200);
    expect(test.data).toMatchObject({
      test: { ok: true, issuer: provider.issuer, endSessionEndpoint: `${provider.issuer}/session/end` },
    });

    useEnv({ OIDC_ISSUER: "http://127.0.0.1:1" });
    const failed = await runRoute(() =>
      adminSsoAction({
        request: makeRequest("/admin/sso", { cookie, form: { intent: "test" } }),
        params: {},
        context: {},
      }),
    );
    expect(failed.status).toBe(502);
    expect(failed.data).toMatchObject({ test: { ok: false, reason: "providerDown" } });
  });

  it("is for admins only", async () => {
    const agent = await createUser({ role: "agent" });
    const cookie = await sessionCookie(agent.id);
    const page = await runRoute(() =>
      adminSsoLoader({ request: makeRequest("/admin/sso", { cookie }), params: {}, context: {} }),
    );
    expect(page.status).toBe(403);
  });
});
