// How documents are split into clusters: the neighbour graph with Louvain (default),
// spherical k-means, or k-means after LSA, on the TF-IDF rows.
import type { ClusteringOptions } from "./types";
import { denseKMeans } from "./dense-kmeans";
import type { FeatureOptions, SparseRows } from "./features";
import { buildGraph, type Graph, louvain, mergeCommunities, mergeLinked, sparseNearestNeighbours } from "./graph";
import { assignByIndex, assignRows, createRandom, rowSimilarities, sphericalKMeans, updateCentroids } from "./kmeans";
import { fitLsa, projectRow } from "./lsa";

export interface EngineOptions extends ClusteringOptions {
  features?: Partial<FeatureOptions>;
  /** Documents less similar than this to their cluster's centroid stay unclustered. */
  minSimilarity?: number;
  /** For k = "auto": centroids at least this similar are merged. */
  mergeThreshold?: number;
  /** k-means runs from different seedings; the best objective is kept. */
  restarts?: number;
  /** For a fixed k: first cluster into k × overCluster groups, then merge them down to k. */
  overCluster?: number;
  linkage?: "centroid" | "average";
  /** For overCluster: polish the merged clusters with k-means (default true). */
  refine?: boolean;
  /** "graph" (k-nearest-neighbour graph + Louvain, the default), "kmeans" (spherical k-means on TF-IDF) or "lsa" (k-means after a truncated SVD). */
  method?: "graph" | "kmeans" | "lsa";
  /** Dimensions kept by "lsa". */
  lsaRank?: number;
  /** Neighbours per document in the graph. */
  neighbours?: number;
  /** Edge weights: cosine, or cosine × shared neighbours. */
  weighting?: "cosine" | "snn";
  /** Louvain resolution for k = "auto": high, for small communities that are then merged. */
  resolution?: number;
  minCommunitySize?: number;
  linkNorm?: "geometric" | "max";
  /** For k = "auto": a cluster mostly in one language joins one mostly in the other at least this similar (0: never). */
  crossLanguageMerge?: number;
  /** For k = "auto": communities are merged while the share of links between them is at least this. */
  linkThreshold?: number;
  /** For k = "auto": average documents' worth of links to nowhere added to each community when that share is measured. */
  linkPrior?: number;
  /** For k = "auto": smaller communities are dissolved. */
  minClusterSize?: number;
  /** Up to this many documents the graph covers them all; above, a sample of `graphSample`. */
  graphLimit?: number;
  graphSample?: number;
  /** For a fixed k: look for about k × overshoot communities, then merge down to k. */
  overshoot?: number;
  /** Lloyd passes after the graph partition (default 1). */
  polish?: number;
}

/** Up to this many documents the neighbour graph covers them all; above, it is built on a sample. */
export const GRAPH_LIMIT = 20_000;
/** Above GRAPH_LIMIT, the graph is built on a sample of this many documents. */
const GRAPH_SAMPLE = 12_000;
/** Lloyd passes after the graph partition. */
const POLISH_PASSES = 1;
/**
 * For k = "auto": Louvain finds small communities at this resolution, lower for larger
 * corpora, whose neighbour graphs are denser: about constant community counts for a given
 * set of problems from 3,000 to 15,000 documents (Banking77, CLINC150).
 */
export function autoResolution(n: number): number {
  return Math.min(16, Math.max(1, 6500 * Math.max(n, 1) ** -0.8));
}
/** Neighbours per document for k = "auto": from 6 for a few hundred documents to 15 from about 2,000. */
function autoNeighbours(n: number): number {
  return Math.max(6, Math.min(15, Math.round(Math.sqrt(n) / 3)));
}
/** Average community size below which the resolution is too high for the corpus. */
const MIN_COMMUNITY_SIZE = 25;
/** Communities are then merged while about this share of their links goes to each other... */
const LINK_THRESHOLD = 0.045;
/** ...counting three average documents more in each, so that a few stray links do not merge small ones. */
const LINK_PRIOR = 3;
/** Rows read to compare cluster centres across languages. */
const CROSS_LANGUAGE_SAMPLE = 20_000;
/** A document of a dissolved tiny community joins a cluster at least this similar. */
const REJOIN_SIMILARITY = 0.2;

