// Cluster names a person would give, in Italian and in English. A name is the cluster's most
// typical short subject (helpdesk subjects are short human summaries) in the page's
// language; without one, the words most typical of the cluster against the whole corpus
// (class-based TF-IDF), cleaned of time words, antonym pairs and words every cluster shares.
import type { Corpus } from "./features";
import { type Concept, lexicon } from "./lexicon";
import { type Language, stem, tokenize } from "./text";
import { tokenKey } from "./features";

export type Names = Record<Language, string>;

export interface ClusterTerms {
  /** Keyword triple in the cluster's main language. */
  label: string;
  /** The name to show on pages of each language. */
  names: Names;
  keywords: string[];
}

const LANGUAGES: readonly Language[] = ["it", "en"];

/** Time words name no problem: "today", "tomorrow" and "morning" fit every cluster. */
const TIME_WORDS: Record<Language, Set<string>> = {
  it: new Set(
    "oggi domani ieri dopodomani stamattina stasera stanotte mattina mattino pomeriggio sera notte settimana settimane weekend mese mesi anno anni giorno giorni ora ore minuto minuti adesso subito prossimo prossima lunedì martedì mercoledì giovedì venerdì sabato domenica"
      .split(" ")
      .map((w) => stem(w, "it")),
  ),
  en: new Set(
    "today tomorrow yesterday tonight morning afternoon evening night week weeks weekend month months year years day days hour hours minute minutes now next monday tuesday wednesday thursday friday saturday sunday"
      .split(" ")
      .map((w) => stem(w, "en")),
  ),
};
const TIME_CONCEPTS = new Set([
  "today",
  "tomorrow",
  "yesterday",
  "tonight",
  "morning",
  "afternoon",
  "evening",
  "night",
  "week",
  "weekend",
  "month",
  "year",
  "day",
  "hour",
  "minute",
  "now",
  "next",
]);

/** Words that name no problem, though they carry meaning in a ticket: numbers, fillers, light verbs. */
const NAMELESS = new Set([
  ..."uno due tre quattro cinque sei sette otto nove dieci undici dodici quindici venti trenta cento mille primo prima seconda secondo terzo terza".split(
    " ",
  ),
  ..."one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty hundred thousand first second third".split(
    " ",
  ),
  ..."né ne me te poi già ancora sempre mai più meno ogni altro altra altri altre tutto tutta tutti tutte qualche alcun alcuni alcuna nulla niente cosa volta volte fa dà dice detto dovevo dovrei devo posso potete verrà sarà stato essere avere fare dire dato vedo vede solo soltanto quasi invece appena subito qual quale quali".split(
    " ",
  ),
  ..."since within anything nothing something everything thing things already still yet again ever even just only also very really much many more less every other another any some need needs want wants tell told said say get got make made take took give gave see seen".split(
    " ",
  ),
]);

/** What is left of a word without a negating prefix: attiva and disattiva, lock and unlock. */
function root(word: string): string {
  const bare = word.replace(/^(?:non |not )/, "");
  const stripped = bare.replace(/^(?:dis|de|un|in|ri|re|s)(?=\p{L}{4})/u, "");
  return stripped;
}

interface Scored {
  term: number;
  score: number;
}

