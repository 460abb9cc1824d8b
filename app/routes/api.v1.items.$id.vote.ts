import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { parseItemRef } from "#app/services/item-ref.server";
import { setVote } from "#app/services/votes.server";
import { apiError, apiJson, notFound } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/** PUT votes, DELETE takes the vote back; both are idempotent, so retries are safe. */
function setVoteTo(voted: boolean) {
  return async ({ request, params }: ActionFunctionArgs) => {
    const user = await requireApiUser(request, "items:write");
    requireApiPermission(user, "item:vote");
    const target = parseItemRef(params.id);
    if (!target) throw notFound();
    const result = await setVote(getDb(), user.id, "id" in target ? target.id : target, voted);
    if (!result.ok) {
      if (result.error === "notFound") throw notFound();
      throw apiError(409, "voting_closed", `Voting is closed: the item is ${result.status}.`);
    }
    return apiJson({ votes: result.votes, voted: result.voted }, { user });
  };
}

const endpoint = apiEndpoint({ PUT: setVoteTo(true), DELETE: setVoteTo(false) });
export const loader = endpoint.loader;
export const action = endpoint.action;
