// Spherical k-means (cosine) on L2-normalised sparse rows: k-means++ seeding, full Lloyd
// passes for small corpora and minibatch updates for large ones. Centroids are dense,
// stored dimension-major (dim × k) so that a sparse row meets all k centroids in one
// contiguous read per feature.
import type { SparseRows } from "./features";

/** A small fast seeded generator (mulberry32): the same seed gives the same clustering. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KMeansOptions {
  k: number;
  seed: number;
  maxIterations?: number;
  /** Above this many rows, minibatch updates replace full passes. */
  fullPassLimit?: number;
  batchSize?: number;
  batches?: number;
  /** Initial centroids (dim × k, dimension-major), instead of k-means++. */
  initial?: Float32Array;
  onProgress?: (fraction: number) => void;
}

export interface KMeansResult {
  k: number;
  /** Cluster of each row. */
  assignment: Int32Array;
  /** Cosine similarity of each row to its centroid. */
  similarity: Float32Array;
  /** Unit-length centroids, dim × k, dimension-major. */
  centroids: Float32Array;
  /** Sum of the similarities: higher is better. */
  objective: number;
}

/** Similarities of one row to every centroid, written into `out`. */
export function rowSimilarities(
  rows: SparseRows,
  row: number,
  centroids: Float32Array,
  k: number,
  out: Float32Array,
): void {
  out.fill(0);
  const end = rows.indptr[row + 1]!;
  for (let p = rows.indptr[row]!; p < end; p++) {
    const value = rows.values[p]!;
    const base = rows.indices[p]! * k;
    for (let c = 0; c < k; c++) out[c]! += value * centroids[base + c]!;
  }
}

/** Assigns each row to its most similar centroid; returns the objective. */
export function assignRows(
  rows: SparseRows,
  centroids: Float32Array,
  k: number,
  assignment: Int32Array,
  similarity: Float32Array,
  onRow?: (row: number, sims: Float32Array) => void,
): number {
  const sims = new Float32Array(k);
  let objective = 0;
  for (let i = 0; i < rows.rows; i++) {
    rowSimilarities(rows, i, centroids, k, sims);
    let best = 0;
    let bestSim = -Infinity;
    for (let c = 0; c < k; c++) {
      if (sims[c]! > bestSim) {
        bestSim = sims[c]!;
        best = c;
      }
    }
    assignment[i] = best;
    similarity[i] = bestSim;
    objective += bestSim;
    onRow?.(i, sims);
  }
  return objective;
}

/** Recomputes unit centroids as normalised sums of their rows; returns each cluster's size. */
export function updateCentroids(
  rows: SparseRows,
  assignment: Int32Array,
  k: number,
  centroids: Float32Array,
): Int32Array {
  centroids.fill(0);
  const sizes = new Int32Array(k);
  for (let i = 0; i < rows.rows; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    sizes[c]!++;
    for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) centroids[rows.indices[p]! * k + c]! += rows.values[p]!;
  }
  normalizeCentroids(centroids, k);
  return sizes;
}

function normalizeCentroids(centroids: Float32Array, k: number): void {
  const norms = new Float64Array(k);
  for (let i = 0; i < centroids.length; i++) {
    const v = centroids[i]!;
    norms[i % k]! += v * v;
  }
  const scale = new Float32Array(k);
  for (let c = 0; c < k; c++) scale[c] = norms[c]! > 0 ? 1 / Math.sqrt(norms[c]!) : 0;
  for (let i = 0; i < centroids.length; i++) centroids[i]! *= scale[i % k]!;
}

function copyRowInto(rows: SparseRows, row: number, centroids: Float32Array, k: number, c: number): void {
  for (let d = c; d < centroids.length; d += k) centroids[d] = 0;
  for (let p = rows.indptr[row]!; p < rows.indptr[row + 1]!; p++) centroids[rows.indices[p]! * k + c] = rows.values[p]!;
}