/** Scores of each term in each cluster, best first: its share of the cluster's words × its rarity elsewhere. */
function scoreTerms(
  corpus: Pick<Corpus, "termPtr" | "terms" | "vocabulary">,
  assignment: Int32Array,
  k: number,
): { scored: Scored[][]; spread: Float64Array; placeholders: Array<Map<number, number>> } {
  const perCluster: Array<Map<number, number>> = Array.from({ length: k }, () => new Map());
  const documentsWith: Array<Map<number, number>> = Array.from({ length: k }, () => new Map());
  const placeholders: Array<Map<number, number>> = Array.from({ length: k }, () => new Map());
  const totals = new Float64Array(k);
  const sizes = new Float64Array(k);
  const overall = new Float64Array(corpus.vocabulary.length);
  const seen = new Set<number>();
  for (let i = 0; i < assignment.length; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    sizes[c]!++;
    seen.clear();
    for (let p = corpus.termPtr[i]!; p < corpus.termPtr[i + 1]!; p++) {
      const term = corpus.terms[p]!;
      if (corpus.vocabulary[term]!.startsWith("[")) {
        placeholders[c]!.set(term, (placeholders[c]!.get(term) ?? 0) + 1);
        continue;
      }
      perCluster[c]!.set(term, (perCluster[c]!.get(term) ?? 0) + 1);
      if (!seen.has(term)) documentsWith[c]!.set(term, (documentsWith[c]!.get(term) ?? 0) + 1);
      seen.add(term);
      totals[c]!++;
      overall[term]!++;
    }
  }
  // Spread: in how many clusters a term is common (in a tenth of the members or more).
  const spread = new Float64Array(corpus.vocabulary.length);
  for (let c = 0; c < k; c++)
    for (const [term, count] of documentsWith[c]!) if (count >= Math.max(2, 0.1 * sizes[c]!)) spread[term]!++;
  let average = 0;
  for (let c = 0; c < k; c++) average += totals[c]!;
  average /= Math.max(1, k);
  const scored = perCluster.map((counts, c) => {
    const list: Scored[] = [];
    for (const [term, count] of counts)
      list.push({ term, score: (count / Math.max(1, totals[c]!)) * Math.log(1 + average / overall[term]!) });
    return list.sort((a, b) => b.score - a.score || a.term - b.term);
  });
  return { scored, spread, placeholders };
}

/** A term's written form in a language: as seen there, else the lexicon's word, else as seen anywhere. */
function surfaceIn(
  corpus: Pick<Corpus, "vocabulary" | "surfaces" | "surfacesIn">,
  term: number,
  language: Language,
): string {
  const seen = corpus.surfacesIn[language][term];
  if (seen) return seen;
  const key = corpus.vocabulary[term]!;
  const negated = key.startsWith("¬");
  const bare = negated ? key.slice(1) : key;
  if (bare.startsWith("#")) {
    const concept = conceptByKey().get(bare.slice(1));
    if (concept) return `${negated ? (language === "it" ? "non " : "not ") : ""}${concept.words[language]}`;
  }
  return corpus.surfaces[term]!;
}

let conceptsByKey: Map<string, Concept> | null = null;
function conceptByKey(): Map<string, Concept> {
  conceptsByKey ??= new Map(lexicon(stem).concepts.map((concept) => [concept.key, concept]));
  return conceptsByKey;
}

function isTimeTerm(corpus: Pick<Corpus, "vocabulary">, term: number): boolean {
  const key = corpus.vocabulary[term]!.replace(/^¬/, "");
  if (key.startsWith("#")) return TIME_CONCEPTS.has(key.slice(1));
  return TIME_WORDS.it.has(key) || TIME_WORDS.en.has(key);
}

/** Up to `count` distinct keywords of a cluster in a language, without time words, antonym pairs or words common to most clusters. */
function keywordsOf(
  corpus: Pick<Corpus, "vocabulary" | "surfaces" | "surfacesIn">,
  scored: Scored[],
  spread: Float64Array,
  k: number,
  language: Language,
  count: number,
): string[] {
  const keywords: string[] = [];
  const roots = new Set<string>();
  const shared = Math.max(3, 0.3 * k);
  for (const { term } of scored) {
    if (isTimeTerm(corpus, term)) continue;
    if (k >= 4 && spread[term]! > shared) continue;
    const word = surfaceIn(corpus, term, language);
    if (NAMELESS.has(word.replace(/^(?:non |not )/, ""))) continue;
    const wordRoot = root(word);
    if (keywords.includes(word) || roots.has(wordRoot)) continue;
    keywords.push(word);
    roots.add(wordRoot);
    if (keywords.length >= count) break;
  }
  return keywords;
}

/** A title fit to be a name: short, with letters, not a whole message. */
function nameCandidate(text: string | undefined): string | null {
  if (!text) return null;
  const line = text
    .split("\n")[0]!
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.,;:!]+$/u, "");
  if (line.length < 3 || line.length > 70 || !/\p{L}{2}/u.test(line)) return null;
  if (line.split(" ").length > 10) return null;
  return line.charAt(0).toLocaleUpperCase() + line.slice(1);
}

