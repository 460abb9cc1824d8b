import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { notifications } from "#db/schema/index";
import { addComment, deleteComment, editComment, listComments, setCommentHidden } from "#app/services/comments.server";
import { listNotifications, markRead, unreadCount } from "#app/services/notifications.server";
import { setFollow } from "#app/services/votes.server";
import { createUser } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";

describe("comments", () => {
  it("notify followers, the parent's author on a reply, and mentioned people once each", async () => {
    const author = await createUser({ name: "Sara Esposito" });
    const follower = await createUser();
    const mentioned = await createUser({ name: "Marco Bianchi" });
    const commenter = await createUser();
    const item = await postItem(author.id);
    await setFollow(getDb(), follower.id, item.id, true);

    const first = await addComment(getDb(), commenter, {
      itemId: item.id,
      body: "Ne parlo con @marco.bianchi domani.",
    });
    expect(first.ok).toBe(true);
    const byUser = async (userId: string) =>
      (
        await getDb()
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.itemId, item.id)))
      ).map((row) => row.type);
    expect(await byUser(mentioned.id)).toEqual(["mention"]);
    expect(await byUser(author.id)).toEqual(["comment"]);
    expect(await byUser(follower.id)).toEqual(["comment"]);
    expect(await byUser(commenter.id)).toEqual([]);

    if (!first.ok) return;
    await addComment(getDb(), author, { itemId: item.id, body: "Grazie!", parentId: first.commentId });
    expect(await byUser(commenter.id)).toEqual(["reply"]);
  });

  it("allow one level of replies only, on the same item", async () => {
    const user = await createUser();
    const item = await postItem(user.id);
    const other = await postItem(user.id);
    const top = await addComment(getDb(), user, { itemId: item.id, body: "Primo" });
    if (!top.ok) throw new Error("comment failed");
    const reply = await addComment(getDb(), user, { itemId: item.id, body: "Risposta", parentId: top.commentId });
    if (!reply.ok) throw new Error("reply failed");
    expect(
      await addComment(getDb(), user, { itemId: item.id, body: "Troppo in fondo", parentId: reply.commentId }),
    ).toEqual({ ok: false, error: "parentInvalid" });
    expect(
      await addComment(getDb(), user, { itemId: other.id, body: "Altro elemento", parentId: top.commentId }),
    ).toEqual({ ok: false, error: "parentInvalid" });
  });

  it("can be edited by their author for 15 minutes, deleted to a tombstone, and hidden by moderators", async () => {
    const author = await createUser();
    const moderator = await createUser({ role: "manager" });
    const reader = await createUser();
    const item = await postItem(author.id);
    const at = new Date("2026-11-22T10:00:00Z");
    const created = await addComment(getDb(), author, { itemId: item.id, body: "Versione uno" }, at);
    if (!created.ok) throw new Error("comment failed");
    expect(await editComment(getDb(), reader, created.commentId, "Non mio", new Date("2026-11-22T10:05:00Z"))).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(
      await editComment(getDb(), author, created.commentId, "Versione due", new Date("2026-11-22T10:14:00Z")),
    ).toMatchObject({ ok: true });
    expect(
      await editComment(getDb(), author, created.commentId, "Versione tre", new Date("2026-11-22T10:16:00Z")),
    ).toEqual({ ok: false, error: "editWindowClosed" });
    expect((await listComments(getDb(), { id: reader.id, canModerate: false }, item.id))[0]).toMatchObject({
      body: "Versione due",
      edited: true,
      state: "visible",
    });

    await setCommentHidden(getDb(), moderator, created.commentId, { reason: "Dati personali di un cliente" });
    expect((await listComments(getDb(), { id: reader.id, canModerate: false }, item.id))[0]).toMatchObject({
      state: "hidden",
      body: "",
      hiddenReason: null,
    });
    expect((await listComments(getDb(), { id: moderator.id, canModerate: true }, item.id))[0]).toMatchObject({
      state: "hidden",
      body: "Versione due",
      hiddenReason: "Dati personali di un cliente",
    });
    // Hidden text stays as the moderator found it, even within the edit window.
    expect(
      await editComment(getDb(), author, created.commentId, "Versione ripulita", new Date("2026-11-22T10:01:00Z")),
    ).toEqual({
      ok: false,
      error: "commentHidden",
    });
    expect((await listComments(getDb(), { id: moderator.id, canModerate: true }, item.id))[0]).toMatchObject({
      body: "Versione due",
    });

    expect(await deleteComment(getDb(), author, created.commentId)).toMatchObject({ ok: true });
    const [tombstone] = await listComments(getDb(), { id: moderator.id, canModerate: true }, item.id);
    expect(tombstone).toMatchObject({ state: "deleted", body: "", authorName: null });
  });
});

describe("notifications", () => {
  it("count unread, list newest first and mark read only the owner's rows", async () => {
    const author = await createUser();
    const commenter = await createUser();
    const item = await postItem(author.id);
    await addComment(getDb(), commenter, { itemId: item.id, body: "Uno" });
    await addComment(getDb(), commenter, { itemId: item.id, body: "Due" });
    expect(await unreadCount(getDb(), author.id)).toBe(2);
    const { notifications: list } = await listNotifications(getDb(), author.id);
    expect(list).toHaveLength(2);
    await markRead(getDb(), commenter.id, [list[0]!.id]);
    expect(await unreadCount(getDb(), author.id)).toBe(2);
    await markRead(getDb(), author.id, [list[0]!.id]);
    expect(await unreadCount(getDb(), author.id)).toBe(1);
    await markRead(getDb(), author.id, "all");
    expect(await unreadCount(getDb(), author.id)).toBe(0);
  });
});
