import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { ApiBoardQuerySchema, ApiItemCreateSchema } from "#app/schemas/api";
import { decodeCursor, listBoard } from "#app/services/board.server";
import { createItem, getItemView } from "#app/services/items.server";
import { isActiveTeam } from "#app/services/users.server";
import { readJsonBody, readQuery } from "#app/api/input.server";
import { boardItemJson, itemDetailJson } from "#app/api/representations.server";
import { apiError, apiJson } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/** GET /api/v1/items: one page of the board, as the board page shows it to the caller. */
async function listItems({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, "items:read");
  requireApiPermission(user, "board:view");
  const query = await readQuery(request, ApiBoardQuerySchema);
  if (query.cursor && !decodeCursor(query.cursor)) {
    throw apiError(400, "validation_failed", "The query string has invalid fields.", {
      fields: { cursor: ["Use the nextCursor of a previous page."] },
    });
  }
  const page = await listBoard(getDb(), user, query);
  return apiJson({ items: page.items.map(boardItemJson), nextCursor: page.nextCursor }, { user });
}

/** POST /api/v1/items: posts an item (anonymously if asked) as the caller. */
async function postItem({ request }: ActionFunctionArgs) {
  const user = await requireApiUser(request, "items:write");
  requireApiPermission(user, "item:create");
  const input = await readJsonBody(request, ApiItemCreateSchema);
  const db = getDb();
  if (input.teamId && !(await isActiveTeam(db, input.teamId))) {
    throw apiError(422, "rule_violation", "The item cannot be posted as sent.", {
      fields: { teamId: ["No active team has this id."] },
    });
  }
  const item = await createItem(db, user, input);
  const view = await getItemView(db, user, item.number);
  if (!view) throw new Error("created item not found");
  return apiJson(itemDetailJson(view), { status: 201, user, headers: { Location: `/api/v1/items/${item.number}` } });
}

const endpoint = apiEndpoint({ GET: listItems, POST: postItem });
export const loader = endpoint.loader;
export const action = endpoint.action;
