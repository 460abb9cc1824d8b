import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  getOptionalUser,
  requireAnonymous,
  requirePermission,
  requireRole,
  requireUser,
} from "#app/auth/require.server";
import { createUserSession, endAllSessions, getSession, sessionKey, signOut } from "#app/auth/session.server";
import { action as logoutAction, loader as logoutLoader } from "#app/routes/logout";
import { getDb } from "#db/client.server";
import { migrationsFolder } from "#db/migrate";
import { sessions, users } from "#db/schema/index";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { cookiePair, expectThrownResponse, makeRequest, runRoute } from "#tests/support/routes";

const DAY = 24 * 60 * 60 * 1000;

function sessionIdOf(cookie: string) {
  return cookie.split("=")[1]!;
}

async function sessionRows(userId: string) {
  return getDb().select().from(sessions).where(eq(sessions.userId, userId));
}

describe("getSession", () => {
  it("returns the person behind a valid session cookie, with their attributes", async () => {
    const team = await createTeam("Fatturazione");
    const user = await createUser({
      name: "Giulia Rossi",
      email: "giulia@example.it",
      role: "manager",
      teamId: team.id,
    });
    const cookie = await sessionCookie(user.id);
    const { user: sessionUser, session, setCookie } = await getSession(makeRequest("/", { cookie }));
    expect(sessionUser).toMatchObject({
      id: user.id,
      name: "Giulia Rossi",
      email: "giulia@example.it",
      role: "manager",
      teamId: team.id,
      deactivatedAt: null,
    });
    expect(session?.id).toBe(sessionIdOf(cookie));
    expect(setCookie).toBeNull();
  });

  it("has no user without a cookie", async () => {
    expect(await getSession(makeRequest("/"))).toEqual({ user: null, session: null, setCookie: null });
  });

  it("blanks the cookie of a session that does not exist", async () => {
    const result = await getSession(makeRequest("/", { cookie: "fb_session=not-a-real-session" }));
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/^fb_session=;/);
    expect(result.setCookie).toMatch(/Max-Age=0/);
  });

  it("refuses an expired session and deletes it", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    const result = await getSession(makeRequest("/", { cookie }));
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/^fb_session=;/);
    expect(await sessionRows(user.id)).toEqual([]);
  });

  it("extends a session once half of its 30 days have passed, and sends a fresh cookie", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 10 * DAY) })
      .where(eq(sessions.userId, user.id));
    const result = await getSession(makeRequest("/", { cookie }));
    expect(result.user?.id).toBe(user.id);
    expect(result.session?.fresh).toBe(true);
    expect(result.setCookie).toContain(`fb_session=${sessionIdOf(cookie)};`);
    const [row] = await sessionRows(user.id);
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
  });

  it("leaves a recent session alone", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const [before] = await sessionRows(user.id);
    const result = await getSession(makeRequest("/", { cookie }));
    expect(result.session?.fresh).toBe(false);
    expect(result.setCookie).toBeNull();
    const [after] = await sessionRows(user.id);
    expect(after!.expiresAt.getTime()).toBe(before!.expiresAt.getTime());
  });

  it("ends the session of someone deactivated after signing in", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    // Deactivated behind the app's back: the session check must still refuse them.
    await getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    const result = await getSession(makeRequest("/", { cookie }));
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/^fb_session=;/);
    expect(await sessionRows(user.id)).toEqual([]);
  });
});

describe("stored sessions", () => {
  // Written out here rather than through sessionKey(), so the test pins the stored form.
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

  it("keep only a hash of the cookie's value, and the stored key signs no one in", async () => {
    const user = await createUser();
    const response = await createUserSession(makeRequest("/login", { method: "POST" }), user.id, "/");
    const cookie = cookiePair(response.headers.get("set-cookie"), "fb_session")!;
    const [row] = await sessionRows(user.id);
    expect(row!.id).not.toBe(sessionIdOf(cookie));
    expect(row!.id).toBe(sha256(sessionIdOf(cookie)));
    expect((await getSession(makeRequest("/", { cookie }))).user?.id).toBe(user.id);
    // What a database backup holds is useless as a cookie.
    expect((await getSession(makeRequest("/", { cookie: `fb_session=${row!.id}` }))).user).toBeNull();
    expect(await sessionRows(user.id)).toHaveLength(1);
  });

  it("are rekeyed by the migration, so people signed in before the upgrade stay signed in", async () => {
    const user = await createUser();
    const cookieValue = "abcdefghijklmnopqrstuvwxyz234567abcdefgh";
    await getDb()
      .insert(sessions)
      .values({ id: cookieValue, userId: user.id, expiresAt: new Date(Date.now() + 20 * DAY) });
    const migration = readFileSync(path.join(migrationsFolder, "0013_sessions-stored-hashed.sql"), "utf8");
    for (const statement of migration.split("--> statement-breakpoint")) await getDb().execute(sql.raw(statement));
    expect((await sessionRows(user.id)).map((row) => row.id)).toEqual([sha256(cookieValue)]);
    expect((await getSession(makeRequest("/", { cookie: `fb_session=${cookieValue}` }))).user?.id).toBe(user.id);
  });
});

