// The clustering engine: pure functions from ticket texts to clusters and a stored model.
import type { ClusterDocument, ClusteringResult, FoundCluster } from "./types";
import { DEFAULT_FEATURES, type FeatureOptions, type SparseRows, vectorizeCorpus } from "./features";
import { createRandom, rowSimilarity, updateCentroids } from "./kmeans";
import { labelClusters } from "./labels";
import { buildModel, truncateCentroid } from "./model";
import { compact, type EngineOptions, mergeAcrossLanguages, partition, selectRows } from "./partition";

export type * from "./types";
export { assignDocument, closeClusters, modelSimilarities } from "./model";
export { matchClusters } from "./match";
export { detectLanguage, maskText, stem, tokenize, type Language, type Token } from "./text";
export { autoResolution, GRAPH_LIMIT, type EngineOptions } from "./partition";

const DEFAULT_SEED = 42;
/** With k = "auto", clusters mostly in different languages whose centres are this similar are one problem. */
const CROSS_LANGUAGE_MERGE = 0.3;

/** Clusters documents by their words; `k` fixed or "auto" (default). Deterministic for a given seed. */
export function clusterDocuments(docs: ClusterDocument[], options: EngineOptions = {}): ClusteringResult {
  const features: FeatureOptions = { ...DEFAULT_FEATURES, ...options.features };
  const seed = options.seed ?? DEFAULT_SEED;
  const minSimilarity = options.minSimilarity ?? 0.05;
  const progress = options.onProgress;
  const corpus = vectorizeCorpus(
    docs.map((d) => d.text),
    features,
    (f) => progress?.(0.2 * f),
  );
  const { rows: allRows, idf } = corpus;
  progress?.(0.2);
  const nonEmpty: number[] = [];
  for (let i = 0; i < allRows.rows; i++) if (allRows.indptr[i + 1]! > allRows.indptr[i]!) nonEmpty.push(i);
  const rows = selectRows(allRows, nonEmpty);
  if (rows.rows === 0) {
    return { clusters: [], unclustered: docs.map((d) => d.id), model: buildModel(features, idf, []) };
  }
  let found = partition(rows, options, seed, progress);
  const auto = options.k === undefined || options.k === "auto";
  const crossLanguage = options.crossLanguageMerge ?? CROSS_LANGUAGE_MERGE;
  if (auto && crossLanguage > 0) {
    found = mergeAcrossLanguages(
      rows,
      found,
      nonEmpty.map((i) => corpus.languages[i] === "en"),
      crossLanguage,
    );
  }
  // Two clusters a person would give the same name are one problem to that person: merged,
  // then measured and named again (once: names rarely collide twice, and naming a large
  // corpus costs seconds).
  let named = measureAndName(docs, corpus, rows, nonEmpty, found, minSimilarity);
  const merged = auto ? mergeSameNames(found, named.order, named.terms) : null;
  if (merged) named = measureAndName(docs, corpus, rows, nonEmpty, merged, minSimilarity);
  return finishResult(docs, rows, nonEmpty, features, idf, named, progress);
}

type Named = ReturnType<typeof measureAndName>;

/** Final centroids, each row's similarity to its own, members above `minSimilarity`, and names. */
function measureAndName(
  docs: ClusterDocument[],
  corpus: ReturnType<typeof vectorizeCorpus>,
  rows: SparseRows,
  nonEmpty: number[],
  found: { assignment: Int32Array; k: number },
  minSimilarity: number,
) {
  const { assignment, k } = found;
  const centroids = new Float32Array(rows.dim * Math.max(1, k));
  updateCentroids(rows, assignment, k, centroids);
  const similarity = new Float32Array(rows.rows);
  for (let i = 0; i < rows.rows; i++) {
    if (assignment[i]! >= 0) similarity[i] = rowSimilarity(rows, i, centroids, k, assignment[i]!);
  }
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < rows.rows; i++)
    if (assignment[i]! >= 0 && similarity[i]! >= minSimilarity) members[assignment[i]!]!.push(i);
  // Largest clusters first; empty ones dropped.
  const order = members
    .map((m, c) => c)
    .filter((c) => members[c]!.length > 0)
    .sort((a, b) => members[b]!.length - members[a]!.length || a - b);
  const finalAssignment = new Int32Array(docs.length).fill(-1);
  order.forEach((c, index) => {
    for (const r of members[c]!) finalAssignment[nonEmpty[r]!] = index;
  });
  const docSimilarity = new Float32Array(docs.length);
  nonEmpty.forEach((doc, r) => (docSimilarity[doc] = similarity[r]!));
  const terms = labelClusters({
    corpus,
    assignment: finalAssignment,
    k: order.length,
    // A short text is its own subject.
    titles: docs.map((d) => d.title ?? d.text),
    similarity: docSimilarity,
  });
  return { centroids, k, similarity, members, order, terms, finalAssignment };
}

