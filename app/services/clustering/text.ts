// Text preparation for clustering: masking of personal data and numbers, Italian/English
// detection, tokenising, stopwords and Snowball stemming.
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemItalian } from "@orama/stemmers/italian";
import { stopwords as englishStopwordList } from "@orama/stopwords/english";
import { stopwords as italianStopwordList } from "@orama/stopwords/italian";

export type Language = "it" | "en";

export const PLACEHOLDERS = ["[email]", "[url]", "[iban]", "[card]", "[tax_code]", "[phone]", "[num]"] as const;

// Order matters: the most specific patterns first, plain numbers last.
const MASKS: Array<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " [email] "],
  [/\b(?:https?:\/\/|www\.)\S+/gi, " [url] "],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi, " [iban] "],
  [/\b[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]\b/gi, " [tax_code] "],
  [/\b(?:\d[ -]?){12,18}\d\b/g, " [card] "],
  [/(?:\+|\b00)\d{1,3}[ .-]?(?:\d[ .-]?){6,12}\d\b/g, " [phone] "],
  [/\b3\d{2}[ .-]?\d{3}[ .-]?\d{3,4}\b/g, " [phone] "],
  [/\b0\d{1,3}[ .-]\d{5,8}\b/g, " [phone] "],
  [/\d+(?:[.,:/-]\d+)*/g, " [num] "],
];

/** Replaces e-mail addresses, links, IBANs, card numbers, tax codes, phones and numbers with placeholders. */
export function maskText(text: string): string {
  let out = text;
  for (const [pattern, placeholder] of MASKS) out = out.replace(pattern, placeholder);
  return out;
}

const ITALIAN_STOPWORDS = new Set<string>([
  ...italianStopwordList.filter((w) => !["non", "mai", "nessuno", "nessuna", "nessun"].includes(w)),
  // Elided articles and prepositions, and words the list lacks.
  ...["l", "un", "dell", "all", "dall", "nell", "sull", "c", "d", "m", "t", "s", "v", "n", "quest", "quell", "po", "ciao", "salve", "grazie", "buongiorno", "buonasera", "gentile", "cordiali", "saluti", "ok", "sì", "si", "perché", "perchè", "cosa", "essere", "avere", "fare", "posso", "può", "vorrei", "stato", "stata", "stati", "state"],
]);
// Negations stay: "card not working" and "card working" are different problems.
const NEGATIONS = new Set(["not", "no", "nor", "non", "never", "mai", "nessun", "nessuno", "nessuna"]);
const ENGLISH_STOPWORDS = new Set<string>([
  ...englishStopwordList.filter((w) => !NEGATIONS.has(w)),
  ...["hi", "hello", "thanks", "thank", "please", "regards", "dear", "ok", "would", "could", "can", "also", "get", "got", "im", "ive", "dont", "cant"],
]);

// Function words that tell the two languages apart (none belongs to both).
const ITALIAN_MARKERS = new Set(
  "il lo la le gli di da del della dei delle che non per una uno sono ho mi ma con nel nella al alla come questo questa perché perchè più anche ancora mio mia miei mie ti si è ci vi ne era sto ha hanno fatto essere avere grazie buongiorno salve ciao gentile vorrei posso non riesco dopo oggi ieri sempre già ancora quando dove cosa chi tutto tutti molto".split(" "),
);
const ENGLISH_MARKERS = new Set(
  "the and is are was were to of my i it not for you have has what how can do does did this that with on at be been from your we our they there why when where which will would could should just still yet any get got please thanks hello hi dear me an".split(" "),
);

const WORD = /\[(?:email|url|iban|card|tax_code|phone|num)\]|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** The raw words of a masked, lower-cased text (placeholders kept whole). */
function rawWords(text: string): string[] {
  return maskText(text).toLowerCase().normalize("NFC").match(WORD) ?? [];
}

/** Italian or English, from function words and accented letters; English when undecided. */
export function detectLanguage(text: string): Language {
  let it = 0;
  let en = 0;
  for (const word of rawWords(text)) {
    for (const part of word.split(/['’]/)) {
      if (ITALIAN_MARKERS.has(part)) it++;
      if (ENGLISH_MARKERS.has(part)) en++;
    }
    if (/[àèéìòù]/.test(word)) it += 0.5;
    if (/['’]/.test(word) && /^(?:l|un|dell|all|dall|nell|sull|c|d|quest|quell|po)['’]/.test(word)) it += 1;
    if (/['’](?:s|t|re|ve|ll|d|m)$/.test(word)) en += 1;
  }
  return it > en ? "it" : "en";
}

const ITALIAN_ELISIONS = new Set(["l", "un", "dell", "all", "dall", "nell", "sull", "coll", "c", "d", "m", "t", "s", "v", "n", "quest", "quell", "bell", "sant", "tutt"]);
const ENGLISH_CLITICS = new Set(["s", "t", "re", "ve", "ll", "d", "m"]);

/** Splits elisions (l'assistenza → assistenza) and English clitics (it's → it, can't → can not). */
function splitApostrophes(word: string, language: Language): string[] {
  const parts = word.split(/['’]/);
  if (parts.length === 1) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === "") continue;
    if (language === "it") {
      if (i < parts.length - 1 && ITALIAN_ELISIONS.has(part)) continue;
      out.push(part);
    } else if (i > 0 && ENGLISH_CLITICS.has(part)) {
      if (part === "t") {
        const previous = out.pop() ?? "";
        out.push(previous === "can" ? "can" : previous.replace(/n$/, ""), "not");
      }
    } else {
      out.push(part);
    }
  }
  return out.filter((part) => part !== "");
}

export interface Token {
  /** The word as written, lower-cased (a placeholder stays as it is). */
  surface: string;
  /** The Snowball stem, or the placeholder. */
  stem: string;
}

const stemCache: Record<Language, Map<string, string>> = { it: new Map(), en: new Map() };
const STEM_CACHE_LIMIT = 200_000;

/** The Snowball stem of a lower-cased word. */
export function stem(word: string, language: Language): string {
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = language === "it" ? stemItalian(word) : stemEnglish(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

export function isStopword(word: string, language: Language): boolean {
  return language === "it" ? ITALIAN_STOPWORDS.has(word) : ENGLISH_STOPWORDS.has(word);
}

/**
 * The content words of a text: masked, lower-cased, elisions split, stopwords and
 * one-letter words dropped, each with its stem. Placeholders such as `[email]` stay.
 */
export function tokenize(text: string, language: Language = detectLanguage(text)): Token[] {
  const tokens: Token[] = [];
  for (const word of rawWords(text)) {
    if (word.startsWith("[")) {
      tokens.push({ surface: word, stem: word });
      continue;
    }
    for (const part of splitApostrophes(word, language)) {
      if (part.length < 2 || isStopword(part, language)) continue;
      tokens.push({ surface: part, stem: stem(part, language) });
    }
  }
  return tokens;
}
