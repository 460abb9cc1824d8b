import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb } from "#db/client.server";
import { events, items } from "#db/schema/index";
import { loader as eventsLoader } from "#app/routes/api.v1.events";
import { addComment, setCommentHidden } from "#app/services/comments.server";
import { EVENTS_CHANNEL, loadEventsAfter, pruneEvents, recordEvent } from "#app/services/events.server";
import { closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { setVote } from "#app/services/votes.server";
import { changeStatus } from "#app/services/status.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { readSse, requestEventStream } from "#tests/support/sse";
import { makeRequest } from "#tests/support/routes";

afterEach(async () => {
  await closeLiveHub();
});

async function allEvents() {
  return getDb().select().from(events).orderBy(events.id);
}

describe("events are written with the change", () => {
  it("records a vote with the item's id, number and the new count", async () => {
    const author = await createUser();
    const voter = await createUser();
    const item = await postItem(author.id);
    await setVote(getDb(), voter.id, item.id, true);
    const voted = (await allEvents()).filter((event) => event.type === "item.voted");
    expect(voted).toHaveLength(1);
    expect(voted[0]?.payload).toEqual({ id: item.id, number: item.number, votes: 1 });
  });

  it("writes no event (and sends no notification) for a rolled-back change", async () => {
    const handle = getDatabaseHandle();
    const heard: string[] = [];
    const stop =
      handle.driver === "postgres"
        ? await handle.client.listen(EVENTS_CHANNEL, (payload) => heard.push(payload)).then((l) => () => l.unlisten())
        : await handle.client.listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
    try {
      const author = await createUser();
      const item = await postItem(author.id);
      const before = (await allEvents()).length;
      const beforeMax = (await allEvents()).at(-1)?.id ?? 0;
      await expect(
        getDb().transaction(async (tx) => {
          await tx
            .update(items)
            .set({ voteCount: sql`${items.voteCount} + 1` })
            .where(eq(items.id, item.id));
          await recordEvent(tx, {
            type: "item.voted",
            itemId: item.id,
            payload: { id: item.id, number: item.number, votes: 1 },
          });
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      const committedId = await getDb().transaction((tx) =>
        recordEvent(tx, { type: "item.updated", itemId: item.id, payload: { id: item.id, number: item.number } }),
      );
      await waitFor(() => heard.includes(String(committedId)));
      expect(await allEvents()).toHaveLength(before + 1);
      // Only the committed id is announced; the rolled-back one never is.
      expect(heard.map(Number).filter((id) => id > beforeMax)).toEqual([committedId]);
    } finally {
      await stop();
    }
  });

  it("names no anonymous author in any event", async () => {
    const author = await createUser({ name: "Giulia Segreta" });
    await postItem(author.id, { anonymous: true, title: "Anonima" });
    await postItem(author.id, { anonymous: false, title: "Firmata" });
    const created = (await allEvents()).filter((event) => event.type === "item.created");
    expect(created.map((event) => event.payload.authorName)).toEqual([null, "Giulia Segreta"]);
    expect(JSON.stringify(created[0])).not.toContain("Giulia");
  });

  it("prunes events older than seven days", async () => {
    const author = await createUser();
    await postItem(author.id);
    const now = new Date();
    await getDb()
      .update(events)
      .set({ createdAt: new Date(now.getTime() - 8 * 24 * 60 * 60 * 1000) });
    const author2 = await createUser();
    await postItem(author2.id);
    expect(await pruneEvents(getDb(), now)).toBe(1);
    expect(await allEvents()).toHaveLength(1);
  });
});

describe("the event stream", () => {
  it("refuses anonymous callers and bad Last-Event-ID values", async () => {
    const anonymous = await eventsLoader({ request: makeRequest("/api/v1/events"), params: {}, context: {} });
    expect((anonymous as Response).status).toBe(401);
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const bad = await eventsLoader({
      request: makeRequest("/api/v1/events", { cookie, headers: { "last-event-id": "abc" } }),
      params: {},
      context: {},
    });
    expect((bad as Response).status).toBe(400);
  });

  it("sends live events to a signed-in agent, then replays what was missed after Last-Event-ID", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const author = await createUser();
    const item = await postItem(author.id);

    const controller = new AbortController();
    const response = await requestEventStream({ cookie, signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const reader = readSse(response);
    const ready = await reader.next();
    expect(ready.event).toBe("ready");

    await setVote(getDb(), agent.id, item.id, true);
    await getLiveHub().flush();
    const live = await reader.next();
    expect(JSON.parse(live.data)).toEqual({ type: "item.voted", id: item.id, number: item.number, votes: 1 });
    const seenId = Number(live.id);
    controller.abort();

    // Away: two more votes and a status change.
    const other = await createUser();
    const third = await createUser();
    await setVote(getDb(), other.id, item.id, true);
    await setVote(getDb(), third.id, item.id, true);
    const manager = await createUser({ role: "manager" });
    await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: null,
      ownerId: null,
      targetDate: null,
    });

    const again = new AbortController();
    const replay = await requestEventStream({ cookie, lastEventId: seenId, signal: again.signal });
    const replayed = readSse(replay);
    const got = [await replayed.next(), await replayed.next(), await replayed.next()];
    again.abort();
    expect(got.map((event) => JSON.parse(event.data).type)).toEqual(["item.voted", "item.voted", "item.status"]);
    expect(got.map((event) => JSON.parse(event.data).votes)).toEqual([2, 3, 3]);
    const ids = got.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(seenId);
  });

  it("opened at the page's cursor, sends what comes after it and nothing before", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const item = await postItem((await createUser()).id);
    const hub = getLiveHub();
    await hub.start();
    await setVote(getDb(), (await createUser()).id, item.id, true);
    await hub.flush();
    // The cursor a page rendered now would carry: the stream has nothing to replay.
    const renderedAt = hub.startedCursor;
    expect(renderedAt).toBeGreaterThan(0);

    const controller = new AbortController();
    const response = await requestEventStream({ cookie, lastEventId: renderedAt, signal: controller.signal });
    const reader = readSse(response);
    await setVote(getDb(), (await createUser()).id, item.id, true);
    await hub.flush();
    const next = await reader.next();
    controller.abort();
    expect(JSON.parse(next.data)).toEqual({ type: "item.voted", id: item.id, number: item.number, votes: 2 });
    expect(Number(next.id)).toBeGreaterThan(renderedAt!);
  });

  it("never delivers a comment that has been hidden", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const author = await createUser();
    const moderator = await createUser({ role: "manager" });
    const item = await postItem(author.id);
    const [first] = await loadEventsAfter(getDb(), 0);
    const hidden = await addComment(getDb(), author, { itemId: item.id, body: "da nascondere" });
    const kept = await addComment(getDb(), author, { itemId: item.id, body: "resta" });
    if (!hidden.ok || !kept.ok) throw new Error("comments failed");
    await setCommentHidden(getDb(), moderator, hidden.commentId, { reason: "off topic" });

    const controller = new AbortController();
    const response = await requestEventStream({ cookie, lastEventId: first?.id ?? 0, signal: controller.signal });
    const reader = readSse(response);
    const event = await reader.next();
    controller.abort();
    const data = JSON.parse(event.data);
    expect(data).toMatchObject({ type: "comment.created", commentId: kept.commentId, number: item.number });
    expect(event.raw).not.toContain(hidden.commentId);
    expect(event.raw).not.toContain("resta");
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