/** Rows of `rows` listed in `keep`, as a new CSR. */
export function selectRows(rows: SparseRows, keep: number[]): SparseRows {
  let nnz = 0;
  for (const r of keep) nnz += rows.indptr[r + 1]! - rows.indptr[r]!;
  const indptr = new Int32Array(keep.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  keep.forEach((r, i) => {
    const from = rows.indptr[r]!;
    const to = rows.indptr[r + 1]!;
    indices.set(rows.indices.subarray(from, to), at);
    values.set(rows.values.subarray(from, to), at);
    at += to - from;
    indptr[i + 1] = at;
  });
  return { rows: keep.length, dim: rows.dim, indptr, indices, values };
}

/** An over-clustering size for k = "auto". */
function overClusterK(n: number): number {
  return Math.max(2, Math.min(n, Math.round(2 * Math.sqrt(n)), 400));
}

/** Dot products of the clusters' summed rows (k × k), from each row's similarity to every unit centroid. */
function clusterGram(rows: SparseRows, assignment: Int32Array, centroids: Float32Array, k: number): Float64Array {
  // sum[a][b] = Σ_{i∈a} sim(x_i, ĉ_b) = <S_a, ĉ_b>; with |S_b| = sum[b][b], Gram <S_a,S_b> = sum[a][b]·|S_b|.
  const sum = new Float64Array(k * k);
  assignRows(rows, centroids, k, new Int32Array(rows.rows), new Float32Array(rows.rows), (i, sims) => {
    const a = assignment[i]!;
    if (a < 0) return;
    for (let b = 0; b < k; b++) sum[a * k + b]! += sims[b]!;
  });
  const gram = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) gram[a * k + b] = sum[a * k + b]! * Math.max(0, sum[b * k + b]!);
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const g = (gram[a * k + b]! + gram[b * k + a]!) / 2;
      gram[a * k + b] = g;
      gram[b * k + a] = g;
    }
  return gram;
}

/**
 * One problem written in two languages can still form two clusters, when the words the
 * lexicon does not bridge keep them apart. A cluster written mostly in one language joins
 * the most similar cluster written mostly in the other when their centres are at least
 * `threshold` similar; clusters of one language are never merged here, so a corpus in one
 * language is left as it is.
 */
export function mergeAcrossLanguages(
  rows: SparseRows,
  found: { assignment: Int32Array; k: number },
  isEnglish: ArrayLike<boolean>,
  threshold: number,
): { assignment: Int32Array; k: number } {
  const { assignment, k } = found;
  if (k < 2) return found;
  const english = new Float64Array(k);
  const size = new Float64Array(k);
  for (let i = 0; i < rows.rows; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    size[c]!++;
    if (isEnglish[i]) english[c]!++;
  }
  // The centres' similarities need no more than an even sample of a large corpus.
  const step = Math.max(1, Math.ceil(rows.rows / CROSS_LANGUAGE_SAMPLE));
  const sampled = step === 1 ? null : Array.from({ length: Math.ceil(rows.rows / step) }, (_, i) => i * step);
  const sampleRows = sampled ? selectRows(rows, sampled) : rows;
  const sampleAssignment = sampled ? Int32Array.from(sampled, (i) => assignment[i]!) : assignment;
  const centroids = new Float32Array(rows.dim * k);
  updateCentroids(sampleRows, sampleAssignment, k, centroids);
  const gram = clusterGram(sampleRows, sampleAssignment, centroids, k);
  const alive = new Uint8Array(k).fill(1);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  // Mostly one language: at least two thirds of the members.
  const side = (c: number) => (english[c]! >= (2 / 3) * size[c]! ? 1 : english[c]! <= size[c]! / 3 ? -1 : 0);
  for (;;) {
    let bestA = -1;
    let bestB = -1;
    let best = threshold;
    for (let a = 0; a < k; a++) {
      if (!alive[a] || size[a] === 0) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b] || size[b] === 0 || side(a) * side(b) !== -1) continue;
        const d = Math.sqrt(gram[a * k + a]! * gram[b * k + b]!);
        const c = d > 0 ? gram[a * k + b]! / d : 0;
        if (c >= best) {
          best = c;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) break;
    // The larger keeps its number; sums, and so Gram rows and columns, add.
    const [keep, gone] = size[bestA]! >= size[bestB]! ? [bestA, bestB] : [bestB, bestA];
    for (let x = 0; x < k; x++) gram[keep * k + x]! += gram[gone * k + x]!;
    for (let x = 0; x < k; x++) gram[x * k + keep] = gram[keep * k + x]!;
    gram[keep * k + keep] = gram[keep * k + keep]! + gram[gone * k + keep]!;
    alive[gone] = 0;
    parent[gone] = keep;
    size[keep]! += size[gone]!;
    english[keep]! += english[gone]!;
  }
  const root = (c: number): number => (parent[c] === c ? c : root(parent[c]!));
  return compact(
    assignment.map((c) => (c >= 0 ? root(c) : -1)),
    k,
  );
}

