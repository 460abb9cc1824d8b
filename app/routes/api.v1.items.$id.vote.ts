import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { parseItemRef } from "#app/services/item-ref.server";
import { setVote } from "#app/services/votes.server";
import { apiError, apiJson, methodNotAllowed, notFound } from "#app/api/responses.server";
import { apiRoute, requireMethod } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

const methods = ["PUT", "DELETE"] as const;

/** PUT votes, DELETE takes the vote back; both are idempotent, so retries are safe. */
export const action = apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  requireMethod(request, methods);
  const user = await requireApiUser(request, "items:write");
  requireApiPermission(user, "item:vote");
  const target = parseItemRef(params.id);
  if (!target) throw notFound();
  const voted = request.method.toUpperCase() === "PUT";
  const result = await setVote(getDb(), user.id, "id" in target ? target.id : target, voted);
  if (!result.ok) {
    if (result.error === "notFound") throw notFound();
    throw apiError(409, "voting_closed", `Voting is closed: the item is ${result.status}.`);
  }
  return apiJson({ votes: result.votes, voted: result.voted }, { user });
});

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, methods));
