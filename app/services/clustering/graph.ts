// A k-nearest-neighbour graph of documents and Louvain community detection on it: groups
// documents that are each other's neighbours, whatever the shape of the group.
import { createRandom } from "./kmeans";

export interface Graph {
  n: number;
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float32Array;
}

/**
 * A symmetric graph from neighbour lists: an edge where either is among the other's
 * neighbours, weighted by cosine, or by cosine × the share of neighbours they have in
 * common ("snn"), which weakens edges that cross between groups.
 */
export function buildGraph(
  neighbours: Int32Array,
  sims: Float32Array,
  n: number,
  kNN: number,
  weighting: "cosine" | "snn" = "cosine",
): Graph {
  const edges = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const mark = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (weighting === "snn")
      for (let t = 0; t < kNN; t++) if (neighbours[i * kNN + t]! >= 0) mark[neighbours[i * kNN + t]!] = i;
    for (let t = 0; t < kNN; t++) {
      const j = neighbours[i * kNN + t]!;
      let w = sims[i * kNN + t]!;
      if (j < 0 || w <= 0) continue;
      if (weighting === "snn") {
        let shared = 0;
        for (let u = 0; u < kNN; u++) {
          const x = neighbours[j * kNN + u]!;
          if (x >= 0 && (mark[x] === i || x === i)) shared++;
        }
        w *= (shared + 1) / (kNN + 1);
      }
      const k = key(i, j);
      edges.set(k, Math.max(edges.get(k) ?? 0, w));
    }
  }
  const degree = new Int32Array(n + 1);
  for (const k of edges.keys()) {
    degree[Math.floor(k / n) + 1]!++;
    degree[(k % n) + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const fill = degree.slice(0, n);
  const indices = new Int32Array(degree[n]!);
  const weights = new Float32Array(degree[n]!);
  for (const [k, w] of edges) {
    const a = Math.floor(k / n);
    const b = k % n;
    indices[fill[a]!] = b;
    weights[fill[a]!++] = w;
    indices[fill[b]!] = a;
    weights[fill[b]!++] = w;
  }
  return { n, indptr: degree, indices, weights };
}

/** Louvain modularity optimisation with a resolution; returns each node's community (0..count-1). */
export function louvain(graph: Graph, resolution: number, seed: number): { community: Int32Array; count: number } {
  const random = createRandom(seed);
  let g = graph;
  let selfLoops = new Float64Array(g.n);
  // membership of original nodes in current-level nodes
  const membership = Int32Array.from({ length: graph.n }, (_, i) => i);
  let m2 = 0;
  for (let p = 0; p < g.weights.length; p++) m2 += g.weights[p]!;
  if (m2 === 0) return { community: membership, count: graph.n };
  for (let level = 0; level < 20; level++) {
    const n = g.n;
    const degree = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let d = 2 * selfLoops[i]!;
      for (let p = g.indptr[i]!; p < g.indptr[i + 1]!; p++) d += g.weights[p]!;
      degree[i] = d;
    }
    const community = Int32Array.from({ length: n }, (_, i) => i);
    const tot = Float64Array.from(degree);
    const toCommunity = new Float64Array(n);
    const touched: number[] = [];
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let moved = true;
    let anyMove = false;
    for (let pass = 0; moved && pass < 50; pass++) {
      moved = false;
      for (const i of order) {
        const own = community[i]!;
        for (let p = g.indptr[i]!; p < g.indptr[i + 1]!; p++) {
          const c = community[g.indices[p]!]!;
          if (toCommunity[c] === 0) touched.push(c);
          toCommunity[c]! += g.weights[p]!;
        }
        tot[own]! -= degree[i]!;
        const ki = degree[i]!;
        let best = own;
        let bestGain = toCommunity[own]! - (resolution * tot[own]! * ki) / m2;
        for (const c of touched) {
          const gain = toCommunity[c]! - (resolution * tot[c]! * ki) / m2;
          if (gain > bestGain + 1e-12) {
            bestGain = gain;
            best = c;
          }
        }
        tot[best]! += ki;
        if (best !== own) {
          community[i] = best;
          moved = true;
          anyMove = true;
        }
        for (const c of touched) toCommunity[c] = 0;
        toCommunity[own] = 0;
        touched.length = 0;
      }
    }
    // Renumber and aggregate.
    const renumber = new Int32Array(n).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) if (renumber[community[i]!] === -1) renumber[community[i]!] = count++;
    for (let i = 0; i < membership.length; i++) membership[i] = renumber[community[membership[i]!]!]!;
    if (!anyMove || count === n) break;
    const nextSelf = new Float64Array(count);
    const edgeMap = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const ci = renumber[community[i]!]!;
      nextSelf[ci]! += selfLoops[i]!;
      for (let p = g.indptr[i]!; p < g.indptr[i + 1]!; p++) {
        const j = g.indices[p]!;
        const cj = renumber[community[j]!]!;
        if (ci === cj) {
          if (i < j) nextSelf[ci]! += g.weights[p]!;
        } else if (ci < cj) {
          const k = ci * count + cj;
          edgeMap.set(k, (edgeMap.get(k) ?? 0) + g.weights[p]!);
        }
      }
    }
    const deg = new Int32Array(count + 1);
    for (const k of edgeMap.keys()) {
      deg[Math.floor(k / count) + 1]!++;
      deg[(k % count) + 1]!++;
    }
    for (let i = 0; i < count; i++) deg[i + 1]! += deg[i]!;
    const fill = deg.slice(0, count);
    const indices = new Int32Array(deg[count]!);
    const weights = new Float32Array(deg[count]!);
    for (const [k, w] of edgeMap) {
      const a = Math.floor(k / count);
      const b = k % count;
      indices[fill[a]!] = b;
      weights[fill[a]!++] = w;
      indices[fill[b]!] = a;
      weights[fill[b]!++] = w;
    }
    g = { n: count, indptr: deg, indices, weights };
    selfLoops = nextSelf;
  }
  let count = 0;
  for (const c of membership) count = Math.max(count, c + 1);
  return { community: membership, count };
}

