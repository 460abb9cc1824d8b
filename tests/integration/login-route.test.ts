import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { action, loader } from "#app/routes/login";
import { sessionKey } from "#app/auth/session.server";
import { pairKey } from "#app/auth/throttle.server";
import * as envModule from "#app/utils/env.server";
import { getDb } from "#db/client.server";
import { authThrottle, sessions, users } from "#db/schema/index";
import { TEST_PASSWORD, createUser, sessionCookie } from "#tests/factories/index";
import { cookiePair, fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

type LoginData = { result: { error?: Record<string, string[] | null> | null }; retryAfterSeconds: number };

function login(form: Record<string, string>, headers: Record<string, string> = {}, cookie?: string) {
  return runRoute(() => action({ request: makeRequest("/login", { form, headers, cookie }), params: {}, context: {} }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("login loader", () => {
  it("sends everyone to /setup while there is no admin", async () => {
    const result = await runRoute(() => loader({ request: makeRequest("/login"), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/setup");
  });

  it("shows the page to anonymous visitors once an admin exists", async () => {
    await createUser({ role: "admin" });
    const result = await runRoute(() => loader({ request: makeRequest("/login"), params: {}, context: {} }));
    expect(result).toMatchObject({ status: 200, data: null, thrown: false });
  });

  it("sends people who are signed in to the board", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      loader({ request: makeRequest("/login", { cookie }), params: {}, context: {} }),
    );
    expect(result.location).toBe("/board");
  });
});

describe("login action", () => {
  it("returns field errors for a bad email and an empty password", async () => {
    const result = await login({ email: "not-an-email", password: "" });
    expect(result.status).toBe(400);
    const data = result.data as LoginData;
    expect(fieldErrors(data.result)).toMatchObject({
      email: ["validation:emailInvalid"],
      password: ["validation:required"],
    });
    expect(data.retryAfterSeconds).toBe(0);
  });

  it("returns a required error for a missing email", async () => {
    const result = await login({ email: "", password: "something" });
    expect(result.status).toBe(400);
    expect(fieldErrors((result.data as LoginData).result).email).toEqual(["validation:required"]);
  });

  it("does not send the password back", async () => {
    const result = await login({ email: "nobody@example.it", password: "my secret guess" });
    expect(JSON.stringify(result.data)).not.toContain("my secret guess");
  });

  it("answers a wrong password and an unknown email with the same form error", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const wrong = await login({ email: "giulia.rossi@example.it", password: "wrong password" });
    const unknown = await login(
      { email: "nobody@example.it", password: "wrong password" },
      { "x-floorboard-remote-addr": "10.0.0.2" },
    );
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const wrongError = (wrong.data as { result: { error: Record<string, string[]> } }).result.error;
    const unknownError = (unknown.data as { result: { error: Record<string, string[]> } }).result.error;
    expect(wrongError[""]).toEqual(["auth:login.invalid"]);
    expect(unknownError).toEqual(wrongError);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("answers 429 with the wait when the account is throttled", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    for (let i = 0; i < 5; i += 1) await login({ email: "giulia.rossi@example.it", password: `wrong ${i}` });
    const result = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD });
    expect(result.status).toBe(429);
    const data = result.data as { result: { error: Record<string, string[]> }; retryAfterSeconds: number };
    expect(data.result.error[""]).toEqual(["auth:login.throttled"]);
    expect(data.retryAfterSeconds).toBeGreaterThan(0);
    expect(data.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(result.headers.get("retry-after")).toBe(String(data.retryAfterSeconds));
    expect(result.headers.get("set-cookie")).toBeNull();
  });

  it("remembers the browser with a device cookie, which lets its owner in while others' guesses hold the account back", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const first = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD });
    expect(first.status).toBe(302);
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/fb_device=[^;]+; Max-Age=15552000; Path=\/login; HttpOnly; SameSite=Lax/);
    const device = cookiePair(setCookie, "fb_device")!;

    for (let i = 0; i < 5; i += 1) await login({ email: "giulia.rossi@example.it", password: `guess ${i}` });
    // An hour of guessing later: the next try from this address waits minutes.
    await getDb()
      .update(authThrottle)
      .set({ failures: 9, lockedUntil: new Date(Date.now() + 8 * 60_000) })
      .where(eq(authThrottle.key, pairKey("giulia.rossi@example.it", "127.0.0.1")));
    const other = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD });
    expect(other.status).toBe(429);
    const waitData = other.data as { result: { error: Record<string, string[]> }; waitCount: number };
    // Waits of minutes are told in minutes.
    expect(waitData.result.error[""]).toEqual(["auth:login.throttledMinutes"]);
    expect(waitData.waitCount).toBe(8);

    const mine = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD }, {}, device);
    expect(mine.status).toBe(302);
    expect(cookiePair(mine.headers.get("set-cookie"), "fb_session")).not.toBeNull();
  });

  it("tells a deactivated person their account is deactivated", async () => {
    const user = await createUser({ email: "gone@example.it" });
    await getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    const result = await login({ email: "gone@example.it", password: TEST_PASSWORD });
    expect(result.status).toBe(400);
    expect((result.data as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([
      "auth:login.deactivated",
    ]);
  });

  it("signs in: redirects to the board with an HttpOnly, SameSite=Lax session cookie that is not Secure over HTTP", async () => {
    const user = await createUser({ email: "giulia.rossi@example.it" });
    const result = await login({ email: "Giulia.Rossi@example.it", password: TEST_PASSWORD });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/board");
    const setCookie = result.headers.get("set-cookie");
    expect(setCookie).toMatch(/^fb_session=[^;]+;/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/; Secure/);
    const sessionId = cookiePair(setCookie, "fb_session")!.split("=")[1];
    const rows = await getDb().select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((row) => row.id)).toEqual([sessionKey(sessionId!)]);
  });

  it("marks the cookie Secure when the proxy says the request was HTTPS", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const result = await login(
      { email: "giulia.rossi@example.it", password: TEST_PASSWORD },
      { "x-forwarded-proto": "https" },
    );
    expect(result.status).toBe(302);
    expect(result.headers.get("set-cookie")).toMatch(/; Secure/);
    expect(result.headers.get("set-cookie")).toMatch(/; HttpOnly/);
  });

  it("marks the cookie Secure when PUBLIC_URL is https", async () => {
    const env = envModule.parseEnv({ PUBLIC_URL: "https://floorboard.example.it" });
    vi.spyOn(envModule, "getEnv").mockReturnValue(env);
    await createUser({ email: "giulia.rossi@example.it" });
    const result = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD });
    expect(result.status).toBe(302);
    expect(result.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("goes back to a local redirectTo after signing in", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const result = await login({
      email: "giulia.rossi@example.it",
      password: TEST_PASSWORD,
      redirectTo: "/admin/users?q=rossi",
    });
    expect(result.location).toBe("/admin/users?q=rossi");
  });

  it.each(["https://evil.example/", "//evil.example", "/\t/evil.example"])(
    "ignores a redirectTo that leaves the site (%j)",
    async (redirectTo) => {
      await createUser({ email: "giulia.rossi@example.it" });
      const result = await login({ email: "giulia.rossi@example.it", password: TEST_PASSWORD, redirectTo });
      expect(result.location).toBe("/board");
    },
  );

  it("sends someone already signed in to the board without checking the form", async () => {
    const user = await createUser();
    const result = await login({ email: "x", password: "" }, {}, await sessionCookie(user.id));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/board");
  });
});