describe("createUserSession and signOut", () => {
  it("creates a session row and redirects with its cookie", async () => {
    const user = await createUser();
    const response = await createUserSession(makeRequest("/login", { method: "POST" }), user.id, "/board");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/board");
    const pair = cookiePair(response.headers.get("set-cookie"), "fb_session")!;
    const rows = await sessionRows(user.id);
    expect(rows.map((row) => row.id)).toEqual([sessionKey(sessionIdOf(pair))]);
    expect((await getOptionalUser(makeRequest("/", { cookie: pair })))?.id).toBe(user.id);
  });

  it("signOut deletes the session row and blanks the cookie", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const other = await sessionCookie(user.id);
    const response = await signOut(makeRequest("/logout", { method: "POST", cookie }));
    expect(response.headers.get("location")).toBe("/login");
    expect(response.headers.get("set-cookie")).toMatch(/^fb_session=;.*Max-Age=0/);
    expect((await sessionRows(user.id)).map((row) => row.id)).toEqual([sessionKey(sessionIdOf(other))]);
    expect(await getOptionalUser(makeRequest("/", { cookie }))).toBeNull();
  });

  it("endAllSessions deletes every session of that person only", async () => {
    const user = await createUser();
    const someoneElse = await createUser();
    await sessionCookie(user.id);
    await sessionCookie(user.id);
    const theirs = await sessionCookie(someoneElse.id);
    await endAllSessions(user.id);
    expect(await sessionRows(user.id)).toEqual([]);
    expect((await sessionRows(someoneElse.id)).map((row) => row.id)).toEqual([sessionKey(sessionIdOf(theirs))]);
  });
});

describe("logout route", () => {
  it("signs out this device: deletes only the current session", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const otherDevice = await sessionCookie(user.id);
    const result = await runRoute(() =>
      logoutAction({ request: makeRequest("/logout", { cookie, form: {} }), params: {}, context: {} }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login");
    expect(result.headers.get("set-cookie")).toMatch(/^fb_session=;/);
    expect((await sessionRows(user.id)).map((row) => row.id)).toEqual([sessionKey(sessionIdOf(otherDevice))]);
  });

  it("signs out everywhere: deletes every session of the person", async () => {
    const user = await createUser();
    const someoneElse = await createUser();
    const cookie = await sessionCookie(user.id);
    await sessionCookie(user.id);
    await sessionCookie(user.id);
    await sessionCookie(someoneElse.id);
    const result = await runRoute(() =>
      logoutAction({
        request: makeRequest("/logout", { cookie, form: { scope: "everywhere" } }),
        params: {},
        context: {},
      }),
    );
    expect(result.location).toBe("/login");
    expect(result.headers.get("set-cookie")).toMatch(/^fb_session=;/);
    expect(await sessionRows(user.id)).toEqual([]);
    expect(await sessionRows(someoneElse.id)).toHaveLength(1);
  });

  it("sends anonymous visitors to sign in", async () => {
    const result = await runRoute(() =>
      logoutAction({ request: makeRequest("/logout", { form: {} }), params: {}, context: {} }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("has no page of its own", async () => {
    const result = await runRoute(() => logoutLoader());
    expect(result.location).toBe("/");
  });
});

describe("require helpers", () => {
  it("requireUser sends anonymous visitors to /login with the page to come back to", async () => {
    const response = await expectThrownResponse(() => requireUser(makeRequest("/admin/users?q=rossi")));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe("/admin/users?q=rossi");
  });

  it("requireUser returns the signed-in person", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    expect((await requireUser(makeRequest("/board", { cookie }))).id).toBe(user.id);
  });

  it("requireAnonymous redirects people who are signed in", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const response = await expectThrownResponse(() => requireAnonymous(makeRequest("/login", { cookie }), "/board"));
    expect(response.headers.get("location")).toBe("/board");
    await expect(requireAnonymous(makeRequest("/login"))).resolves.toBeUndefined();
  });

  it("requirePermission answers 403 to a role without the permission", async () => {
    const agent = await createUser({ role: "agent" });
    const cookie = await sessionCookie(agent.id);
    const response = await expectThrownResponse(() =>
      requirePermission(makeRequest("/dashboard", { cookie }), "dashboard:view"),
    );
    expect(response.status).toBe(403);
    expect((await requirePermission(makeRequest("/board", { cookie }), "board:view")).id).toBe(agent.id);
  });

  it("requirePermission redirects anonymous visitors instead of answering 403", async () => {
    const response = await expectThrownResponse(() => requirePermission(makeRequest("/dashboard"), "dashboard:view"));
    expect(response.status).toBe(302);
  });

  it("requireRole ranks agent < manager < admin", async () => {
    const manager = await createUser({ role: "manager" });
    const cookie = await sessionCookie(manager.id);
    expect((await requireRole(makeRequest("/", { cookie }), "agent")).id).toBe(manager.id);
    expect((await requireRole(makeRequest("/", { cookie }), "manager")).id).toBe(manager.id);
    expect((await expectThrownResponse(() => requireRole(makeRequest("/", { cookie }), "admin"))).status).toBe(403);
  });
});
