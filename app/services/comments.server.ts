import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { comments, follows, items, users } from "#db/schema/index";
import { extractMentions } from "#app/utils/handle";
import { itemEvent, recordEvent } from "./events.server";
import { followerIds, notify } from "./notifications.server";

const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

export type CommentResult =
  | { ok: true; commentId: string }
  | { ok: false; error: "notFound" | "parentInvalid" | "forbidden" | "editWindowClosed" | "commentHidden" };

/**
 * Adds a comment or a reply. Followers hear about it, the parent's author hears about a
 * reply, and every @mentioned person gets a mention (and nothing else for the same comment).
 */
export async function addComment(
  db: Database,
  author: { id: string },
  input: { itemId: string; body: string; parentId?: string | null },
  now = new Date(),
): Promise<CommentResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: items.id, number: items.number, teamId: items.teamId, tags: items.tags })
      .from(items)
      .where(eq(items.id, input.itemId))
      .limit(1);
    if (!item) return { ok: false, error: "notFound" } as const;
    let parentAuthorId: string | null = null;
    if (input.parentId) {
      const [parent] = await tx
        .select({ itemId: comments.itemId, parentId: comments.parentId, authorId: comments.authorId })
        .from(comments)
        .where(eq(comments.id, input.parentId))
        .limit(1);
      // Replies are one level deep and stay on the same item.
      if (!parent || parent.itemId !== input.itemId || parent.parentId)
        return { ok: false, error: "parentInvalid" } as const;
      parentAuthorId = parent.authorId;
    }
    const [comment] = await tx
      .insert(comments)
      .values({
        itemId: input.itemId,
        authorId: author.id,
        parentId: input.parentId ?? null,
        body: input.body,
        createdAt: now,
      })
      .returning({ id: comments.id });
    if (!comment) throw new Error("insert returned no row");
    const [counted] = await tx
      .update(items)
      .set({ commentCount: sql`${items.commentCount} + 1` })
      .where(eq(items.id, input.itemId))
      .returning({ commentCount: items.commentCount });
    await tx.insert(follows).values({ itemId: input.itemId, userId: author.id }).onConflictDoNothing();

    const mentioned = await resolveMentions(tx, extractMentions(input.body));
    const base = { itemId: input.itemId, commentId: comment.id, actorId: author.id };
    const told = new Set<string>([author.id]);
    await notify(
      tx,
      mentioned.filter((id) => !told.has(id)),
      { ...base, type: "mention" },
      { now },
    );
    mentioned.forEach((id) => told.add(id));
    if (parentAuthorId && !told.has(parentAuthorId)) {
      await notify(tx, [parentAuthorId], { ...base, type: "reply" }, { now });
      told.add(parentAuthorId);
    }
    const followers = (await followerIds(tx, input.itemId)).filter((id) => !told.has(id));
    await notify(tx, followers, { ...base, type: "comment" }, { now });
    await recordEvent(tx, {
      ...itemEvent("comment.created", item, { commentId: comment.id, comments: counted?.commentCount ?? null }),
      commentId: comment.id,
    });
    return { ok: true, commentId: comment.id } as const;
  });
}

async function resolveMentions(db: Queryable, handles: string[]): Promise<string[]> {
  if (handles.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(sql`lower(${users.handle})`, handles), isNull(users.deactivatedAt)));
  return rows.map((row) => row.id);
}

/** Authors may edit for 15 minutes; the comment is then marked "edited". */
export async function editComment(
  db: Database,
  author: { id: string },
  commentId: string,
  body: string,
  now = new Date(),
): Promise<CommentResult> {
  return db.transaction(async (tx) => {
    const [comment] = await tx.select().from(comments).where(eq(comments.id, commentId)).for("update").limit(1);
    if (!comment || comment.deletedAt) return { ok: false, error: "notFound" } as const;
    if (comment.authorId !== author.id) return { ok: false, error: "forbidden" } as const;
    if (now.getTime() - comment.createdAt.getTime() > COMMENT_EDIT_WINDOW_MS)
      return { ok: false, error: "editWindowClosed" } as const;
    // Editing would change what a moderator hid, and unhiding would then show unreviewed text.
    if (comment.hiddenAt) return { ok: false, error: "commentHidden" } as const;
    await tx
      .update(comments)
      .set({ body, editedAt: now })
      .where(and(eq(comments.id, commentId), eq(comments.authorId, author.id)));
    await recordCommentEvent(tx, "comment.edited", comment);
    return { ok: true, commentId } as const;
  });
}

