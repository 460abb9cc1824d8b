// Latent semantic analysis: a truncated SVD of the TF-IDF rows by randomized power
// iteration (Halko, Martinsson and Tropp), so that words that occur in the same tickets
// end up close even when two tickets share none of them.
import type { SparseRows } from "./features";
import { createRandom } from "./kmeans";

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi); eigenvalues descending. */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! * a[p * n + p]!;
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from]!;
  });
  return { values, vectors };
}

/** Gram matrix MᵀM of a row-major m × l matrix. */
function gram(m: Float32Array, rows: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let i = 0; i < rows; i++) {
    const base = i * l;
    for (let a = 0; a < l; a++) {
      const x = m[base + a]!;
      if (x === 0) continue;
      const ga = a * l;
      for (let b = a; b < l; b++) g[ga + b]! += x * m[base + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a]!;
  return g;
}

/** Right-multiplies a row-major m × l matrix by an l × r matrix (row-major, float64). */
function multiply(m: Float32Array, rows: number, l: number, w: Float64Array, r: number): Float32Array {
  const out = new Float32Array(rows * r);
  const row = new Float64Array(r);
  for (let i = 0; i < rows; i++) {
    row.fill(0);
    for (let a = 0; a < l; a++) {
      const x = m[i * l + a]!;
      if (x === 0) continue;
      for (let b = 0; b < r; b++) row[b]! += x * w[a * r + b]!;
    }
    for (let b = 0; b < r; b++) out[i * r + b] = row[b]!;
  }
  return out;
}

/** An orthonormal basis of the columns of m (via the eigen-decomposition of its Gram matrix). */
function orthonormalize(m: Float32Array, rows: number, l: number): Float32Array {
  const { values, vectors } = symmetricEigen(gram(m, rows, l), l);
  const w = new Float64Array(l * l);
  const floor = Math.max(values[0]!, 0) * 1e-10;
  for (let b = 0; b < l; b++) {
    const lambda = values[b]!;
    if (lambda <= floor) continue;
    const scale = 1 / Math.sqrt(lambda);
    for (let a = 0; a < l; a++) w[a * l + b] = vectors[a * l + b]! * scale;
  }
  return multiply(m, rows, l, w, l);
}

export interface LsaProjection {
  /** Number of output dimensions. */
  rank: number;
  /** For each hashed dimension, its row in `components`, or -1. */
  slot: Int32Array;
  /** Row-major (active dimensions × rank): the right singular vectors. */
  components: Float32Array;
  /** Singular values, descending. */
  singular: Float64Array;
}

/** Fits a rank-`rank` truncated SVD of the rows (rows × dim, sparse). */
export function fitLsa(rows: SparseRows, rank: number, seed: number, powerIterations = 2): LsaProjection {
  const slot = new Int32Array(rows.dim).fill(-1);
  let active = 0;
  for (let p = 0; p < rows.indices.length; p++) {
    const d = rows.indices[p]!;
    if (slot[d] === -1) slot[d] = active++;
  }
  const n = rows.rows;
  const l = Math.max(1, Math.min(rank + 10, n, active));
  const random = createRandom(seed);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  let z: Float32Array = new Float32Array(active * l);
  for (let i = 0; i < z.length; i++) z[i] = gaussian();
  // y = X z (n × l); zT = Xᵀ q (active × l).
  const times = (right: Float32Array): Float32Array => {
    const y = new Float32Array(n * l);
    for (let i = 0; i < n; i++) {
      const base = i * l;
      for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
        const v = rows.values[p]!;
        const from = slot[rows.indices[p]!]! * l;
        for (let b = 0; b < l; b++) y[base + b]! += v * right[from + b]!;
      }
    }
    return y;
  };
  const transposeTimes = (q: Float32Array): Float32Array => {
    const out = new Float32Array(active * l);
    for (let i = 0; i < n; i++) {
      const base = i * l;
      for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
        const v = rows.values[p]!;
        const to = slot[rows.indices[p]!]! * l;
        for (let b = 0; b < l; b++) out[to + b]! += v * q[base + b]!;
      }
    }
    return out;
  };
  let q = orthonormalize(times(z), n, l);
  for (let it = 0; it < powerIterations; it++) {
    z = orthonormalize(transposeTimes(q), active, l);
    q = orthonormalize(times(z), n, l);
  }
  // Xᵀq = V Σ Wᵀ: the eigenvectors of its Gram matrix give W, and V = Xᵀq W Σ⁻¹.
  const bt = transposeTimes(q);
  const { values, vectors } = symmetricEigen(gram(bt, active, l), l);
  const r = Math.min(rank, l);
  const w = new Float64Array(l * r);
  const singular = new Float64Array(r);
  for (let b = 0; b < r; b++) {
    const sigma = Math.sqrt(Math.max(values[b]!, 0));
    singular[b] = sigma;
    const scale = sigma > 1e-12 ? 1 / sigma : 0;
    for (let a = 0; a < l; a++) w[a * r + b] = vectors[a * l + b]! * scale;
  }
  return { rank: r, slot, components: multiply(bt, active, l, w, r), singular };
}

/** Projects row `row` of `rows` into the LSA space, L2-normalised, into out[offset..offset+rank). */
export function projectRow(
  lsa: LsaProjection,
  rows: SparseRows,
  row: number,
  out: Float32Array,
  offset: number,
  skipFirst = 0,
): void {
  const r = lsa.rank;
  const width = r - skipFirst;
  for (let b = 0; b < width; b++) out[offset + b] = 0;
  for (let p = rows.indptr[row]!; p < rows.indptr[row + 1]!; p++) {
    const s = lsa.slot[rows.indices[p]!]!;
    if (s < 0) continue;
    const v = rows.values[p]!;
    const base = s * r + skipFirst;
    for (let b = 0; b < width; b++) out[offset + b]! += v * lsa.components[base + b]!;
  }
  let norm = 0;
  for (let b = 0; b < width; b++) norm += out[offset + b]! * out[offset + b]!;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let b = 0; b < width; b++) out[offset + b]! *= scale;
  }
}