/**
 * Merges clusters whose centroids are at least `threshold` similar (centroid linkage,
 * most similar pair first). Returns the new cluster of each old one.
 */
function mergeCentroids(
  rows: SparseRows,
  assignment: Int32Array,
  centroids: Float32Array,
  k: number,
  threshold: number,
  target = 1,
  linkage: "centroid" | "average" = "centroid",
): { mapping: Int32Array; k: number } {
  const gram = clusterGram(rows, assignment, centroids, k);
  const alive = new Uint8Array(k).fill(1);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  const size = new Float64Array(k);
  for (let i = 0; i < rows.rows; i++) if (assignment[i]! >= 0) size[assignment[i]!]!++;
  const cosine =
    linkage === "centroid"
      ? (a: number, b: number) => {
          const d = Math.sqrt(gram[a * k + a]! * gram[b * k + b]!);
          return d > 0 ? gram[a * k + b]! / d : 0;
        }
      : (a: number, b: number) => (size[a]! > 0 && size[b]! > 0 ? gram[a * k + b]! / (size[a]! * size[b]!) : 0);
  let remaining = k;
  for (; remaining > target; remaining--) {
    let bestA = -1;
    let bestB = -1;
    let best = target > 1 ? -Infinity : threshold;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const c = cosine(a, b);
        if (c >= best) {
          best = c;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) break;
    // Merge b into a: sums add, so Gram rows and columns add.
    for (let x = 0; x < k; x++) {
      gram[bestA * k + x]! += gram[bestB * k + x]!;
    }
    for (let x = 0; x < k; x++) gram[x * k + bestA] = gram[bestA * k + x]!;
    gram[bestA * k + bestA] = gram[bestA * k + bestA]! + gram[bestB * k + bestA]!;
    alive[bestB] = 0;
    parent[bestB] = bestA;
    size[bestA]! += size[bestB]!;
  }
  const root = (c: number): number => (parent[c] === c ? c : root(parent[c]!));
  const newIndex = new Int32Array(k).fill(-1);
  let next = 0;
  const mapping = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    const r = root(c);
    if (newIndex[r] === -1) newIndex[r] = next++;
    mapping[c] = newIndex[r]!;
  }
  return { mapping, k: next };
}

/** Splits the rows into clusters: cluster of each row (−1 for none) and the number of clusters. */
export function partition(
  rows: SparseRows,
  options: EngineOptions,
  seed: number,
  progress?: (f: number) => void,
): { assignment: Int32Array; k: number } {
  const auto = options.k === undefined || options.k === "auto";
  const target = auto ? 0 : Math.max(1, Math.min(rows.rows, Math.floor(options.k as number)));
  if ((options.method ?? "graph") === "graph") {
    if (rows.rows > (options.graphLimit ?? GRAPH_LIMIT))
      return sampledGraphPartition(rows, target, options, seed, progress);
    const found = graphPartition(rows, target, options, seed, progress);
    return polish(rows, rows, found.assignment, found.k, options.polish ?? POLISH_PASSES, progress);
  }
  if (options.method === "lsa") {
    // Truncated SVD, then spherical k-means on the dense rows (auto: the k-means over-cluster size).
    const lsa = fitLsa(rows, options.lsaRank ?? 100, seed);
    const data = new Float32Array(rows.rows * lsa.rank);
    for (let i = 0; i < rows.rows; i++) projectRow(lsa, rows, i, data, i * lsa.rank);
    const result = denseKMeans(data, rows.rows, lsa.rank, {
      k: auto ? overClusterK(rows.rows) : target,
      seed,
      restarts: options.restarts ?? 3,
      onProgress: (f) => progress?.(0.4 + 0.4 * f),
    });
    return compact(result.assignment, result.k);
  }
  if (auto) {
    const over = sphericalKMeans(rows, {
      k: overClusterK(rows.rows),
      seed,
      restarts: options.restarts ?? 1,
      onProgress: (f) => progress?.(0.2 + 0.4 * f),
    });
    const { mapping, k } = mergeCentroids(rows, over.assignment, over.centroids, over.k, options.mergeThreshold ?? 0.3);
    const merged = over.assignment.map((c) => mapping[c]!);
    const initial = new Float32Array(rows.dim * k);
    updateCentroids(rows, merged, k, initial);
    const result = sphericalKMeans(rows, { k, seed, initial, onProgress: (f) => progress?.(0.6 + 0.2 * f) });
    return { assignment: result.assignment, k: result.k };
  }
  const factor = options.overCluster ?? 0;
  if (factor > 1 && target * factor < rows.rows) {
    const over = sphericalKMeans(rows, {
      k: Math.round(target * factor),
      seed,
      restarts: 1,
      onProgress: (f) => progress?.(0.2 + 0.4 * f),
    });
    const { mapping, k } = mergeCentroids(rows, over.assignment, over.centroids, over.k, 0, target, options.linkage);
    const merged = over.assignment.map((c) => mapping[c]!);
    if (options.refine === false) return { assignment: merged, k };
    const initial = new Float32Array(rows.dim * k);
    updateCentroids(rows, merged, k, initial);
    const result = sphericalKMeans(rows, { k, seed, initial, onProgress: (f) => progress?.(0.6 + 0.2 * f) });
    return { assignment: result.assignment, k: result.k };
  }
  const result = sphericalKMeans(rows, {
    k: target,
    seed,
    restarts: options.restarts ?? (rows.rows <= 50_000 ? 3 : 1),
    onProgress: (f) => progress?.(0.2 + 0.6 * f),
  });
  return { assignment: result.assignment, k: result.k };
}

