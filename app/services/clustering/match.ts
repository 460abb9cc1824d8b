/**
 * Matches new clusters to old ones by ticket overlap (Jaccard), greedily from the largest
 * overlap down, so ids, names and links survive re-clustering. Returns, for each next
 * cluster, the previous id it inherits or null for a new cluster; each previous id is used
 * at most once. Pairs below `minOverlap` (Jaccard, default 0.2) never match.
 */
export function matchClusters(
  previous: Array<{ id: string; documentIds: string[] }>,
  next: Array<{ documentIds: string[] }>,
  options: { minOverlap?: number } = {},
): Array<string | null> {
  const minOverlap = options.minOverlap ?? 0.2;
  const owner = new Map<string, number>();
  previous.forEach((cluster, index) => {
    for (const id of cluster.documentIds) owner.set(id, index);
  });
  const previousSizes = previous.map((cluster) => new Set(cluster.documentIds).size);
  const pairs: Array<{ p: number; n: number; score: number; shared: number }> = [];
  next.forEach((cluster, n) => {
    const shared = new Map<number, number>();
    const ids = new Set(cluster.documentIds);
    for (const id of ids) {
      const p = owner.get(id);
      if (p !== undefined) shared.set(p, (shared.get(p) ?? 0) + 1);
    }
    for (const [p, count] of shared) {
      const score = count / (previousSizes[p]! + ids.size - count);
      if (score >= minOverlap && score > 0) pairs.push({ p, n, score, shared: count });
    }
  });
  pairs.sort((a, b) => b.score - a.score || b.shared - a.shared || a.p - b.p || a.n - b.n);
  const result: Array<string | null> = next.map(() => null);
  const used = new Set<number>();
  for (const { p, n } of pairs) {
    if (used.has(p) || result[n] !== null) continue;
    used.add(p);
    result[n] = previous[p]!.id;
  }
  return result;
}
