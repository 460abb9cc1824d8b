// The stored model: quantised idf and truncated sparse centroids, base64 in JSON, and
// the fast assignment of one new text against it.
import type { Assignment, ClusterModel } from "./types";
import { countFeatures, type FeatureOptions, IDF_STEPS, prepareText, weightFeatures } from "./features";

/** 2: lexicon concepts and negation marks; version 1 models (neither) are still read. */
const MODEL_VERSION = 2;
/** Centroid weights kept per cluster in the model. */
const CENTROID_TERMS = 1500;

export interface EngineModel extends ClusterModel {
  version: 1 | typeof MODEL_VERSION;
  features: FeatureOptions;
  /** base64 of one byte per hashed dimension. */
  idf: string;
  clusters: Array<{ label: string; indices: string; values: string; threshold: number }>;
}

const toBase64 = (array: Uint8Array | Int32Array | Float32Array) =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");

function fromBase64(text: string): Uint8Array {
  const buffer = Buffer.from(text, "base64");
  // Copy into a fresh, aligned buffer so typed views of it are valid.
  return new Uint8Array(buffer);
}

/** Keeps the largest weights of a dense centroid column (dim × k layout). */
export function truncateCentroid(
  centroids: Float32Array,
  k: number,
  c: number,
  keep = CENTROID_TERMS,
): { indices: Int32Array; values: Float32Array } {
  const entries: Array<[number, number]> = [];
  for (let d = c, index = 0; d < centroids.length; d += k, index++) {
    const v = centroids[d]!;
    if (v !== 0) entries.push([index, v]);
  }
  entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = entries.slice(0, keep).sort((a, b) => a[0] - b[0]);
  return { indices: Int32Array.from(kept, (e) => e[0]), values: Float32Array.from(kept, (e) => e[1]) };
}

export function buildModel(
  features: FeatureOptions,
  idf: Float32Array,
  clusters: Array<{ label: string; indices: Int32Array; values: Float32Array; threshold: number }>,
): EngineModel {
  const bytes = new Uint8Array(idf.length);
  for (let i = 0; i < idf.length; i++) bytes[i] = Math.min(255, Math.round(idf[i]! * IDF_STEPS));
  return {
    version: MODEL_VERSION,
    features,
    idf: toBase64(bytes),
    clusters: clusters.map((c) => ({
      label: c.label,
      indices: toBase64(c.indices),
      values: toBase64(c.values),
      threshold: c.threshold,
    })),
  };
}

interface DecodedModel {
  features: FeatureOptions;
  idf: Float32Array;
  thresholds: Float32Array;
  /** Inverted index: for dimension d, postings [start[d], start[d+1]) of (cluster, weight). */
  start: Int32Array;
  postingCluster: Int32Array;
  postingWeight: Float32Array;
  k: number;
}

const decoded = new WeakMap<object, DecodedModel>();

function decode(model: ClusterModel): DecodedModel {
  const cached = decoded.get(model);
  if (cached) return cached;
  const m = model as EngineModel;
  if ((m.version !== 1 && m.version !== MODEL_VERSION) || typeof m.idf !== "string" || !Array.isArray(m.clusters)) {
    throw new Error(`Unsupported clustering model (version ${String(model.version)})`);
  }
  const bytes = fromBase64(m.idf);
  const idf = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) idf[i] = bytes[i]! / IDF_STEPS;
  const dim = 1 << m.features.bits;
  const columns = m.clusters.map((c) => ({
    indices: new Int32Array(fromBase64(c.indices).buffer),
    values: new Float32Array(fromBase64(c.values).buffer),
  }));
  const start = new Int32Array(dim + 1);
  for (const { indices } of columns) for (const d of indices) start[d + 1]!++;
  for (let d = 0; d < dim; d++) start[d + 1]! += start[d]!;
  const fill = start.slice(0, dim);
  const total = start[dim]!;
  const postingCluster = new Int32Array(total);
  const postingWeight = new Float32Array(total);
  columns.forEach(({ indices, values }, c) => {
    for (let j = 0; j < indices.length; j++) {
      const at = fill[indices[j]!]!++;
      postingCluster[at] = c;
      postingWeight[at] = values[j]!;
    }
  });
  const result: DecodedModel = {
    features: m.features,
    idf,
    thresholds: Float32Array.from(m.clusters, (c) => c.threshold),
    start,
    postingCluster,
    postingWeight,
    k: m.clusters.length,
  };
  decoded.set(model, result);
  return result;
}

/** The similarity of a text to every cluster of the model. */
export function modelSimilarities(model: ClusterModel, text: string): Float32Array {
  const m = decode(model);
  return similaritiesOf(m, countFeatures(prepareText(text, m.features).tokens, m.features));
}

function similaritiesOf(m: DecodedModel, counts: ReturnType<typeof countFeatures>): Float32Array {
  const vector = weightFeatures(counts, m.idf, m.features.charWeight);
  const sims = new Float32Array(m.k);
  for (const [d, value] of vector) {
    for (let p = m.start[d]!; p < m.start[d + 1]!; p++) sims[m.postingCluster[p]!]! += value * m.postingWeight[p]!;
  }
  return sims;
}

/** Puts a new text in its nearest cluster, or in none when no cluster is close enough. */
export function assignDocument(model: ClusterModel, text: string): Assignment {
  const m = decode(model);
  const sims = modelSimilarities(model, text);
  let best = -1;
  let bestSim = 0;
  for (let c = 0; c < m.k; c++) {
    if (sims[c]! > bestSim) {
      bestSim = sims[c]!;
      best = c;
    }
  }
  if (best < 0 || bestSim < m.thresholds[best]!) return { clusterIndex: null, similarity: bestSim };
  return { clusterIndex: best, similarity: bestSim };
}

/** Below this similarity a cluster is never offered for a text being typed. */
const SUGGESTION_FLOOR = 0.15;

/**
 * The clusters a text truly belongs near, best first: each at least as close as its own
 * members' acceptance threshold (and never below SUGGESTION_FLOOR), and nothing for a text
 * with no word the model knows ("abc", a typo, a word seen in no ticket).
 */
export function closeClusters(model: ClusterModel, text: string): Array<{ clusterIndex: number; similarity: number }> {
  const m = decode(model);
  // Tokenised once: the word block tells whether the model knows any word, the whole gives the similarities.
  const counts = countFeatures(prepareText(text, m.features).tokens, m.features);
  let known = 0;
  for (const d of counts.word.keys()) if (m.idf[d]! > 0) known++;
  if (known === 0) return [];
  const sims = similaritiesOf(m, counts);
  const out: Array<{ clusterIndex: number; similarity: number }> = [];
  for (let c = 0; c < m.k; c++) {
    if (sims[c]! >= Math.max(SUGGESTION_FLOOR, m.thresholds[c]!)) out.push({ clusterIndex: c, similarity: sims[c]! });
  }
  return out.sort((a, b) => b.similarity - a.similarity || a.clusterIndex - b.clusterIndex);
}