/** Deleting leaves a tombstone in the thread; the text itself is removed. */
export async function deleteComment(
  db: Database,
  author: { id: string },
  commentId: string,
  now = new Date(),
): Promise<CommentResult> {
  return db.transaction(async (tx) => {
    const [comment] = await tx.select().from(comments).where(eq(comments.id, commentId)).for("update").limit(1);
    if (!comment || comment.deletedAt) return { ok: false, error: "notFound" } as const;
    if (comment.authorId !== author.id) return { ok: false, error: "forbidden" } as const;
    await tx
      .update(comments)
      .set({ deletedAt: now, body: "" })
      .where(and(eq(comments.id, commentId), eq(comments.authorId, author.id)));
    if (!comment.hiddenAt) {
      await tx
        .update(items)
        .set({ commentCount: sql`greatest(${items.commentCount} - 1, 0)` })
        .where(eq(items.id, comment.itemId));
    }
    await recordCommentEvent(tx, "comment.deleted", comment);
    return { ok: true, commentId } as const;
  });
}

/** Moderators hide a comment with a reason (kept, so it can be shown again). */
export async function setCommentHidden(
  db: Database,
  moderator: { id: string },
  commentId: string,
  hidden: { reason: string } | null,
  now = new Date(),
): Promise<CommentResult> {
  return db.transaction(async (tx) => {
    const [comment] = await tx.select().from(comments).where(eq(comments.id, commentId)).for("update").limit(1);
    if (!comment || comment.deletedAt) return { ok: false, error: "notFound" } as const;
    const wasHidden = Boolean(comment.hiddenAt);
    if (wasHidden === Boolean(hidden)) return { ok: true, commentId } as const;
    await tx
      .update(comments)
      .set(
        hidden
          ? { hiddenAt: now, hiddenById: moderator.id, hiddenReason: hidden.reason }
          : { hiddenAt: null, hiddenById: null, hiddenReason: null },
      )
      .where(eq(comments.id, commentId));
    await tx
      .update(items)
      .set({ commentCount: sql`greatest(${items.commentCount} ${hidden ? sql`- 1` : sql`+ 1`}, 0)` })
      .where(eq(items.id, comment.itemId));
    await recordCommentEvent(tx, hidden ? "comment.hidden" : "comment.unhidden", comment);
    return { ok: true, commentId } as const;
  });
}

/**
 * The event of a change to an existing comment: which comment and the item's new count of
 * visible comments. Never the text, the author or a moderator's reason: clients reload the
 * thread through the item page, which applies the viewer's permissions.
 */
async function recordCommentEvent(
  tx: Queryable,
  type: "comment.edited" | "comment.deleted" | "comment.hidden" | "comment.unhidden",
  comment: { id: string; itemId: string },
): Promise<void> {
  const [item] = await tx
    .select({
      id: items.id,
      number: items.number,
      teamId: items.teamId,
      tags: items.tags,
      commentCount: items.commentCount,
    })
    .from(items)
    .where(eq(items.id, comment.itemId))
    .limit(1);
  if (!item) throw new Error("comment without its item");
  await recordEvent(tx, {
    ...itemEvent(type, item, { commentId: comment.id, comments: item.commentCount }),
    commentId: comment.id,
  });
}

/** The thread as a viewer sees it: tombstones and hidden comments carry no text. */
export async function listComments(
  db: Queryable,
  viewer: { id: string; canModerate: boolean },
  itemId: string,
  now = new Date(),
) {
  const rows = await db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      body: comments.body,
      authorId: comments.authorId,
      authorName: users.name,
      authorHandle: users.handle,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
      hiddenAt: comments.hiddenAt,
      hiddenReason: comments.hiddenReason,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.itemId, itemId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map((row) => {
    const state = row.deletedAt ? "deleted" : row.hiddenAt ? "hidden" : "visible";
    const showText = state === "visible" || (state === "hidden" && viewer.canModerate);
    const mine = row.authorId === viewer.id;
    return {
      id: row.id,
      parentId: row.parentId,
      state,
      body: showText ? row.body : "",
      authorName: state === "deleted" ? null : row.authorName,
      // The reason may quote what was hidden: moderators alone receive it.
      hiddenReason: state === "hidden" && viewer.canModerate ? row.hiddenReason : null,
      createdAt: row.createdAt,
      edited: Boolean(row.editedAt),
      canEdit: mine && state === "visible" && now.getTime() - row.createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS,
      canDelete: mine && state !== "deleted",
      canModerate: viewer.canModerate && state !== "deleted",
    } as const;
  });
}

export type CommentView = Awaited<ReturnType<typeof listComments>>[number];
