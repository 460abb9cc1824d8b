// Hashed TF-IDF features: word 1–2-grams of stems and character 3–4-grams of words,
// sublinear tf, L2-normalised, stored as compressed sparse rows in typed arrays.
import { type Concept, lexicon } from "./lexicon";
import { detectLanguage, type Language, stem, type Token, tokenize } from "./text";

export interface FeatureOptions {
  /** log2 of the number of hashed dimensions. */
  bits: number;
  wordBigrams: boolean;
  /** Weight of the character n-grams block relative to the word block (0 = none). */
  charWeight: number;
  /** Features seen in fewer documents are dropped. */
  minDf: number;
  /** Words of the bilingual lexicon count as their concept, in either language. */
  lexicon: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  bits: 18,
  wordBigrams: true,
  charWeight: 0.5,
  minDf: 2,
  lexicon: true,
};

/**
 * What a token counts as: its lexicon concept (`#refund`, the same in both languages) or its
 * stem, marked `¬` when a negation governs it.
 */
export function tokenKey(token: Token, concepts: readonly { key: string }[] | null): string {
  const base = token.concept >= 0 && concepts ? `#${concepts[token.concept]!.key}` : token.stem;
  return token.negated ? `¬${base}` : base;
}

/** Compressed sparse rows: row i is indices/values[indptr[i] .. indptr[i+1]). */
export interface SparseRows {
  rows: number;
  dim: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** FNV-1a, 32 bits, with a namespace byte so word and character grams do not collide on purpose. */
function hashString(text: string, namespace: number): number {
  let hash = (2166136261 ^ namespace) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

export interface PreparedText {
  language: Language;
  tokens: Token[];
}

export function prepareText(text: string, options: Pick<FeatureOptions, "lexicon"> = DEFAULT_FEATURES): PreparedText {
  const language = detectLanguage(text);
  // Models stored before the lexicon existed have no such option: they were built without it.
  return { language, tokens: tokenize(text, language, { lexicon: options.lexicon === true }) };
}

/** The lexicon's concepts when the options use it. */
function conceptsFor(options: Pick<FeatureOptions, "lexicon">): readonly Concept[] | null {
  return options.lexicon === true ? lexicon(stem).concepts : null;
}

const NEGATION_WORD: Record<Language, string> = { it: "non", en: "not" };

const WORD_NS = 1;
const BIGRAM_NS = 2;
const CHAR_NS = 3;

/**
 * Raw term counts of one document, split into word and character blocks.
 * Returned as parallel arrays of hashed index and count (indices unique within a block).
 */
export function countFeatures(
  tokens: Token[],
  options: Pick<FeatureOptions, "bits" | "wordBigrams" | "charWeight" | "lexicon">,
): { word: Map<number, number>; char: Map<number, number> } {
  const mask = (1 << options.bits) - 1;
  const word = new Map<number, number>();
  const char = new Map<number, number>();
  const concepts = conceptsFor(options);
  const keys = tokens.map((token) => tokenKey(token, concepts));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const h = hashString(keys[i]!, WORD_NS) & mask;
    word.set(h, (word.get(h) ?? 0) + 1);
    if (options.wordBigrams && i + 1 < tokens.length) {
      // Unordered: Italian puts the adjective after the noun ("carta bloccata", "blocked card").
      const [a, b] = keys[i]! < keys[i + 1]! ? [keys[i]!, keys[i + 1]!] : [keys[i + 1]!, keys[i]!];
      const pair = hashString(`${a} ${b}`, BIGRAM_NS) & mask;
      word.set(pair, (word.get(pair) ?? 0) + 1);
    }
    if (options.charWeight > 0 && !token.surface.startsWith("[")) {
      // A lexicon word is also spelled as its concept, so both languages share grams too.
      const spellings =
        token.concept >= 0 && concepts ? [token.surface, concepts[token.concept]!.key] : [token.surface];
      for (const spelling of spellings) {
        const padded = ` ${spelling} `;
        for (let n = 3; n <= 4; n++) {
          for (let s = 0; s + n <= padded.length; s++) {
            const c = hashString(padded.slice(s, s + n), CHAR_NS) & mask;
            char.set(c, (char.get(c) ?? 0) + 1);
          }
        }
      }
    }
  }
  return { word, char };
}

function idfFromDf(df: Int32Array, documents: number, minDf: number): Float32Array {
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) {
    const d = df[i]!;
    if (d >= minDf) idf[i] = Math.log((1 + documents) / (1 + d)) + 1;
  }
  return idf;
}

