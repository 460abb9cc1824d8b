// Spherical k-means on dense unit rows (n × dim, row-major): k-means++ seeding, full
// Lloyd passes up to `fullPassLimit` rows and minibatch updates above, restarts keeping
// the best objective.
import { createRandom } from "./kmeans";

export interface DenseKMeansOptions {
  k: number;
  seed: number;
  restarts?: number;
  maxIterations?: number;
  fullPassLimit?: number;
  batchSize?: number;
  /** Initial centroids (k × dim) instead of k-means++. */
  initial?: Float32Array;
  onProgress?: (fraction: number) => void;
}

export interface DenseKMeansResult {
  k: number;
  assignment: Int32Array;
  similarity: Float32Array;
  /** Unit centroids, k × dim. */
  centroids: Float32Array;
  objective: number;
}

function normalizeRows(m: Float32Array, rows: number, dim: number): void {
  for (let i = 0; i < rows; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += m[i * dim + d]! * m[i * dim + d]!;
    if (norm > 0) {
      const s = 1 / Math.sqrt(norm);
      for (let d = 0; d < dim; d++) m[i * dim + d]! *= s;
    }
  }
}

/** Best centroid and similarity of every row; returns the objective. */
function denseAssign(
  data: Float32Array,
  n: number,
  dim: number,
  centroids: Float32Array,
  k: number,
  assignment: Int32Array,
  similarity: Float32Array,
): number {
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let best = 0;
    let bestSim = -Infinity;
    for (let c = 0; c < k; c++) {
      const cb = c * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += data[base + d]! * centroids[cb + d]!;
      if (dot > bestSim) {
        bestSim = dot;
        best = c;
      }
    }
    assignment[i] = best;
    similarity[i] = bestSim;
    objective += bestSim;
  }
  return objective;
}

/** Unit centroids of the rows by assignment (rows with assignment −1 ignored); returns sizes. */
function denseCentroids(
  data: Float32Array,
  n: number,
  dim: number,
  assignment: Int32Array,
  k: number,
  centroids: Float32Array,
): Int32Array {
  centroids.fill(0);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    sizes[c]!++;
    const base = i * dim;
    const cb = c * dim;
    for (let d = 0; d < dim; d++) centroids[cb + d]! += data[base + d]!;
  }
  normalizeRows(centroids, k, dim);
  return sizes;
}

function seed(data: Float32Array, n: number, dim: number, k: number, random: () => number): Float32Array {
  const limit = 20_000;
  const sample: number[] = [];
  if (n <= limit) for (let i = 0; i < n; i++) sample.push(i);
  else for (let i = 0; i < limit; i++) sample.push(Math.floor(random() * n));
  const centroids = new Float32Array(k * dim);
  const distance = new Float64Array(sample.length).fill(Infinity);
  let chosen = sample[Math.floor(random() * sample.length)]!;
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(chosen * dim, chosen * dim + dim), c * dim);
    if (c + 1 === k) break;
    let total = 0;
    for (let s = 0; s < sample.length; s++) {
      const base = sample[s]! * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += data[base + d]! * centroids[c * dim + d]!;
      const dist = Math.max(0, 1 - dot);
      if (dist < distance[s]!) distance[s] = dist;
      total += distance[s]!;
    }
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

function run(
  data: Float32Array,
  n: number,
  dim: number,
  options: DenseKMeansOptions,
  runSeed: number,
  report: (f: number) => void,
): DenseKMeansResult {
  const k = Math.max(1, Math.min(options.k, n));
  const random = createRandom(runSeed);
  const centroids = options.initial ? Float32Array.from(options.initial) : seed(data, n, dim, k, random);
  const assignment = new Int32Array(n);
  const similarity = new Float32Array(n);
  const fullPassLimit = options.fullPassLimit ?? 50_000;
  if (n > fullPassLimit) {
    // Minibatch (Sculley 2010) with per-centroid learning rates.
    const batchSize = options.batchSize ?? 2048;
    const batches = Math.min(300, Math.max(50, Math.ceil((2 * n) / batchSize)));
    const counts = new Float64Array(k);
    const picked = new Int32Array(batchSize);
    const to = new Int32Array(batchSize);
    for (let b = 0; b < batches; b++) {
      for (let s = 0; s < batchSize; s++) {
        const i = Math.floor(random() * n);
        picked[s] = i;
        let best = 0;
        let bestSim = -Infinity;
        for (let c = 0; c < k; c++) {
          let dot = 0;
          for (let d = 0; d < dim; d++) dot += data[i * dim + d]! * centroids[c * dim + d]!;
          if (dot > bestSim) {
            bestSim = dot;
            best = c;
          }
        }
        to[s] = best;
      }
      for (let s = 0; s < batchSize; s++) {
        const c = to[s]!;
        const i = picked[s]!;
        counts[c]!++;
        const eta = 1 / counts[c]!;
        for (let d = 0; d < dim; d++)
          centroids[c * dim + d] = (1 - eta) * centroids[c * dim + d]! + eta * data[i * dim + d]!;
      }
      normalizeRows(centroids, k, dim);
      report((0.8 * (b + 1)) / batches);
    }
    for (let pass = 0; pass < 3; pass++) {
      denseAssign(data, n, dim, centroids, k, assignment, similarity);
      denseCentroids(data, n, dim, assignment, k, centroids);
    }
  } else {
    const maxIterations = options.maxIterations ?? 40;
    const previous = new Int32Array(n).fill(-1);
    for (let it = 0; it < maxIterations; it++) {
      denseAssign(data, n, dim, centroids, k, assignment, similarity);
      let changed = 0;
      for (let i = 0; i < n; i++) if (assignment[i] !== previous[i]) changed++;
      previous.set(assignment);
      report((it + 1) / maxIterations);
      if (changed <= n * 0.0005) break;
      const sizes = denseCentroids(data, n, dim, assignment, k, centroids);
      // An empty cluster takes the row farthest from its centroid.
      for (let c = 0; c < k; c++) {
        if (sizes[c]! > 0) continue;
        let worst = -1;
        for (let i = 0; i < n; i++)
          if (sizes[assignment[i]!]! > 1 && (worst < 0 || similarity[i]! < similarity[worst]!)) worst = i;
        if (worst < 0) break;
        sizes[assignment[worst]!]!--;
        assignment[worst] = c;
        similarity[worst] = 1;
        sizes[c] = 1;
        centroids.set(data.subarray(worst * dim, worst * dim + dim), c * dim);
      }
    }
  }
  const objective = denseAssign(data, n, dim, centroids, k, assignment, similarity);
  return { k, assignment, similarity, centroids, objective };
}

export function denseKMeans(
  data: Float32Array,
  n: number,
  dim: number,
  options: DenseKMeansOptions,
): DenseKMeansResult {
  const restarts = options.initial ? 1 : Math.max(1, options.restarts ?? 1);
  let best: DenseKMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const result = run(data, n, dim, options, options.seed + r * 7919, (f) => options.onProgress?.((r + f) / restarts));
    if (!best || result.objective > best.objective) best = result;
  }
  return best!;
}