/**
 * Exact k nearest neighbours (cosine) on sparse unit rows through an inverted index.
 * Features in more than `maxDfShare` of the rows are skipped: they cost the most and
 * tell the least.
 */
export function sparseNearestNeighbours(
  rows: { rows: number; dim: number; indptr: Int32Array; indices: Int32Array; values: Float32Array },
  kNN: number,
  maxDfShare = 0.05,
): { neighbours: Int32Array; sims: Float32Array } {
  const n = rows.rows;
  const df = new Int32Array(rows.dim);
  for (let p = 0; p < rows.indices.length; p++) df[rows.indices[p]!]!++;
  const maxDf = Math.max(2, Math.floor(maxDfShare * n));
  const start = new Int32Array(rows.dim + 1);
  for (let d = 0; d < rows.dim; d++) start[d + 1] = start[d]! + (df[d]! <= maxDf ? df[d]! : 0);
  const fill = start.slice(0, rows.dim);
  const postRow = new Int32Array(start[rows.dim]!);
  const postVal = new Float32Array(start[rows.dim]!);
  for (let i = 0; i < n; i++) {
    for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
      const d = rows.indices[p]!;
      if (df[d]! > maxDf) continue;
      postRow[fill[d]!] = i;
      postVal[fill[d]!++] = rows.values[p]!;
    }
  }
  const neighbours = new Int32Array(n * kNN).fill(-1);
  const sims = new Float32Array(n * kNN).fill(-Infinity);
  const acc = new Float32Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
      const d = rows.indices[p]!;
      if (df[d]! > maxDf) continue;
      const v = rows.values[p]!;
      for (let q = start[d]!; q < start[d + 1]!; q++) {
        const j = postRow[q]!;
        if (acc[j] === 0) touched[count++] = j;
        acc[j]! += v * postVal[q]!;
      }
    }
    const base = i * kNN;
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      const dot = acc[j]!;
      acc[j] = 0;
      if (j === i || dot <= sims[base + kNN - 1]!) continue;
      let at = kNN - 1;
      while (at > 0 && sims[base + at - 1]! < dot) {
        sims[base + at] = sims[base + at - 1]!;
        neighbours[base + at] = neighbours[base + at - 1]!;
        at--;
      }
      sims[base + at] = dot;
      neighbours[base + at] = j;
    }
  }
  return { neighbours, sims };
}

/**
 * Merges communities down to `target`, each time the pair with the strongest link
 * relative to their sizes (edge weight between them / product of their degrees).
 * Pairs with no edge between them are left; returns the new community of each old one.
 */
export function mergeCommunities(
  graph: Graph,
  community: Int32Array,
  count: number,
  target: number,
): { mapping: Int32Array; count: number } {
  return greedyMerge(graph, community, count, (w, a, b) => w / (a * b), { target });
}