/**
 * k-nearest-neighbour graph and Louvain communities. For a fixed k the resolution is
 * searched until there are at least k communities, which are then merged down to k;
 * for "auto" one resolution is used and tiny communities are dissolved.
 */
function graphPartition(
  rows: SparseRows,
  target: number,
  options: EngineOptions,
  seed: number,
  progress?: (f: number) => void,
): { assignment: Int32Array; k: number } {
  // With k "auto", a small corpus gets fewer neighbours: fifteen of three hundred documents
  // reach far outside any one problem, and the links between problems would glue them.
  const kNN = options.neighbours ?? (target === 0 ? autoNeighbours(rows.rows) : 15);
  const { neighbours, sims } = sparseNearestNeighbours(rows, kNN, 0.3);
  progress?.(0.5);
  const graph = buildGraph(neighbours, sims, rows.rows, kNN, options.weighting ?? "cosine");
  const best = (resolution: number) => {
    // A few seeds; the partition with the highest modularity is kept.
    let chosen: { community: Int32Array; count: number; q: number } | null = null;
    for (let r = 0; r < (options.restarts ?? 3); r++) {
      const run = louvain(graph, resolution, seed + r * 7919);
      const q = modularity(graph, run.community, resolution);
      if (!chosen || q > chosen.q) chosen = { ...run, q };
    }
    return chosen!;
  };
  if (target === 0) {
    const minSize = options.minClusterSize ?? Math.max(3, Math.round(rows.rows / 2000));
    // Many small communities, merged while they share a good part of their links: the
    // number of clusters then follows the content, not the size of the corpus.
    // Communities must be large enough to hold their own neighbour links, or nothing
    // in them is measured: halve the resolution until they are.
    let resolution = options.resolution ?? autoResolution(rows.rows);
    let found = best(resolution);
    while (
      options.resolution === undefined &&
      resolution > 1 &&
      rows.rows / found.count < (options.minCommunitySize ?? MIN_COMMUNITY_SIZE)
    ) {
      resolution /= 2;
      found = best(resolution);
    }
    const merged = mergeLinked(
      graph,
      found.community,
      found.count,
      options.linkThreshold ?? LINK_THRESHOLD,
      options.linkNorm,
      options.linkPrior ?? LINK_PRIOR,
    );
    if (process.env.CLUSTER_DEBUG) console.error(`resolution: ${found.count} communities, merged: ${merged.count}`);
    progress?.(0.8);
    return dissolveSmall(
      rows,
      found.community.map((c) => merged.mapping[c]!),
      merged.count,
      minSize,
    );
  }
  // Resolution grows the number of communities: search for the smallest that gives ≥ target.
  let low = 0.05;
  let high = 2;
  let found = best(high);
  const wanted = Math.ceil(target * (options.overshoot ?? 1));
  while (found.count < wanted && high < 200) {
    low = high;
    high *= 2;
    found = best(high);
  }
  for (let step = 0; step < 8 && found.count > wanted * 1.15; step++) {
    const mid = Math.sqrt(low * high);
    const trial = best(mid);
    if (trial.count >= wanted) {
      high = mid;
      found = trial;
    } else {
      low = mid;
    }
  }
  progress?.(0.8);
  const { mapping, count } = mergeCommunities(graph, found.community, found.count, target);
  let assignment = found.community.map((c) => mapping[c]!);
  let k = count;
  if (k > target) {
    // Disconnected leftovers: merge by centroid similarity instead.
    const centroids = new Float32Array(rows.dim * k);
    updateCentroids(rows, assignment, k, centroids);
    const merged = mergeCentroids(rows, assignment, centroids, k, 0, target);
    assignment = assignment.map((c) => merged.mapping[c]!);
    k = merged.k;
  }
  return { assignment, k };
}

