import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { forbidden } from "#app/auth/require.server";
import type { SessionUser } from "#app/auth/session.server";
import { CommentSchema, OutcomeSchema, StatusChangeSchema } from "#app/schemas/items";
import { addComment, deleteComment, editComment, setCommentHidden } from "#app/services/comments.server";
import { answerOutcome } from "#app/services/outcomes.server";
import { can } from "#app/services/permissions";
import { changeStatus, fieldProblems } from "#app/services/status.server";
import { setFollow, setVote } from "#app/services/votes.server";
import { formError, safeRedirect } from "#app/utils/http.server";
import type { CommentChangeIntent } from "./intents";

type Context = { user: SessionUser; itemId: string; number: number; formData: FormData };

const booleanField = z.enum(["true", "false"]).transform((value) => value === "true");
const VoteSchema = z.object({ voted: booleanField, redirectTo: z.string().optional() });
const FollowSchema = z.object({ following: booleanField, redirectTo: z.string().optional() });
const CommentIdSchema = z.object({ commentId: z.uuid() });
const CommentEditSchema = CommentIdSchema.extend({
  body: CommentSchema.shape.body,
});
const HideSchema = CommentIdSchema.extend({
  reason: z.string({ error: "validation:required" }).trim().min(1, { error: "validation:required" }).max(500),
});

/** Without JavaScript a form names where to go back to; a fetcher gets the data instead. */
function backOr<T>(redirectTo: string | undefined, payload: T, fallback: string) {
  return redirectTo !== undefined ? redirect(safeRedirect(redirectTo, fallback)) : payload;
}

export async function voteAction({ user, itemId, number, formData }: Context) {
  if (!can(user.role, "item:vote")) throw forbidden();
  const parsed = VoteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formError("vote", "validation:invalidForm");
  const input = parsed.data;
  const result = await setVote(getDb(), user.id, itemId, input.voted);
  if (!result.ok)
    return formError("vote", `items:errors.${result.error}`, { status: result.error === "notFound" ? 404 : 409 });
  return backOr(input.redirectTo, result, `/items/${number}`);
}

export async function followAction({ user, itemId, number, formData }: Context) {
  const parsed = FollowSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formError("follow", "validation:invalidForm");
  const input = parsed.data;
  await setFollow(getDb(), user.id, itemId, input.following);
  return backOr(input.redirectTo, { following: input.following }, `/items/${number}`);
}

export async function commentAction({ user, itemId, formData }: Context) {
  if (!can(user.role, "item:comment")) throw forbidden();
  const submission = parseWithZod(formData, { schema: CommentSchema });
  // Which box answered: the comment box (null) or the reply box under that comment.
  const replyTo = z.uuid().safeParse(formData.get("parentId")).data ?? null;
  if (submission.status !== "success") return data({ comment: submission.reply(), replyTo }, { status: 400 });
  const result = await addComment(getDb(), user, {
    itemId,
    body: submission.value.body,
    parentId: submission.value.parentId,
  });
  if (!result.ok) {
    return data(
      { comment: submission.reply({ formErrors: [`items:errors.${result.error}`] }), replyTo },
      { status: 400 },
    );
  }
  return { comment: submission.reply({ resetForm: true }), commentId: result.commentId, replyTo };
}

export async function commentChangeAction({ user, formData }: Context, intent: CommentChangeIntent) {
  const db = getDb();
  if (intent === "comment-edit") {
    const submission = parseWithZod(formData, { schema: CommentEditSchema });
    if (submission.status !== "success") return formError(intent, "validation:commentLength");
    const result = await editComment(db, user, submission.value.commentId, submission.value.body);
    return result.ok
      ? { edited: result.commentId }
      : formError(intent, `items:errors.${result.error}`, { target: submission.value.commentId });
  }
  const target = CommentIdSchema.safeParse(Object.fromEntries(formData));
  if (!target.success) return formError(intent, "validation:invalidForm");
  if (intent === "comment-delete") {
    const { commentId } = target.data;
    const result = await deleteComment(db, user, commentId);
    return result.ok
      ? { deleted: commentId }
      : formError(intent, `items:errors.${result.error}`, { target: commentId });
  }
  if (!can(user.role, "comment:moderate")) throw forbidden();
  if (intent === "comment-hide") {
    const parsed = HideSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return formError(intent, "validation:required", { target: target.data.commentId });
    await setCommentHidden(db, user, parsed.data.commentId, { reason: parsed.data.reason });
    return { hidden: parsed.data.commentId };
  }
  const { commentId } = target.data;
  await setCommentHidden(db, user, commentId, null);
  return { shown: commentId };
}

export async function statusAction({ user, itemId, formData }: Context) {
  if (!can(user.role, "item:change-status")) throw forbidden();
  const submission = parseWithZod(formData, { schema: StatusChangeSchema });
  if (submission.status !== "success") return data({ status: submission.reply() }, { status: 400 });
  const version = Number(formData.get("version"));
  const { intent: _intent, ...input } = submission.value;
  const result = await changeStatus(getDb(), user, itemId, {
    ...input,
    expectedVersion: Number.isInteger(version) && version > 0 ? version : undefined,
  });
  if (result.ok) {
    const redirectTo = formData.get("redirectTo");
    if (typeof redirectTo === "string" && redirectTo) return redirect(safeRedirect(redirectTo, "/whiteboard"));
    return { status: submission.reply({ resetForm: true }), moved: result.item.status };
  }
  const problems = fieldProblems(result);
  if (problems.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { problem, field } of problems) (fieldErrors[field] ??= []).push(`items:errors.${problem}`);
    return data({ status: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  return data(
    { status: submission.reply({ formErrors: [`items:errors.${result.error}`] }) },
    { status: result.error === "notFound" ? 404 : 409 },
  );
}

export async function outcomeAction({ user, itemId, formData }: Context) {
  const submission = parseWithZod(formData, { schema: OutcomeSchema });
  if (submission.status !== "success") return data({ outcome: submission.reply() }, { status: 400 });
  const result = await answerOutcome(getDb(), user, itemId, {
    answer: submission.value.answer,
    comment: submission.value.comment,
  });
  if (!result.ok)
    return data(
      { outcome: submission.reply({ formErrors: [`items:errors.${result.error}`] }) },
      { status: result.error === "forbidden" ? 403 : 400 },
    );
  return { outcome: submission.reply({ resetForm: true }) };
}