/**
 * Merges communities while two of them are more strongly linked than `threshold`: the
 * edge weight between them over the geometric mean of their total degrees, about the share
 * of each one's links that goes to the other. Unlike modularity, this does not depend on
 * how many documents there are, so the number of groups left follows the content.
 *
 * Each community's degree counts `prior` average documents more, links to nowhere: the share
 * of a small community rests on a few links, and a few stray ones should not merge it, while
 * large communities keep about the share they show.
 */
export function mergeLinked(
  graph: Graph,
  community: Int32Array,
  count: number,
  threshold: number,
  norm: "geometric" | "max" = "geometric",
  prior = 0,
): { mapping: Int32Array; count: number } {
  let totalDegree = 0;
  for (let p = 0; p < graph.weights.length; p++) totalDegree += graph.weights[p]!;
  const extra = graph.n > 0 ? (prior * totalDegree) / graph.n : 0;
  const score =
    norm === "max"
      ? (w: number, a: number, b: number) => w / (Math.max(a, b) + extra)
      : (w: number, a: number, b: number) => w / Math.sqrt((a + extra) * (b + extra));
  return greedyMerge(graph, community, count, score, { minScore: threshold });
}

/**
 * Merges the linked pair with the highest score (from the edge weight between two
 * communities and their total degrees) again and again, until `target` communities are
 * left or no pair scores `minScore`.
 */
function greedyMerge(
  graph: Graph,
  community: Int32Array,
  count: number,
  score: (weight: number, totA: number, totB: number) => number,
  stop: { target?: number; minScore?: number },
): { mapping: Int32Array; count: number } {
  const { link, tot } = communityLinks(graph, community, count);
  // Communities without edges still need a size to be compared by.
  for (let a = 0; a < count; a++) if (tot[a] === 0) tot[a] = 1e-6;
  const alive = new Uint8Array(count).fill(1);
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const target = stop.target ?? 1;
  for (let remaining = count; remaining > target; remaining--) {
    let bestA = -1;
    let bestB = -1;
    let best = -Infinity;
    for (let a = 0; a < count; a++) {
      if (!alive[a]) continue;
      const row = a * count;
      for (let b = a + 1; b < count; b++) {
        const w = link[row + b]!;
        if (w === 0 || !alive[b]) continue;
        const value = score(w, tot[a]!, tot[b]!);
        if (value > best) {
          best = value;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0 || best < (stop.minScore ?? 0)) break;
    mergePair(link, tot, alive, parent, count, bestA, bestB);
  }
  return mappingFromParents(parent);
}

/** Edge weight between every two communities, and each community's total degree. */
function communityLinks(graph: Graph, community: Int32Array, count: number): { link: Float64Array; tot: Float64Array } {
  const link = new Float64Array(count * count);
  const tot = new Float64Array(count);
  for (let i = 0; i < graph.n; i++) {
    const a = community[i]!;
    for (let p = graph.indptr[i]!; p < graph.indptr[i + 1]!; p++) {
      const b = community[graph.indices[p]!]!;
      tot[a]! += graph.weights[p]!;
      if (a !== b) link[a * count + b]! += graph.weights[p]!;
    }
  }
  return { link, tot };
}

/** Folds community b into a: their links and degrees add up. */
function mergePair(
  link: Float64Array,
  tot: Float64Array,
  alive: Uint8Array,
  parent: Int32Array,
  count: number,
  a: number,
  b: number,
): void {
  for (let x = 0; x < count; x++) {
    link[a * count + x]! += link[b * count + x]!;
    link[x * count + a] = link[a * count + x]!;
  }
  link[a * count + a] = 0;
  tot[a]! += tot[b]!;
  alive[b] = 0;
  parent[b] = a;
}

/** The new community of each old one, numbered from 0, from a merge forest. */
function mappingFromParents(parent: Int32Array): { mapping: Int32Array; count: number } {
  const count = parent.length;
  const root = (c: number): number => (parent[c] === c ? c : root(parent[c]!));
  const index = new Int32Array(count).fill(-1);
  const mapping = new Int32Array(count);
  let next = 0;
  for (let c = 0; c < count; c++) {
    const r = root(c);
    if (index[r] === -1) index[r] = next++;
    mapping[c] = index[r]!;
  }
  return { mapping, count: next };
}