/** k-means++ seeding on (a sample of) the rows, with distances 1 − cosine. */
function seedPlusPlus(rows: SparseRows, k: number, random: () => number, sampleLimit = 20_000): Float32Array {
  const n = rows.rows;
  const sample: number[] = [];
  if (n <= sampleLimit) for (let i = 0; i < n; i++) sample.push(i);
  else for (let i = 0; i < sampleLimit; i++) sample.push(Math.floor(random() * n));
  const centroids = new Float32Array(rows.dim * k);
  const scratch = new Float32Array(rows.dim);
  const distance = new Float64Array(sample.length).fill(1);
  let chosen = sample[Math.floor(random() * sample.length)]!;
  for (let c = 0; c < k; c++) {
    copyRowInto(rows, chosen, centroids, k, c);
    for (let p = rows.indptr[chosen]!; p < rows.indptr[chosen + 1]!; p++) scratch[rows.indices[p]!] = rows.values[p]!;
    let total = 0;
    for (let s = 0; s < sample.length; s++) {
      const i = sample[s]!;
      let dot = 0;
      for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) dot += rows.values[p]! * scratch[rows.indices[p]!]!;
      const d = Math.max(0, 1 - dot);
      if (d < distance[s]!) distance[s] = d;
      total += distance[s]!;
    }
    for (let p = rows.indptr[chosen]!; p < rows.indptr[chosen + 1]!; p++) scratch[rows.indices[p]!] = 0;
    if (c + 1 === k) break;
    if (total <= 0) {
      chosen = sample[Math.floor(random() * sample.length)]!;
      continue;
    }
    let target = random() * total;
    let pick = sample.length - 1;
    for (let s = 0; s < sample.length; s++) {
      target -= distance[s]!;
      if (target <= 0) {
        pick = s;
        break;
      }
    }
    chosen = sample[pick]!;
  }
  return centroids;
}

/** Gives each empty cluster the row farthest from its own centroid. */
function refillEmpty(
  rows: SparseRows,
  sizes: Int32Array,
  similarity: Float32Array,
  assignment: Int32Array,
  centroids: Float32Array,
  k: number,
): boolean {
  let changed = false;
  for (let c = 0; c < k; c++) {
    if (sizes[c]! > 0) continue;
    let worst = -1;
    let worstSim = Infinity;
    for (let i = 0; i < rows.rows; i++) {
      if (similarity[i]! < worstSim && sizes[assignment[i]!]! > 1) {
        worstSim = similarity[i]!;
        worst = i;
      }
    }
    if (worst < 0) break;
    sizes[assignment[worst]!]!--;
    assignment[worst] = c;
    similarity[worst] = 1;
    sizes[c] = 1;
    copyRowInto(rows, worst, centroids, k, c);
    changed = true;
  }
  return changed;
}

/** Sculley's minibatch k-means with per-centroid learning rates, kept spherical by scale factors. */
function minibatch(
  rows: SparseRows,
  centroids: Float32Array,
  k: number,
  random: () => number,
  batchSize: number,
  batches: number,
  onProgress?: (f: number) => void,
) {
  // centroid c = scale[c] × stored column c; norm2[c] = its squared length.
  const scale = new Float64Array(k).fill(1);
  const norm2 = new Float64Array(k).fill(1);
  const counts = new Float64Array(k);
  const sims = new Float32Array(k);
  const batchRows = new Int32Array(batchSize);
  const batchAssign = new Int32Array(batchSize);
  for (let b = 0; b < batches; b++) {
    for (let s = 0; s < batchSize; s++) {
      const i = Math.floor(random() * rows.rows);
      batchRows[s] = i;
      rowSimilarities(rows, i, centroids, k, sims);
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const sim = norm2[c]! > 0 ? (sims[c]! * scale[c]!) / Math.sqrt(norm2[c]!) : 0;
        if (sim > bestSim) {
          bestSim = sim;
          best = c;
        }
      }
      batchAssign[s] = best;
    }
    for (let s = 0; s < batchSize; s++) {
      const i = batchRows[s]!;
      const c = batchAssign[s]!;
      counts[c]!++;
      const eta = 1 / counts[c]!;
      let dot = 0;
      let xx = 0;
      for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
        const v = rows.values[p]!;
        dot += v * centroids[rows.indices[p]! * k + c]!;
        xx += v * v;
      }
      dot *= scale[c]!;
      norm2[c] = (1 - eta) * (1 - eta) * norm2[c]! + 2 * (1 - eta) * eta * dot + eta * eta * xx;
      scale[c]! *= 1 - eta;
      if (scale[c]! < 1e-6) {
        // Fold the scale back into the column before precision suffers.
        for (let d = c; d < centroids.length; d += k) centroids[d]! *= 0;
        scale[c] = 1;
        norm2[c] = 0;
        for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++)
          centroids[rows.indices[p]! * k + c] = rows.values[p]!;
        norm2[c] = xx;
        counts[c] = 1;
        continue;
      }
      const add = eta / scale[c]!;
      for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++)
        centroids[rows.indices[p]! * k + c]! += add * rows.values[p]!;
    }
    onProgress?.((b + 1) / batches);
  }
  for (let d = 0; d < centroids.length; d++) centroids[d]! *= scale[d % k]!;
  normalizeCentroids(centroids, k);
}

