import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { currentSessionUser } from "#app/auth/session.server";
import { loader as eventsLoader } from "#app/routes/api.v1.events";
import { action as logoutAction } from "#app/routes/logout";
import { LiveHub, closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { MAX_STREAMS_PER_HOLDER, openEventStream } from "#app/services/live/stream.server";
import { setUserActive, updateUserRoleAndTeam } from "#app/services/users.server";
import { getDatabaseHandle, getDb } from "#db/client.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { readSse, requestEventStream, streamRequest } from "#tests/support/sse";
import { makeRequest, runRoute } from "#tests/support/routes";

const hubs: LiveHub[] = [];
const aborts: AbortController[] = [];

afterEach(async () => {
  for (const controller of aborts.splice(0)) controller.abort();
  for (const hub of hubs.splice(0)) await hub.close();
  await closeLiveHub();
});

/** An open stream for this cookie, read past its `ready` event. */
async function openStream(cookie: string) {
  const controller = new AbortController();
  aborts.push(controller);
  const response = await requestEventStream({ cookie, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = readSse(response, 3_000);
  expect((await reader.next()).event).toBe("ready");
  return { reader, controller };
}

/** The item posted after the change: a stream still open would receive its title. */
async function postAfter(title: string) {
  const author = await createUser();
  await postItem(author.id, { title });
  await getLiveHub().flush();
}

async function expectEnded(reader: ReturnType<typeof readSse>) {
  await expect(reader.next()).rejects.toThrow("stream ended");
}

describe("an open live stream", () => {
  it("ends when its session signs out, while the person's other sessions keep theirs", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const otherDevice = await sessionCookie(agent.id);
    const mine = await openStream(cookie);
    const other = await openStream(otherDevice);

    const out = await runRoute(() =>
      logoutAction({ request: makeRequest("/logout", { cookie, form: {} }), params: {}, context: {} }),
    );
    expect(out.status).toBe(302);
    await postAfter("Titolo dopo l'uscita");
    await expectEnded(mine.reader);
    expect(JSON.parse((await other.reader.next()).data)).toMatchObject({
      type: "item.created",
      title: "Titolo dopo l'uscita",
    });
  });

  it("ends on 'sign out everywhere', on every device, before any later event reaches it", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const streams = [await openStream(cookie), await openStream(await sessionCookie(agent.id))];
    await runRoute(() =>
      logoutAction({
        request: makeRequest("/logout", { cookie, form: { scope: "everywhere" } }),
        params: {},
        context: {},
      }),
    );
    await postAfter("Segreto dopo l'uscita ovunque");
    for (const stream of streams) await expectEnded(stream.reader);
  });

  it("ends when its person is deactivated", async () => {
    const admin = await createUser({ role: "admin" });
    const agent = await createUser();
    const stream = await openStream(await sessionCookie(agent.id));
    expect(await setUserActive(getDb(), admin, { userId: agent.id, active: false })).toEqual({ ok: true });
    await postAfter("Dopo la disattivazione");
    await expectEnded(stream.reader);
  });

  it("closes on a role change, so the page reconnects under the new role; other people's changes leave it alone", async () => {
    const admin = await createUser({ role: "admin" });
    const agent = await createUser();
    const bystander = await createUser();
    const cookie = await sessionCookie(agent.id);
    const stream = await openStream(cookie);
    await updateUserRoleAndTeam(getDb(), admin, { userId: bystander.id, role: "manager", teamId: null });
    await postAfter("Visto prima del cambio");
    expect(JSON.parse((await stream.reader.next()).data)).toMatchObject({
      type: "item.created",
      title: "Visto prima del cambio",
    });

    await updateUserRoleAndTeam(getDb(), admin, { userId: agent.id, role: "manager", teamId: null });
    await postAfter("Dopo il cambio di ruolo");
    await expectEnded(stream.reader);
    // The session itself lives on: the reconnection is welcome.
    const again = await openStream(cookie);
    await postAfter("Con il nuovo ruolo");
    expect(JSON.parse((await again.reader.next()).data)).toMatchObject({
      type: "item.created",
      title: "Con il nuovo ruolo",
    });
  });

  it("ends in another app instance too: each hub hears the end through the database", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const sessionId = cookie.split("=")[1]!;
    // A second process's hub, with its own LISTEN.
    const elsewhere = new LiveHub(getDatabaseHandle());
    hubs.push(elsewhere);
    const controller = new AbortController();
    aborts.push(controller);
    const response = await openEventStream({
      hub: elsewhere,
      db: getDb(),
      audience: { kind: "user", userId: agent.id },
      request: streamRequest("/api/v1/events", { signal: controller.signal }),
      recheck: async () => (await currentSessionUser(sessionId))?.role === "agent",
    });
    const reader = readSse(response, 3_000);
    expect((await reader.next()).event).toBe("ready");
    await runRoute(() =>
      logoutAction({ request: makeRequest("/logout", { cookie, form: {} }), params: {}, context: {} }),
    );
    const author = await createUser();
    await postItem(author.id, { title: "Altrove, dopo l'uscita" });
    await elsewhere.flush();
    await expectEnded(reader);
  });
});

/** A full garbage collection, as the server's heap would have run by the time a client goes away. */
async function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("a live stream whose client goes away", () => {
  it("ends and frees its place even after its Request object was garbage-collected", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const controller = new AbortController();
    const response = await requestEventStream({ cookie, signal: controller.signal });
    const reader = readSse(response, 3_000);
    expect((await reader.next()).event).toBe("ready");

    await collectGarbage();
    controller.abort();
    await expectEnded(reader);
  });
});

describe("live streams per session", () => {
  it(`are capped at ${MAX_STREAMS_PER_HOLDER}: one more is refused with 429, and a closed one frees its place`, async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const open = [];
    for (let i = 0; i < MAX_STREAMS_PER_HOLDER; i += 1) open.push(await openStream(cookie));
    const refused = (await eventsLoader({
      request: makeRequest("/api/v1/events", { cookie }),
      params: {},
      context: {},
    })) as Response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("too_many_streams");
    // Another session of the same person has its own allowance.
    await openStream(await sessionCookie(agent.id));

    open[0]!.controller.abort();
    await openStream(cookie);
  });
});
