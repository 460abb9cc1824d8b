import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb, type Database } from "#db/client.server";
import { comments, events } from "#db/schema/index";
import { loader as eventsLoader } from "#app/routes/api.v1.events";
import { addComment, deleteComment, editComment, setCommentHidden } from "#app/services/comments.server";
import { createDisplay } from "#app/services/displays.server";
import { eventBounds } from "#app/services/events.server";
import { closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { setVote } from "#app/services/votes.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { readSse, requestEventStream, streamRequest } from "#tests/support/sse";
import { displayInput } from "#tests/factories/displays";

afterEach(async () => {
  await closeLiveHub();
});

const changeTypes = ["comment.edited", "comment.deleted", "comment.hidden", "comment.unhidden"];

async function commentChangeEvents() {
  return getDb().select().from(events).where(inArray(events.type, changeTypes)).orderBy(events.id);
}

async function itemWithComment(body = "Il cliente ha chiamato tre volte", at = new Date()) {
  const author = await createUser({ name: "Sara Esposito" });
  const item = await postItem(author.id);
  const added = await addComment(getDb(), author, { itemId: item.id, body }, at);
  if (!added.ok) throw new Error("comment failed");
  return { author, item, commentId: added.commentId };
}

describe("changes to a comment write one event each, in the same transaction", () => {
  it("records an edit, with the comment and the count but not the text", async () => {
    const at = new Date("2026-11-22T10:00:00Z");
    const { author, item, commentId } = await itemWithComment("Prima versione", at);
    const reader = await createUser();
    expect(await editComment(getDb(), reader, commentId, "Non mio", at)).toMatchObject({ ok: false });
    expect(await editComment(getDb(), author, commentId, "Tardi", new Date("2026-11-22T10:16:00Z"))).toMatchObject({
      ok: false,
    });
    expect(await commentChangeEvents()).toHaveLength(0);

    expect(
      await editComment(getDb(), author, commentId, "Seconda versione", new Date("2026-11-22T10:05:00Z")),
    ).toMatchObject({ ok: true });
    const recorded = await commentChangeEvents();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ type: "comment.edited", itemId: item.id, commentId });
    expect(recorded[0]?.payload).toEqual({ id: item.id, number: item.number, commentId, comments: 1 });
    expect(JSON.stringify(recorded)).not.toMatch(/versione|Sara/);
  });

  it("records a deletion once, with the new count", async () => {
    const { author, item, commentId } = await itemWithComment();
    expect(await deleteComment(getDb(), author, commentId)).toMatchObject({ ok: true });
    expect(await deleteComment(getDb(), author, commentId)).toMatchObject({ ok: false, error: "notFound" });
    const recorded = await commentChangeEvents();
    expect(recorded.map((event) => event.type)).toEqual(["comment.deleted"]);
    expect(recorded[0]?.payload).toEqual({ id: item.id, number: item.number, commentId, comments: 0 });
  });

  it("records hiding once (not the reason), and showing again", async () => {
    const { item, commentId } = await itemWithComment();
    const moderator = await createUser({ role: "manager" });
    await setCommentHidden(getDb(), moderator, commentId, { reason: "Dati personali di un cliente" });
    // Hiding what is already hidden changes nothing, so it says nothing.
    await setCommentHidden(getDb(), moderator, commentId, { reason: "Di nuovo" });
    let recorded = await commentChangeEvents();
    expect(recorded.map((event) => event.type)).toEqual(["comment.hidden"]);
    expect(recorded[0]?.payload).toEqual({ id: item.id, number: item.number, commentId, comments: 0 });
    expect(JSON.stringify(recorded)).not.toMatch(/Dati personali|cliente/);

    await setCommentHidden(getDb(), moderator, commentId, null);
    recorded = await commentChangeEvents();
    expect(recorded.map((event) => event.type)).toEqual(["comment.hidden", "comment.unhidden"]);
    expect(recorded[1]?.payload).toMatchObject({ comments: 1 });
  });

  it("writes no event when the change is rolled back", async () => {
    const { author, commentId } = await itemWithComment("Testo originale");
    const moderator = await createUser({ role: "manager" });
    const changes = [
      (db: Database) => editComment(db, author, commentId, "Testo cambiato"),
      (db: Database) => setCommentHidden(db, moderator, commentId, { reason: "Fuori tema" }),
      (db: Database) => deleteComment(db, author, commentId),
    ];
    for (const change of changes) {
      await expect(
        getDb().transaction(async (tx) => {
          expect(await change(tx)).toMatchObject({ ok: true });
          // The change and its event were written together; the caller then fails.
          expect((await tx.select().from(events).where(inArray(events.type, changeTypes))).length).toBe(1);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
    }
    expect(await commentChangeEvents()).toHaveLength(0);
    const [comment] = await getDb().select().from(comments).where(eq(comments.id, commentId));
    expect(comment).toMatchObject({ body: "Testo originale", editedAt: null, hiddenAt: null, deletedAt: null });
  });
});

describe("comment events on the stream", () => {
  async function openUserStream(userId: string, lastEventId: number, signal: AbortSignal) {
    const cookie = await sessionCookie(userId);
    return readSse(await requestEventStream({ cookie, lastEventId, signal }));
  }

  /** Every event up to the closing vote, which marks the end of the scene. */
  async function readUntilVote(reader: ReturnType<typeof readSse>) {
    const got: { data: Record<string, unknown>; raw: string }[] = [];
    for (;;) {
      const event = await reader.next();
      const data = JSON.parse(event.data) as Record<string, unknown>;
      if (data.type === "item.voted") return got;
      got.push({ data, raw: event.raw });
    }
  }

  it("tell everyone that a comment was hidden or deleted, never what it said, and only the edits of visible ones", async () => {
    const author = await createUser({ name: "Sara Esposito" });
    const moderator = await createUser({ role: "manager" });
    const agent = await createUser();
    const item = await postItem(author.id, { anonymous: true, title: "Anonima" });
    const start = (await eventBounds(getDb())).newest;
    const hide = await addComment(getDb(), author, { itemId: item.id, body: "Numero del cliente 333 1234567" });
    const remove = await addComment(getDb(), author, { itemId: item.id, body: "Scritto per sbaglio" });
    const keep = await addComment(getDb(), author, { itemId: item.id, body: "Resta visibile" });
    if (!hide.ok || !remove.ok || !keep.ok) throw new Error("comments failed");
    await editComment(getDb(), author, hide.commentId, "Numero del cliente 333 7654321, corretto");
    await editComment(getDb(), author, keep.commentId, "Resta visibile, rivisto");
    await setCommentHidden(getDb(), moderator, hide.commentId, { reason: "Dati personali" });
    await deleteComment(getDb(), author, remove.commentId);
    await setVote(getDb(), agent.id, item.id, true);

    for (const viewer of [agent, moderator]) {
      const controller = new AbortController();
      const got = await readUntilVote(await openUserStream(viewer.id, start, controller.signal));
      controller.abort();
      expect(got.map((event) => [event.data.type, event.data.commentId])).toEqual([
        ["comment.created", keep.commentId],
        ["comment.edited", keep.commentId],
        ["comment.hidden", hide.commentId],
        ["comment.deleted", remove.commentId],
      ]);
      expect(got[2]?.data).toEqual({
        type: "comment.hidden",
        id: item.id,
        number: item.number,
        commentId: hide.commentId,
        comments: 2,
      });
      expect(got[3]?.data).toEqual({
        type: "comment.deleted",
        id: item.id,
        number: item.number,
        commentId: remove.commentId,
        comments: 1,
      });
      const raw = got.map((event) => event.raw).join("\n");
      expect(raw).not.toMatch(/cliente|sbaglio|Resta|Dati personali|Sara/);
    }
  });

  it("delivers a hide live to an open page", async () => {
    const { item, commentId } = await itemWithComment();
    const moderator = await createUser({ role: "manager" });
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const controller = new AbortController();
    const reader = readSse(await requestEventStream({ cookie, signal: controller.signal }));
    expect((await reader.next()).event).toBe("ready");
    await setCommentHidden(getDb(), moderator, commentId, { reason: "Fuori tema" });
    await getLiveHub().flush();
    const live = await reader.next();
    controller.abort();
    expect(JSON.parse(live.data)).toEqual({
      type: "comment.hidden",
      id: item.id,
      number: item.number,
      commentId,
      comments: 0,
    });
  });

  it("sends no comment event to a wall display", async () => {
    const admin = await createUser({ role: "admin" });
    const { token } = await createDisplay(getDb(), admin, displayInput({ name: "TV" }));
    const at = new Date();
    const { author, item, commentId } = await itemWithComment("Testo", at);
    const other = await addComment(getDb(), author, { itemId: item.id, body: "Altro" });
    if (!other.ok) throw new Error("comment failed");
    const start = (await eventBounds(getDb())).newest;
    const moderator = await createUser({ role: "manager" });
    await editComment(getDb(), author, commentId, "Testo rivisto");
    await setCommentHidden(getDb(), moderator, commentId, { reason: "Fuori tema" });
    await setCommentHidden(getDb(), moderator, commentId, null);
    await deleteComment(getDb(), author, other.commentId);
    await setVote(getDb(), moderator.id, item.id, true);

    const controller = new AbortController();
    const reader = readSse(
      (await eventsLoader({
        request: streamRequest(`/api/v1/events?display=${token}`, { signal: controller.signal, lastEventId: start }),
        params: {},
        context: {},
      })) as Response,
    );
    const got = await readUntilVote(reader);
    controller.abort();
    expect(got).toEqual([]);
  });
});