/** idf is stored as round(idf × IDF_STEPS) in one byte; training uses the same rounding. */
export const IDF_STEPS = 16;

function quantizeIdf(idf: Float32Array): Float32Array {
  const out = new Float32Array(idf.length);
  for (let i = 0; i < idf.length; i++) out[i] = Math.min(255, Math.round(idf[i]! * IDF_STEPS)) / IDF_STEPS;
  return out;
}

/** Sublinear tf × idf per block, each block L2-normalised and weighted, then the whole L2-normalised. */
export function weightFeatures(
  counts: { word: Map<number, number>; char: Map<number, number> },
  idf: Float32Array,
  charWeight: number,
): Map<number, number> {
  const out = new Map<number, number>();
  const addBlock = (block: Map<number, number>, weight: number) => {
    if (weight <= 0) return;
    let norm = 0;
    const entries: Array<[number, number]> = [];
    for (const [index, count] of block) {
      const w = idf[index]!;
      if (w === 0) continue;
      const value = (1 + Math.log(count)) * w;
      entries.push([index, value]);
      norm += value * value;
    }
    if (norm === 0) return;
    const scale = weight / Math.sqrt(norm);
    for (const [index, value] of entries) out.set(index, (out.get(index) ?? 0) + value * scale);
  };
  addBlock(counts.word, 1);
  addBlock(counts.char, charWeight);
  let norm = 0;
  for (const value of out.values()) norm += value * value;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (const [index, value] of out) out.set(index, value * scale);
  }
  return out;
}

/** A vectorised corpus: TF-IDF rows, the idf, and each document's stems as ids for labels. */
export interface Corpus {
  rows: SparseRows;
  idf: Float32Array;
  /** Terms (token keys) of document i: terms[termPtr[i] .. termPtr[i+1]), ids into `vocabulary`. */
  termPtr: Int32Array;
  terms: Int32Array;
  vocabulary: string[];
  /** The most frequent written form of each term ("non consegnato" for a negated one). */
  surfaces: string[];
  /** The most frequent written form of each term in each language, null where unseen. */
  surfacesIn: Record<Language, Array<string | null>>;
  /** The detected language of each document. */
  languages: Language[];
}

/** Grows typed arrays without keeping an object per document. */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  toArray() {
    return this.data.slice(0, this.length);
  }
}