/** Runs k-means `restarts` times from different seedings and keeps the best objective. */
export function sphericalKMeans(rows: SparseRows, options: KMeansOptions & { restarts?: number }): KMeansResult {
  const restarts = options.initial ? 1 : Math.max(1, options.restarts ?? 1);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const run = singleKMeans(rows, {
      ...options,
      seed: options.seed + r * 7919,
      onProgress: options.onProgress && ((f) => options.onProgress!((r + f) / restarts)),
    });
    if (!best || run.objective > best.objective) best = run;
  }
  return best!;
}

function singleKMeans(rows: SparseRows, options: KMeansOptions): KMeansResult {
  const k = Math.max(1, Math.min(options.k, rows.rows));
  const random = createRandom(options.seed);
  const maxIterations = options.maxIterations ?? 30;
  const fullPassLimit = options.fullPassLimit ?? 50_000;
  const centroids = options.initial ?? seedPlusPlus(rows, k, random);
  const assignment = new Int32Array(rows.rows).fill(-1);
  const similarity = new Float32Array(rows.rows);
  const previous = new Int32Array(rows.rows).fill(-1);
  let objective = 0;
  if (rows.rows > fullPassLimit) {
    const batchSize = options.batchSize ?? 4096;
    const batches = options.batches ?? Math.min(150, Math.max(30, Math.ceil((3 * rows.rows) / batchSize)));
    minibatch(rows, centroids, k, random, batchSize, batches, (f) => options.onProgress?.(0.8 * f));
    // Two exact passes polish the minibatch centroids.
    for (let pass = 0; pass < 2; pass++) {
      objective = assignRows(rows, centroids, k, assignment, similarity);
      const sizes = updateCentroids(rows, assignment, k, centroids);
      if (refillEmpty(rows, sizes, similarity, assignment, centroids, k))
        updateCentroids(rows, assignment, k, centroids);
    }
    objective = assignRows(rows, centroids, k, assignment, similarity);
    options.onProgress?.(1);
    return { k, assignment, similarity, centroids, objective };
  }
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    objective = assignRows(rows, centroids, k, assignment, similarity);
    let changed = 0;
    for (let i = 0; i < rows.rows; i++) if (assignment[i] !== previous[i]) changed++;
    previous.set(assignment);
    options.onProgress?.((iteration + 1) / maxIterations);
    if (iteration > 0 && changed <= rows.rows * 0.001) break;
    const sizes = updateCentroids(rows, assignment, k, centroids);
    if (refillEmpty(rows, sizes, similarity, assignment, centroids, k)) updateCentroids(rows, assignment, k, centroids);
  }
  return { k, assignment, similarity, centroids, objective };
}

/** Cosine of row `row` with centroid `c` of a dim × k centroid matrix. */
export function rowSimilarity(rows: SparseRows, row: number, centroids: Float32Array, k: number, c: number): number {
  let dot = 0;
  for (let p = rows.indptr[row]!; p < rows.indptr[row + 1]!; p++)
    dot += rows.values[p]! * centroids[rows.indices[p]! * k + c]!;
  return dot;
}

/**
 * Assigns every row to its most similar centroid through an inverted index of the
 * centroids' `keep` largest weights: far cheaper than the dense product when k is large.
 */
export function assignByIndex(
  rows: SparseRows,
  centroids: Float32Array,
  k: number,
  assignment: Int32Array,
  keep = 2000,
): void {
  const dim = rows.dim;
  const columns: Array<Array<[number, number]>> = Array.from({ length: k }, () => []);
  for (let d = 0; d < dim; d++) {
    const base = d * k;
    for (let c = 0; c < k; c++) {
      const v = centroids[base + c]!;
      if (v > 0) columns[c]!.push([d, v]);
    }
  }
  const start = new Int32Array(dim + 1);
  const kept = columns.map((column) => {
    column.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const top = column.slice(0, keep);
    for (const [d] of top) start[d + 1]!++;
    return top;
  });
  for (let d = 0; d < dim; d++) start[d + 1]! += start[d]!;
  const fill = start.slice(0, dim);
  const postCluster = new Int32Array(start[dim]!);
  const postWeight = new Float32Array(start[dim]!);
  kept.forEach((top, c) => {
    for (const [d, v] of top) {
      postCluster[fill[d]!] = c;
      postWeight[fill[d]!++] = v;
    }
  });
  const sims = new Float32Array(k);
  for (let i = 0; i < rows.rows; i++) {
    sims.fill(0);
    for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
      const d = rows.indices[p]!;
      const v = rows.values[p]!;
      for (let q = start[d]!; q < start[d + 1]!; q++) sims[postCluster[q]!]! += v * postWeight[q]!;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (sims[c]! > sims[best]!) best = c;
    assignment[i] = best;
  }
}
