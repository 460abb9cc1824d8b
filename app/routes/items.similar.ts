import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { findSimilar } from "#app/services/items.server";

const QuerySchema = z.object({ q: z.string().max(200).catch("") });

/** Items similar to a title being typed, for the new-item form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "item:create");
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  const similar = await findSimilar(getDb(), q);
  return {
    q,
    items: similar.map(({ score: _score, ...item }) => item),
    viewer: user.id,
  };
}