class FloatBuffer {
  data = new Float32Array(1024);
  length = 0;
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Tokenises and vectorises a corpus in two passes over compact arrays: raw counts and
 * document frequencies first, then sublinear tf × idf per block, normalised in place.
 */
export function vectorizeCorpus(
  texts: string[],
  options: FeatureOptions = DEFAULT_FEATURES,
  onProgress?: (f: number) => void,
): Corpus {
  const dim = 1 << options.bits;
  const df = new Int32Array(dim);
  const indptr = new Int32Array(texts.length + 1);
  const indices = new IntBuffer();
  const counts = new FloatBuffer();
  // Character-block entries are stored with the top bit set until weighting.
  const CHAR_FLAG = 1 << 30;
  const termPtr = new Int32Array(texts.length + 1);
  const terms = new IntBuffer();
  const vocabulary: string[] = [];
  const termId = new Map<string, number>();
  const surfaceCounts: Record<Language, Array<Map<string, number>>> = { it: [], en: [] };
  const languages: Language[] = [];
  const concepts = conceptsFor(options);
  texts.forEach((text, i) => {
    const { language, tokens } = prepareText(text, options);
    languages.push(language);
    for (const token of tokens) {
      const key = tokenKey(token, concepts);
      let id = termId.get(key);
      if (id === undefined) {
        id = vocabulary.length;
        termId.set(key, id);
        vocabulary.push(key);
        surfaceCounts.it.push(new Map());
        surfaceCounts.en.push(new Map());
      }
      terms.push(id);
      const forms = surfaceCounts[language][id]!;
      const surface = token.negated ? `${NEGATION_WORD[language]} ${token.surface}` : token.surface;
      if (forms.size < 8 || forms.has(surface)) forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
    termPtr[i + 1] = terms.length;
    const { word, char } = countFeatures(tokens, options);
    for (const [index, count] of word) {
      indices.push(index);
      counts.push(count);
      df[index]!++;
    }
    for (const [index, count] of char) {
      indices.push(index | CHAR_FLAG);
      counts.push(count);
      df[index]!++;
    }
    indptr[i + 1] = indices.length;
    if (onProgress && i % 10_000 === 0) onProgress(i / texts.length);
  });
  const idf = quantizeIdf(idfFromDf(df, texts.length, options.minDf));
  // Weight, drop features below minDf, merge the blocks and normalise, compacting in place.
  const outIndices = indices.data;
  const outValues = counts.data;
  let at = 0;
  const merged = new Map<number, number>();
  for (let i = 0; i < texts.length; i++) {
    const from = indptr[i]!;
    const to = indptr[i + 1]!;
    merged.clear();
    for (const [flag, weight] of [
      [0, 1],
      [CHAR_FLAG, options.charWeight],
    ] as const) {
      if (weight <= 0) continue;
      let norm = 0;
      for (let p = from; p < to; p++) {
        const raw = outIndices[p]!;
        if ((raw & CHAR_FLAG) !== flag) continue;
        const w = idf[raw & ~CHAR_FLAG]!;
        if (w > 0) norm += ((1 + Math.log(outValues[p]!)) * w) ** 2;
      }
      if (norm === 0) continue;
      const scale = weight / Math.sqrt(norm);
      for (let p = from; p < to; p++) {
        const raw = outIndices[p]!;
        if ((raw & CHAR_FLAG) !== flag) continue;
        const index = raw & ~CHAR_FLAG;
        const w = idf[index]!;
        if (w > 0) merged.set(index, (merged.get(index) ?? 0) + (1 + Math.log(outValues[p]!)) * w * scale);
      }
    }
    let norm = 0;
    for (const v of merged.values()) norm += v * v;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    indptr[i] = at;
    const keys = [...merged.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      outIndices[at] = key;
      outValues[at] = merged.get(key)! * scale;
      at++;
    }
  }
  indptr[texts.length] = at;
  const mostFrequent = (forms: Map<string, number>): string | null => {
    let best: string | null = null;
    let bestCount = -1;
    for (const [form, count] of forms) {
      if (count > bestCount || (count === bestCount && best !== null && form < best)) {
        best = form;
        bestCount = count;
      }
    }
    return best;
  };
  const surfacesIn = { it: surfaceCounts.it.map(mostFrequent), en: surfaceCounts.en.map(mostFrequent) };
  const surfaces = vocabulary.map((key, id) => {
    const it = surfaceCounts.it[id]!;
    const en = surfaceCounts.en[id]!;
    let seenIt = 0;
    let seenEn = 0;
    for (const count of it.values()) seenIt += count;
    for (const count of en.values()) seenEn += count;
    return (seenIt >= seenEn ? surfacesIn.it[id] : surfacesIn.en[id]) ?? key;
  });
  return {
    rows: { rows: texts.length, dim, indptr, indices: outIndices.slice(0, at), values: outValues.slice(0, at) },
    idf,
    termPtr,
    terms: terms.toArray(),
    vocabulary,
    surfaces,
    surfacesIn,
    languages,
  };
}