export interface LabelInput {
  corpus: Pick<Corpus, "termPtr" | "terms" | "vocabulary" | "surfaces" | "surfacesIn" | "languages">;
  /** Cluster of each document, −1 for none. */
  assignment: Int32Array;
  k: number;
  /** Each document's subject, when it has one; short texts serve as their own subject. */
  titles: Array<string | undefined>;
  /** Each document's similarity to its cluster's centre. */
  similarity: ArrayLike<number>;
}

/** Names, a keyword label and keywords for each cluster. */
export function labelClusters(input: LabelInput, keywordCount = 8): ClusterTerms[] {
  const { corpus, assignment, k } = input;
  const { scored, spread, placeholders } = scoreTerms(corpus, assignment, k);
  const weight: Array<Map<number, number>> = scored.map(
    (list) => new Map(list.slice(0, 40).map((s) => [s.term, s.score])),
  );
  // Candidate names per cluster and language: distinct titles with how often they occur and how central they are.
  const candidates: Array<Record<Language, Map<string, { count: number; centrality: number; text: string }>>> =
    Array.from({ length: k }, () => ({ it: new Map(), en: new Map() }));
  for (let i = 0; i < assignment.length; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    const title = nameCandidate(input.titles[i]);
    if (!title) continue;
    const language = corpus.languages[i]!;
    const normal = title
      .toLocaleLowerCase()
      .replace(/[^\p{L}\p{N} ]/gu, "")
      .trim();
    const entry = candidates[c]![language].get(normal) ?? { count: 0, centrality: 0, text: title };
    entry.count++;
    entry.centrality += input.similarity[i] ?? 0;
    candidates[c]![language].set(normal, entry);
  }
  const concepts = lexicon(stem).concepts;
  const termIds = new Map(corpus.vocabulary.map((key, id) => [key, id]));
  const bestTitle = (c: number, language: Language): string | null => {
    let best: string | null = null;
    let bestScore = 0;
    for (const { count, centrality, text } of candidates[c]![language].values()) {
      const keys = tokenize(text, language).map((token) => tokenKey(token, concepts));
      if (keys.length === 0) continue;
      let typical = 0;
      for (const key of new Set(keys)) typical += weight[c]!.get(termIds.get(key) ?? -1) ?? 0;
      // Typical words, said briefly, by a subject many members share and that sits near the centre.
      const score = (typical / Math.sqrt(keys.length)) * Math.log(1 + count) * (0.5 + centrality / count);
      if (score > bestScore) {
        bestScore = score;
        best = text;
      }
    }
    return best;
  };
  // Members per cluster and language, counted in one pass.
  const counts: Array<Record<Language, number>> = Array.from({ length: k }, () => ({ it: 0, en: 0 }));
  for (let i = 0; i < assignment.length; i++) if (assignment[i]! >= 0) counts[assignment[i]!]![corpus.languages[i]!]++;
  return scored.map((list, c) => {
    const languageCount = counts[c]!;
    const main: Language = languageCount.it >= languageCount.en ? "it" : "en";
    const keywords = keywordsOf(corpus, list, spread, k, main, keywordCount);
    if (keywords.length === 0) {
      const common = [...placeholders[c]!].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const label =
        common
          .slice(0, 3)
          .map(([term]) => corpus.vocabulary[term]!)
          .join(" · ") || "—";
      return { label, names: { it: label, en: label }, keywords: [] };
    }
    const label = keywords.slice(0, 3).join(" · ");
    const names = {} as Names;
    for (const language of LANGUAGES) {
      const other: Language = language === "it" ? "en" : "it";
      names[language] =
        bestTitle(c, language) ??
        (languageCount[language] > 0 ? null : bestTitle(c, other)) ??
        keywordsOf(corpus, list, spread, k, language, 3).join(" · ");
    }
    return { label, names, keywords };
  });
}
