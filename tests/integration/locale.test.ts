import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "#app/root";
import { action as localeAction, loader as localeLoader } from "#app/routes/locale";
import { detectLocale, localeCookie } from "#app/i18n/i18n.server";
import { getUser } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { sessions, users } from "#db/schema/index";
import { createUser, sessionCookie } from "#tests/factories/index";
import { cookiePair, makeRequest, runRoute } from "#tests/support/routes";

const DAY = 24 * 60 * 60 * 1000;

type RootData = { locale: string; user: { id: string; name: string; email: string; role: string } | null };

function changeLocale(form: Record<string, string>, cookie?: string) {
  return runRoute(() => localeAction({ request: makeRequest("/locale", { form, cookie }), params: {}, context: {} }));
}

function loadRoot(options: { cookie?: string; headers?: Record<string, string> } = {}) {
  return runRoute(() => rootLoader({ request: makeRequest("/board", options), params: {}, context: {} }));
}

describe("locale action", () => {
  it("sets the fb_lng cookie for an anonymous visitor and goes back", async () => {
    const result = await changeLocale({ locale: "en", redirectTo: "/login?redirectTo=%2Fboard" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login?redirectTo=%2Fboard");
    const setCookie = result.headers.get("set-cookie");
    expect(setCookie).toMatch(/^fb_lng=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(await localeCookie.parse(setCookie)).toBe("en");
  });

  it("saves the choice for a signed-in person too", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const result = await changeLocale({ locale: "en" }, cookie);
    expect(result.location).toBe("/");
    expect(await localeCookie.parse(result.headers.get("set-cookie"))).toBe("en");
    expect((await getUser(getDb(), user.id))?.locale).toBe("en");
    await changeLocale({ locale: "it" }, cookie);
    expect((await getUser(getDb(), user.id))?.locale).toBe("it");
  });

  it("refuses a language that is not offered", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const result = await changeLocale({ locale: "fr" }, cookie);
    expect(result.status).toBe(400);
    expect((result.data as { error: Record<string, string[]> }).error.locale).toEqual(["validation:localeInvalid"]);
    expect(result.headers.get("set-cookie")).toBeNull();
    expect((await getUser(getDb(), user.id))?.locale).toBeNull();
  });

  it("answers a bad language with a real 400 Response (Remix would send data() from this route as 200)", async () => {
    const forms: Array<Record<string, string>> = [{ locale: "fr" }, { locale: "" }, {}];
    for (const form of forms) {
      const response = await localeAction({ request: makeRequest("/locale", { form }), params: {}, context: {} });
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(400);
    }
  });

  it("does not redirect off the site", async () => {
    const result = await changeLocale({ locale: "en", redirectTo: "https://evil.example/" });
    expect(result.location).toBe("/");
  });

  it("has no page of its own", async () => {
    expect((await runRoute(() => localeLoader())).location).toBe("/");
  });
});

describe("root loader", () => {
  it("defaults to Italian", async () => {
    const result = await loadRoot();
    expect(result.data).toEqual({ locale: "it", timeZone: "Europe/Rome", liveSince: null, user: null });
    expect(await detectLocale(makeRequest("/"))).toBe("it");
  });

  it("hands the page the live event it was rendered at, for its stream to start from", async () => {
    const result = await runRoute(() =>
      rootLoader({ request: makeRequest("/board"), params: {}, context: { liveSince: 41 } }),
    );
    expect((result.data as RootData & { liveSince: number | null }).liveSince).toBe(41);
  });

  it("follows Accept-Language when it names a supported language", async () => {
    expect(((await loadRoot({ headers: { "accept-language": "en-GB,en;q=0.9" } })).data as RootData).locale).toBe("en");
    expect(((await loadRoot({ headers: { "accept-language": "fr-FR,fr;q=0.9" } })).data as RootData).locale).toBe("it");
  });

  it("prefers the fb_lng cookie to Accept-Language", async () => {
    const cookie = (await localeCookie.serialize("it")).split(";")[0]!;
    const result = await loadRoot({ cookie, headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect((result.data as RootData).locale).toBe("it");
  });

  it("prefers the person's saved language to Accept-Language and the cookie", async () => {
    const user = await createUser();
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, user.id));
    const session = await sessionCookie(user.id);
    const langCookie = (await localeCookie.serialize("it")).split(";")[0]!;
    const result = await loadRoot({
      cookie: `${session}; ${langCookie}`,
      headers: { "accept-language": "it-IT,it;q=0.9" },
    });
    const data = result.data as RootData;
    expect(data.locale).toBe("en");
    expect(data.user).toMatchObject({ id: user.id, name: user.name, email: user.email, role: "agent" });
  });

  it("uses Accept-Language for a signed-in person without a saved language", async () => {
    const user = await createUser();
    const result = await loadRoot({ cookie: await sessionCookie(user.id), headers: { "accept-language": "en" } });
    expect((result.data as RootData).locale).toBe("en");
  });

  it("records when a signed-in person was last seen", async () => {
    const user = await createUser();
    expect((await getUser(getDb(), user.id))?.lastSeenAt).toBeNull();
    await loadRoot({ cookie: await sessionCookie(user.id) });
    expect((await getUser(getDb(), user.id))?.lastSeenAt).toBeInstanceOf(Date);
  });

  it("sends a renewed session cookie when the session was extended", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 5 * DAY) })
      .where(eq(sessions.userId, user.id));
    const result = await loadRoot({ cookie });
    expect(cookiePair(result.headers.get("set-cookie"), "fb_session")).toBe(cookie);
    expect(result.headers.get("vary")).toBe("Cookie, Accept-Language");
  });

  it("blanks a cookie for a session that no longer exists", async () => {
    const result = await loadRoot({ cookie: "fb_session=gone" });
    expect((result.data as RootData).user).toBeNull();
    expect(result.headers.get("set-cookie")).toMatch(/^fb_session=;/);
  });
});
