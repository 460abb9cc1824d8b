import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { votes } from "#db/schema/index";
import { requirePermission } from "#app/auth/require.server";
import { findSimilar } from "#app/services/items.server";

const QuerySchema = z.object({ q: z.string().max(200).catch("") });

/** Items similar to a title being typed, for the new-item form, with the viewer's own votes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "item:create");
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  const db = getDb();
  const similar = await findSimilar(db, q);
  const ids = similar.map((item) => item.id);
  const voted = ids.length
    ? new Set(
        (
          await db
            .select({ itemId: votes.itemId })
            .from(votes)
            .where(and(eq(votes.userId, user.id), inArray(votes.itemId, ids)))
        ).map((row) => row.itemId),
      )
    : new Set<string>();
  return {
    q,
    items: similar.map(({ score: _score, ...item }) => ({ ...item, voted: voted.has(item.id) })),
    viewer: user.id,
  };
}
