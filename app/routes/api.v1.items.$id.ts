import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { getItemView } from "#app/services/items.server";
import { requireItemRef } from "#app/api/input.server";
import { itemDetailJson } from "#app/api/representations.server";
import { apiJson, notFound } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/** GET /api/v1/items/:id, by uuid or short number; an anonymous author stays hidden from others. */
async function readItem({ request, params }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, "items:read");
  requireApiPermission(user, "board:view");
  const db = getDb();
  const ref = await requireItemRef(params.id);
  const view = await getItemView(db, user, ref.number);
  if (!view) throw notFound();
  return apiJson(itemDetailJson(view), { user });
}

const endpoint = apiEndpoint({ GET: readItem });
export const loader = endpoint.loader;
export const action = endpoint.action;
