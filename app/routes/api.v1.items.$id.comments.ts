import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { ApiCommentSchema } from "#app/schemas/api";
import { addComment, listComments } from "#app/services/comments.server";
import { can } from "#app/services/permissions";
import { readJsonBody, requireItemRef } from "#app/api/input.server";
import { apiError, apiJson, notFound } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/** GET /api/v1/items/:id/comments: the thread as the caller would see it on the item page. */
async function listThread({ request, params }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, "items:read");
  requireApiPermission(user, "board:view");
  const db = getDb();
  const ref = await requireItemRef(params.id);
  const thread = await listComments(db, { id: user.id, canModerate: can(user.role, "comment:moderate") }, ref.id);
  return apiJson(
    {
      comments: thread.map((comment) => ({
        id: comment.id,
        parentId: comment.parentId,
        state: comment.state,
        body: comment.body,
        author: comment.authorName,
        hiddenReason: comment.hiddenReason,
        edited: comment.edited,
        createdAt: comment.createdAt,
      })),
    },
    { user },
  );
}

/** POST /api/v1/items/:id/comments: a comment, or a reply to a top-level comment (parentId). */
async function postComment({ request, params }: ActionFunctionArgs) {
  const user = await requireApiUser(request, "items:write");
  requireApiPermission(user, "item:comment");
  const db = getDb();
  const ref = await requireItemRef(params.id);
  const input = await readJsonBody(request, ApiCommentSchema);
  const now = new Date();
  const result = await addComment(db, user, { itemId: ref.id, body: input.body, parentId: input.parentId }, now);
  if (!result.ok) {
    if (result.error === "parentInvalid") {
      throw apiError(422, "rule_violation", "The comment cannot be added as sent.", {
        fields: { parentId: ["Reply to a top-level comment of this same item."] },
      });
    }
    throw notFound();
  }
  return apiJson(
    {
      id: result.commentId,
      itemId: ref.id,
      parentId: input.parentId ?? null,
      body: input.body,
      author: user.name,
      createdAt: now,
    },
    { status: 201, user, headers: { Location: `/api/v1/items/${ref.number}/comments` } },
  );
}

const endpoint = apiEndpoint({ GET: listThread, POST: postComment });
export const loader = endpoint.loader;
export const action = endpoint.action;