/** Partition clusters (by their place in `order`) whose Italian or English names are the same, joined; null if none are. */
function mergeSameNames(
  found: { assignment: Int32Array; k: number },
  order: number[],
  terms: Named["terms"],
): { assignment: Int32Array; k: number } | null {
  const parent = Int32Array.from({ length: found.k }, (_, i) => i);
  const root = (c: number): number => (parent[c] === c ? c : root(parent[c]!));
  const firstWithName = new Map<string, number>();
  let joined = false;
  order.forEach((c, index) => {
    const { names } = terms[index]!;
    for (const key of new Set([`it:${names.it.toLowerCase()}`, `en:${names.en.toLowerCase()}`])) {
      const earlier = firstWithName.get(key);
      if (earlier === undefined) firstWithName.set(key, c);
      else if (root(earlier) !== root(c)) {
        parent[root(c)] = root(earlier);
        joined = true;
      }
    }
  });
  if (!joined) return null;
  return compact(
    found.assignment.map((c) => (c >= 0 ? root(c) : -1)),
    found.k,
  );
}

function finishResult(
  docs: ClusterDocument[],
  rows: SparseRows,
  nonEmpty: number[],
  features: FeatureOptions,
  idf: ReturnType<typeof vectorizeCorpus>["idf"],
  named: Named,
  progress: ((f: number) => void) | undefined,
): ClusteringResult {
  const { centroids, k, similarity, members, order, terms, finalAssignment } = named;
  const clusters: FoundCluster[] = [];
  const modelClusters: Parameters<typeof buildModel>[2] = [];
  order.forEach((c, index) => {
    const rowsOf = members[c]!;
    const sims = rowsOf.map((r) => similarity[r]!);
    const byCentrality = rowsOf.map((r, j) => [r, sims[j]!] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    clusters.push({
      documentIds: rowsOf.map((r) => docs[nonEmpty[r]!]!.id),
      label: terms[index]!.label,
      names: terms[index]!.names,
      keywords: terms[index]!.keywords,
      representativeIds: distinctRepresentatives(
        rows,
        byCentrality.map(([r]) => r),
      ).map((r) => docs[nonEmpty[r]!]!.id),
      similarities: sims,
    });
    const centroid = truncateCentroid(centroids, k, c);
    // Accept new texts about as close as the loosest regular members.
    const sorted = [...sims].sort((a, b) => a - b);
    const low = sorted[Math.floor(sorted.length * 0.05)] ?? 0;
    modelClusters.push({
      label: terms[index]!.label,
      ...centroid,
      threshold: Math.max(0.1, Math.min(0.25, 0.8 * low)),
    });
  });
  const unclustered = docs.filter((_, i) => finalAssignment[i] === -1).map((d) => d.id);
  progress?.(1);
  return { clusters, unclustered, model: buildModel(features, idf, modelClusters) };
}

/** The most central rows, skipping near-copies of one already chosen (templated tickets). */
function distinctRepresentatives(rows: SparseRows, byCentrality: number[], count = 5): number[] {
  const chosen: number[] = [];
  const dot = (a: number, b: number) => {
    let sum = 0;
    let p = rows.indptr[a]!;
    let q = rows.indptr[b]!;
    while (p < rows.indptr[a + 1]! && q < rows.indptr[b + 1]!) {
      const x = rows.indices[p]!;
      const y = rows.indices[q]!;
      if (x === y) sum += rows.values[p++]! * rows.values[q++]!;
      else if (x < y) p++;
      else q++;
    }
    return sum;
  };
  for (const r of byCentrality.slice(0, 300)) {
    if (chosen.every((c) => dot(r, c) < 0.95)) chosen.push(r);
    if (chosen.length === count) return chosen;
  }
  // Too few distinct texts: fill up with the most central ones.
  for (const r of byCentrality) {
    if (chosen.length === count) break;
    if (!chosen.includes(r)) chosen.push(r);
  }
  return chosen;
}

export { createRandom };
