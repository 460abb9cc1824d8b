import { inArray } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { clusters } from "#db/schema/index";
import { closeTo, type ClusterModel } from "./engine";
import { clusterResolver, getCurrentModel } from "./recluster.server";

export type ClusterSuggestion = {
  id: string;
  number: number;
  label: string;
  labelEn: string | null;
  name: string | null;
  size: number;
  similarity: number;
};

/**
 * The clusters truly close to a text being typed, by the stored model: each live cluster once
 * (merged ones count for their target), best first; none for a text too short to mean anything.
 */
export async function suggestClustersForText(db: Queryable, text: string, limit = 3): Promise<ClusterSuggestion[]> {
  const query = text.trim();
  if (query.length < 3) return [];
  const stored = await getCurrentModel(db);
  if (!stored) return [];
  const close = closeTo(stored.model as ClusterModel, query.slice(0, 2000));
  if (close.length === 0) return [];
  const resolve = await clusterResolver(db);
  const best = new Map<string, number>();
  for (const { clusterIndex, similarity } of close) {
    const id = resolve(stored.clusterIds[clusterIndex]);
    if (id && similarity > (best.get(id) ?? 0)) best.set(id, similarity);
  }
  const top = [...best].sort((a, b) => b[1] - a[1]).slice(0, limit);
  if (top.length === 0) return [];
  const rows = await db
    .select({
      id: clusters.id,
      number: clusters.number,
      label: clusters.label,
      labelEn: clusters.labelEn,
      name: clusters.name,
      size: clusters.ticketCount,
    })
    .from(clusters)
    .where(
      inArray(
        clusters.id,
        top.map(([id]) => id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return top.flatMap(([id, similarity]) => {
    const row = byId.get(id);
    return row ? [{ ...row, similarity: Math.round(similarity * 1000) / 1000 }] : [];
  });
}
