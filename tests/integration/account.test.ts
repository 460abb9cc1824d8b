import { afterEach, describe, expect, it, vi } from "vitest";
import { action, loader } from "#app/routes/account";
import { localeCookie } from "#app/i18n/i18n.server";
import { getUser, touchLastSeen } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import * as envModule from "#app/utils/env.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("account page", () => {
  it("shows the profile and counts the other signed-in devices", async () => {
    const user = await createUser({ name: "Giulia Rossi", email: "giulia@example.it", role: "manager" });
    const cookie = await sessionCookie(user.id);
    await sessionCookie(user.id);
    await sessionCookie(user.id);
    const result = await runRoute(() =>
      loader({ request: makeRequest("/account?saved", { cookie }), params: {}, context: {} }),
    );
    expect(result.data).toEqual({
      name: "Giulia Rossi",
      email: "giulia@example.it",
      role: "manager",
      locale: "it",
      emailMode: "each",
      emailEnabled: false,
      otherSessions: 2,
      saved: true,
    });
  });

  it("says whether email can be sent at all: only with SMTP_URL", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const open = async () =>
      (await runRoute(() => loader({ request: makeRequest("/account", { cookie }), params: {}, context: {} })))
        .data as { emailEnabled: boolean };
    vi.spyOn(envModule, "getEnv").mockReturnValue(envModule.parseEnv({}));
    expect((await open()).emailEnabled).toBe(false);
    vi.spyOn(envModule, "getEnv").mockReturnValue(envModule.parseEnv({ SMTP_URL: "smtp://mail.example.it:587" }));
    expect((await open()).emailEnabled).toBe(true);
  });

  it("saves name and language, and sets the language cookie", async () => {
    const user = await createUser({ name: "Giulia Rossi" });
    const cookie = await sessionCookie(user.id);
    const result = await runRoute(() =>
      action({
        request: makeRequest("/account", {
          cookie,
          form: { intent: "profile", name: "  Giulia Maria Rossi ", locale: "en" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe("/account?saved");
    expect(await localeCookie.parse(result.headers.get("set-cookie"))).toBe("en");
    expect(await getUser(getDb(), user.id)).toMatchObject({ name: "Giulia Maria Rossi", locale: "en" });
  });

  it("returns field errors for a bad name or language", async () => {
    const user = await createUser({ name: "Giulia Rossi" });
    const cookie = await sessionCookie(user.id);
    const result = await runRoute(() =>
      action({
        request: makeRequest("/account", { cookie, form: { intent: "profile", name: "G", locale: "de" } }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data)).toMatchObject({
      name: ["validation:nameLength"],
      locale: ["validation:localeInvalid"],
    });
    expect((await getUser(getDb(), user.id))?.name).toBe("Giulia Rossi");
  });
});

describe("touchLastSeen", () => {
  it("writes at most once a minute", async () => {
    const user = await createUser();
    const first = new Date("2026-03-02T09:00:00Z");
    await touchLastSeen(getDb(), user.id, first);
    await touchLastSeen(getDb(), user.id, new Date(first.getTime() + 30_000));
    expect((await getUser(getDb(), user.id))?.lastSeenAt?.getTime()).toBe(first.getTime());
    const later = new Date(first.getTime() + 61_000);
    await touchLastSeen(getDb(), user.id, later);
    expect((await getUser(getDb(), user.id))?.lastSeenAt?.getTime()).toBe(later.getTime());
  });
});
