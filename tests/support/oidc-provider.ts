import { createServer, type Server } from "node:http";
import { createSign, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from "node:crypto";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/*
 * A real OpenID Connect provider on loopback (panva's oidc-provider, the certified
 * implementation): discovery, JWKS, authorization code with PKCE, its own login page
 * (the development one: any password is accepted), and RP-initiated logout. Used by the
 * integration tests, the browser journey, the sign-in benchmark and `npm run dev:oidc`.
 */

export type ProviderAccount = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  locale?: string;
  groups?: string[];
};

export type ProviderClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
};

export type TestProvider = {
  issuer: string;
  port: number;
  /** The people the provider knows, by their login (their `sub`); change them between sign-ins. */
  accounts: Map<string, ProviderAccount>;
  /** The provider's signing key, to forge tokens a test expects to be refused. */
  signingKey: { privateKey: KeyObject; kid: string };
  close: () => Promise<void>;
};

export async function startTestProvider(options: {
  clients: ProviderClient[];
  accounts?: Record<string, ProviderAccount>;
  port?: number;
  host?: string;
}): Promise<TestProvider> {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host === "127.0.0.1" ? "127.0.0.1" : host}:${port}`;
  const accounts = new Map(Object.entries(options.accounts ?? {}));

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const jwk = { ...(privateKey.export({ format: "jwk" }) as JsonWebKey), kid, alg: "RS256", use: "sig" };

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      // groups ride on the profile scope here; Entra ID and Keycloak add theirs by configuration.
      profile: ["name", "given_name", "family_name", "locale", "groups"],
    },
    // The claims in the ID token itself, as Entra ID, Google and Keycloak do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) };
    },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on("server_error", (_ctx, error) => console.error("test provider error", error));
  server.on("request", provider.callback());

  return {
    issuer,
    port,
    accounts,
    signingKey: { privateKey, kid },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An RS256 JWT signed with `key`: for tokens the app must refuse (forged, expired). */
export function signJwt(payload: Record<string, unknown>, key: { privateKey: KeyObject; kid: string }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "RS256", typ: "JWT", kid: key.kid })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key.privateKey).toString("base64url");
  return `${input}.${signature}`;
}

/** The claims of a JWT, unchecked (tests only). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
}

/**
 * What a browser does at the provider: follows the authorization URL to the login page,
 * signs in as `login`, and follows the redirects until the one back to the app.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () =>
    [...jar]
      .filter(([, value]) => value !== "")
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: cookie() },
    });
    remember(response);
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectPrefix)) return next;
      url = next;
      init = {};
      await response.arrayBuffer();
      continue;
    }
    const html = await response.text();
    if (response.status !== 200 || !html.includes('name="login"'))
      throw new Error(`unexpected provider page ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error("no login form at the provider");
    url = new URL(action.replace(/&amp;/g, "&"), url);
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: "login", login, password: "any" }).toString(),
    };
  }
  throw new Error("too many redirects at the provider");
}