/**
 * Large corpora: the graph clusters a random sample, whose centroids then seed a few
 * minibatch k-means passes over every document (linear in the number of documents).
 */
function sampledGraphPartition(
  rows: SparseRows,
  target: number,
  options: EngineOptions,
  seed: number,
  progress?: (f: number) => void,
): { assignment: Int32Array; k: number } {
  const random = createRandom(seed ^ 0x5eed);
  const picked = new Uint8Array(rows.rows);
  const sample: number[] = [];
  const sampleSize = Math.min(rows.rows, options.graphSample ?? GRAPH_SAMPLE);
  while (sample.length < sampleSize) {
    const i = Math.floor(random() * rows.rows);
    if (picked[i]) continue;
    picked[i] = 1;
    sample.push(i);
  }
  sample.sort((a, b) => a - b);
  const sampleRows = selectRows(rows, sample);
  const { assignment: sampleAssignment, k } = graphPartition(sampleRows, target, options, seed, (f) =>
    progress?.(0.2 + 0.4 * f),
  );
  return polish(sampleRows, rows, sampleAssignment, k, Math.max(1, options.polish ?? POLISH_PASSES), progress);
}

/**
 * Lloyd passes (spherical k-means steps) over `rows` from the centroids of a partition of
 * `from`: documents move to their most similar centroid, the centroids follow them.
 */
function polish(
  from: SparseRows,
  rows: SparseRows,
  partition: Int32Array,
  k: number,
  passes: number,
  progress?: (f: number) => void,
): { assignment: Int32Array; k: number } {
  if (passes <= 0 && from === rows) return { assignment: partition, k };
  const centroids = new Float32Array(rows.dim * k);
  updateCentroids(from, partition, k, centroids);
  const assignment = new Int32Array(rows.rows);
  for (let pass = 0; pass < passes; pass++) {
    assignByIndex(rows, centroids, k, assignment);
    if (pass + 1 < passes) updateCentroids(rows, assignment, k, centroids);
    progress?.(0.6 + (0.2 * (pass + 1)) / passes);
  }
  return compact(assignment, k);
}

/** Renumbers clusters so that none is empty. */
export function compact(assignment: Int32Array, k: number): { assignment: Int32Array; k: number } {
  const index = new Int32Array(k).fill(-1);
  let next = 0;
  for (const c of assignment) if (c >= 0 && index[c] === -1) index[c] = next++;
  return { assignment: assignment.map((c) => (c >= 0 ? index[c]! : -1)), k: next };
}

/** Modularity of a partition at a resolution. */
function modularity(graph: Graph, community: Int32Array, resolution: number): number {
  let m2 = 0;
  let inside = 0;
  const tot = new Map<number, number>();
  for (let i = 0; i < graph.n; i++) {
    let degree = 0;
    for (let p = graph.indptr[i]!; p < graph.indptr[i + 1]!; p++) {
      degree += graph.weights[p]!;
      if (community[graph.indices[p]!] === community[i]) inside += graph.weights[p]!;
    }
    m2 += degree;
    tot.set(community[i]!, (tot.get(community[i]!) ?? 0) + degree);
  }
  if (m2 === 0) return 0;
  let expected = 0;
  for (const t of tot.values()) expected += (t / m2) * (t / m2);
  return inside / m2 - resolution * expected;
}

/** Rows of communities smaller than `minSize` join the most similar larger cluster, or none. */
function dissolveSmall(
  rows: SparseRows,
  community: Int32Array,
  count: number,
  minSize: number,
): { assignment: Int32Array; k: number } {
  const sizes = new Int32Array(count);
  for (const c of community) sizes[c]!++;
  const index = new Int32Array(count).fill(-1);
  let k = 0;
  for (let c = 0; c < count; c++) if (sizes[c]! >= minSize) index[c] = k++;
  const assignment = community.map((c) => index[c]!);
  if (k === 0) return { assignment: new Int32Array(rows.rows), k: 1 };
  const centroids = new Float32Array(rows.dim * k);
  updateCentroids(rows, assignment, k, centroids);
  const sims = new Float32Array(k);
  for (let i = 0; i < rows.rows; i++) {
    if (assignment[i]! >= 0) continue;
    rowSimilarities(rows, i, centroids, k, sims);
    let best = -1;
    let bestSim = REJOIN_SIMILARITY;
    for (let c = 0; c < k; c++) {
      if (sims[c]! >= bestSim) {
        bestSim = sims[c]!;
        best = c;
      }
    }
    assignment[i] = best;
  }
  return { assignment, k };
}
