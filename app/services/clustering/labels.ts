// Readable cluster labels from class-based TF-IDF: the stems most typical of a cluster
// compared with the whole corpus, shown by their most frequent written form.
import type { Corpus } from "./features";

export interface ClusterTerms {
  label: string;
  keywords: string[];
}

/** Keywords and a three-word label per cluster; `assignment` gives each document's cluster or −1. */
export function labelClusters(corpus: Pick<Corpus, "termPtr" | "terms" | "vocabulary" | "surfaces">, assignment: Int32Array, k: number, keywordCount = 8): ClusterTerms[] {
  const perCluster: Array<Map<number, number>> = Array.from({ length: k }, () => new Map());
  // Placeholders ([num], [email]…) only name a cluster that has no words at all.
  const placeholders: Array<Map<number, number>> = Array.from({ length: k }, () => new Map());
  const totals = new Float64Array(k);
  const overall = new Float64Array(corpus.vocabulary.length);
  for (let i = 0; i < assignment.length; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    const counts = perCluster[c]!;
    for (let p = corpus.termPtr[i]!; p < corpus.termPtr[i + 1]!; p++) {
      const term = corpus.terms[p]!;
      if (corpus.vocabulary[term]!.startsWith("[")) {
        placeholders[c]!.set(term, (placeholders[c]!.get(term) ?? 0) + 1);
        continue;
      }
      counts.set(term, (counts.get(term) ?? 0) + 1);
      totals[c]!++;
      overall[term]!++;
    }
  }
  let average = 0;
  for (let c = 0; c < k; c++) average += totals[c]!;
  average /= Math.max(1, k);
  return perCluster.map((counts, c) => {
    const scored: Array<[number, number]> = [];
    for (const [term, count] of counts) {
      const tf = count / Math.max(1, totals[c]!);
      scored.push([term, tf * Math.log(1 + average / overall[term]!)]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const keywords: string[] = [];
    for (const [term] of scored) {
      const word = corpus.surfaces[term]!;
      if (!keywords.includes(word)) keywords.push(word);
      if (keywords.length >= keywordCount) break;
    }
    if (keywords.length === 0) {
      const common = [...placeholders[c]!].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      return { label: common.slice(0, 3).map(([term]) => corpus.vocabulary[term]!).join(" · "), keywords: [] };
    }
    return { label: keywords.slice(0, 3).join(" · "), keywords };
  });
}
