import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "#app/routes/account";
import { action, loader } from "#app/routes/unsubscribe.$token";
import { deliverPendingEmails } from "#app/services/email/deliver.server";
import { notify } from "#app/services/notifications.server";
import { getUser } from "#app/services/users.server";
import { createLogger } from "#app/utils/logger.server";
import { getDb } from "#db/client.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";
import { startTestSmtpServer, type TestSmtpServer } from "#tests/support/smtp";
import { postItem } from "#tests/factories/items";

const quiet = createLogger({ json: false, level: "error", write: () => {} });
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.close();
});

/** A person who has had one email, so their unsubscribe link exists; returns the link's path. */
async function personWithEmail() {
  const user = await createUser();
  const item = await postItem(user.id);
  await notify(getDb(), [user.id], { type: "outcome_request", itemId: item.id });
  const result = await deliverPendingEmails(getDb(), new Date(), {
    smtpUrl: smtp.url,
    baseUrl: "http://localhost:3000",
    log: quiet,
  });
  expect(result.sent).toBe(1);
  const token = (await getUser(getDb(), user.id))?.unsubscribeToken;
  if (!token) throw new Error("no unsubscribe token");
  const mail = smtp.messages.find((message) => message.envelopeTo.includes(user.email));
  const path = `/unsubscribe/${token}`;
  expect(mail?.text).toContain(`http://localhost:3000${path}`);
  return { user, token, path };
}

function get(path: string, token: string, cookie?: string) {
  return runRoute(() => loader({ request: makeRequest(path, { cookie }), params: { token }, context: {} }));
}

function post(path: string, token: string, form: Record<string, string> = {}) {
  return runRoute(() =>
    action({ request: makeRequest(path, { method: "POST", form }), params: { token }, context: {} }),
  );
}

describe("unsubscribe link", () => {
  it("asks for confirmation on GET without signing in, and changes nothing", async () => {
    const { user, token, path } = await personWithEmail();
    const result = await get(path, token);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ alreadyOff: false });
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("each");
  });

  it("turns every email off on POST, and says so on the next visit", async () => {
    const { user, token, path } = await personWithEmail();
    const result = await post(path, token);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ done: true });
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("off");
    expect((await get(path, token)).data).toEqual({ alreadyOff: true });
  });

  it("accepts a one-click unsubscribe POST from a mail client (RFC 8058)", async () => {
    const { user, token, path } = await personWithEmail();
    const result = await post(path, token, { "List-Unsubscribe": "One-Click" });
    expect(result.status).toBe(200);
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("off");
  });

  it("only touches the link's owner", async () => {
    const first = await personWithEmail();
    const second = await personWithEmail();
    await post(first.path, first.token);
    expect((await getUser(getDb(), second.user.id))?.emailMode).toBe("each");
  });

  it.each([
    ["an unknown token", "A".repeat(43)],
    ["a malformed token", "not-a-token"],
    ["an empty token", ""],
  ])("is a 404 for %s, on GET and POST", async (_name, token) => {
    const { user } = await personWithEmail();
    const path = `/unsubscribe/${token}`;
    const got = await get(path, token);
    expect(got.status).toBe(404);
    expect(got.thrown).toBe(true);
    const posted = await post(path, token);
    expect(posted.status).toBe(404);
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("each");
  });
});

describe("email preference on the account page", () => {
  it("shows the current choice and saves a new one", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const before = await runRoute(() =>
      accountLoader({ request: makeRequest("/account", { cookie }), params: {}, context: {} }),
    );
    expect(before.data).toMatchObject({ emailMode: "each" });

    const saved = await runRoute(() =>
      accountAction({
        request: makeRequest("/account", {
          cookie,
          form: { intent: "profile", name: user.name, locale: "it", emailMode: "digest" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(saved.status).toBe(302);
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("digest");
    const after = await runRoute(() =>
      accountLoader({ request: makeRequest("/account", { cookie }), params: {}, context: {} }),
    );
    expect(after.data).toMatchObject({ emailMode: "digest" });
  });

  it("refuses an unknown choice and keeps the old one", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const result = await runRoute(() =>
      accountAction({
        request: makeRequest("/account", {
          cookie,
          form: { intent: "profile", name: user.name, locale: "it", emailMode: "hourly" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data)).toMatchObject({ emailMode: ["validation:choiceInvalid"] });
    expect((await getUser(getDb(), user.id))?.emailMode).toBe("each");
  });

  it("keeps the choice when a form leaves it out", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    await accountAction({
      request: makeRequest("/account", {
        cookie,
        form: { intent: "profile", name: user.name, locale: "it", emailMode: "off" },
      }),
      params: {},
      context: {},
    });
    await accountAction({
      request: makeRequest("/account", { cookie, form: { intent: "profile", name: "Nuovo Nome", locale: "en" } }),
      params: {},
      context: {},
    });
    expect(await getUser(getDb(), user.id)).toMatchObject({ name: "Nuovo Nome", emailMode: "off" });
  });
});
