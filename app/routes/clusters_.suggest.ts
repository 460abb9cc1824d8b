import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { detectLocale } from "#app/i18n/i18n.server";
import { clusterName } from "#app/services/clusters/names";
import { suggestClustersForText } from "#app/services/clusters/suggest.server";

const QuerySchema = z.object({ q: z.string().max(2000).catch("") });

/** The three ticket clusters closest to an item being typed, for the new-item form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "item:create");
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  const suggestions = await suggestClustersForText(getDb(), q, 3);
  const locale = await detectLocale(request, user.locale);
  return {
    q,
    clusters: suggestions.map((cluster) => ({
      number: cluster.number,
      label: clusterName(cluster, locale),
      size: cluster.size,
    })),
  };
}
