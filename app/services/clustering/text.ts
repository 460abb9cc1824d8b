// Text preparation for clustering: masking of personal data and numbers, Italian/English
// detection, tokenising, stopwords and Snowball stemming.
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemItalian } from "@orama/stemmers/italian";
import { stopwords as englishStopwordList } from "@orama/stopwords/english";
import { stopwords as italianStopwordList } from "@orama/stopwords/italian";
import { lexicon } from "./lexicon";

export type Language = "it" | "en";

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

// Courtesy in either language: customers mix them ("Grazie" after an English message).
const COURTESY = [
  "grazie",
  "ciao",
  "salve",
  "buongiorno",
  "buonasera",
  "saluti",
  "cordiali",
  "thanks",
  "thank",
  "thx",
  "please",
  "hello",
  "hi",
  "regards",
  "urgente",
  "urgent",
  "help",
  "aiuto",
];
const ITALIAN_STOPWORDS = new Set<string>([
  ...italianStopwordList.filter((w) => !["non", "mai", "nessuno", "nessuna", "nessun"].includes(w)),
  // Elided articles and prepositions, and words the list lacks.
  ...COURTESY,
  ...[
    "l",
    "un",
    "dell",
    "all",
    "dall",
    "nell",
    "sull",
    "c",
    "d",
    "m",
    "t",
    "s",
    "v",
    "n",
    "quest",
    "quell",
    "po",
    "ciao",
    "salve",
    "grazie",
    "buongiorno",
    "buonasera",
    "gentile",
    "cordiali",
    "saluti",
    "ok",
    "sì",
    "si",
    "perché",
    "perchè",
    "cosa",
    "essere",
    "avere",
    "fare",
    "posso",
    "può",
    "vorrei",
    "stato",
    "stata",
    "stati",
    "state",
  ],
  // Quantifiers, which the English list drops ("all", "every", "other", "some", "each", "both",
  // "any") but Snowball's Italian list keeps: "tutte le sveglie" would otherwise link every
  // request about alarms, whatever it asks.
  ..."tutta tutte ogni qualche qualcosa qualsiasi qualunque entrambi entrambe ciascun ciascuno ciascuna alcuni alcune alcun alcuna altro altra altri altre tale tali".split(
    " ",
  ),
]);
// Negations change the meaning of the word they govern: "card not working" and "card
// working" are different problems (see tokenize).
const NEGATIONS = new Set([
  "not",
  "no",
  "nor",
  "non",
  "never",
  "mai",
  "nessun",
  "nessuno",
  "nessuna",
  "nothing",
  "niente",
  "nulla",
  "neanche",
  "nemmeno",
  "without",
  "senza",
]);
const ENGLISH_STOPWORDS = new Set<string>([
  ...englishStopwordList.filter((w) => !NEGATIONS.has(w)),
  ...COURTESY,
  ...[
    "hi",
    "hello",
    "thanks",
    "thank",
    "please",
    "regards",
    "dear",
    "ok",
    "would",
    "could",
    "can",
    "also",
    "get",
    "got",
    "im",
    "ive",
    "dont",
    "cant",
  ],
]);

// Function words that tell the two languages apart: each language's stopwords that the
// other does not have. "i" (English pronoun, Italian article) and "a" belong to both.
const SHARED_FUNCTION_WORDS = new Set(["i", "a", "e", "o", "no", "me", "come", "una", "do", "dove", "non", "ok"]);
const ITALIAN_MARKERS = new Set(
  [
    ...italianStopwordList,
    ..."per sono ho mi ma con nel nella al alla questo questa perché perchè più anche ancora mio mia miei mie ti si è ci vi ne era sto ha hanno fatto essere avere grazie buongiorno salve ciao gentile vorrei posso riesco dopo oggi ieri domani sempre già quando cosa chi tutto tutti tutte molto fa qual quale quali quanto quanta quanti quante mostrami dimmi".split(
      " ",
    ),
  ].filter((w) => !SHARED_FUNCTION_WORDS.has(w) && !englishStopwordList.includes(w)),
);
const ENGLISH_MARKERS = new Set(
  [
    ...englishStopwordList,
    ..."the and is are was were to of my it not for you have has what how can do does did this that with on at be been from your we our they there why when where which will would could should just still yet any get got please thanks hello hi dear me an".split(
      " ",
    ),
  ].filter((w) => !SHARED_FUNCTION_WORDS.has(w) && !italianStopwordList.includes(w)),
);
/** Spellings of one language only: English w, y, k, th, sh, ck; Italian -zione, gli, gn, cch, double z. */
const ENGLISH_SPELLING = /[wyk]|th|sh|ck|ee|oo|ou/;
const ITALIAN_SPELLING = /zion[ei]$|gli|gn|cch|zz|[àèéìòù]/;

const WORD = /\[(?:email|url|iban|card|tax_code|phone|num)\]|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** The raw words of a masked, lower-cased text (placeholders kept whole). */
function rawWords(text: string): string[] {
  return maskText(text).toLowerCase().normalize("NFC").match(WORD) ?? [];
}

/**
 * Italian or English. Function words count most; with few of them, as in short requests,
 * spelling decides: Italian words end in a vowel, English ones mostly do not, and some
 * letter groups belong to one language only. A tie goes to Italian, the product's first
 * language.
 */
export function detectLanguage(text: string): Language {
  let it = 0;
  let en = 0;
  const written = maskText(text).normalize("NFC").match(WORD) ?? [];
  written.forEach((original, index) => {
    if (original.startsWith("[")) return;
    const word = original.toLowerCase();
    // A capitalised word inside a sentence is mostly a name or a title, often English in an Italian request.
    const weight = index > 0 && original[0] !== word[0] ? 0.4 : 1;
    const parts = word.split(/['’]/);
    if (parts.length > 1) {
      if (/^(?:l|un|dell|all|dall|nell|sull|c|d|quest|quell|po)['’]/.test(word)) it += weight;
      if (/['’](?:s|t|re|ve|ll|d|m)$/.test(word)) en += weight;
    }
    for (const part of parts) {
      // An Italian function word weighs a little more: English names often sit in Italian requests.
      if (ITALIAN_MARKERS.has(part)) it += 1.25 * weight;
      else if (ENGLISH_MARKERS.has(part)) en += weight;
      else if (part.length >= 3) {
        // English has many words in -e (time, give, phone), few in -a, -i, -o.
        if (/[aiouàèéìòù]$/.test(part)) it += 0.3 * weight;
        else if (!part.endsWith("e")) en += 0.3 * weight;
        if (ENGLISH_SPELLING.test(part)) en += 0.3 * weight;
        if (ITALIAN_SPELLING.test(part)) it += 0.3 * weight;
      }
    }
  });
  return en > it ? "en" : "it";
}

const ITALIAN_ELISIONS = new Set([
  "l",
  "un",
  "dell",
  "all",
  "dall",
  "nell",
  "sull",
  "coll",
  "c",
  "d",
  "m",
  "t",
  "s",
  "v",
  "n",
  "quest",
  "quell",
  "bell",
  "sant",
  "tutt",
]);
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
  /** Index of the word's concept in the bilingual lexicon, −1 when it has none. */
  concept: number;
  /** Governed by a negation just before it ("non arrivato", "not received"). */
  negated: boolean;
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

function isStopword(word: string, language: Language): boolean {
  return NEGATIONS.has(word) || (language === "it" ? ITALIAN_STOPWORDS.has(word) : ENGLISH_STOPWORDS.has(word));
}

export interface TokenizeOptions {
  /** Map words to the bilingual lexicon's concepts (default true). */
  lexicon?: boolean;
}

/**
 * The content words of a text: masked, lower-cased, elisions split, stopwords and
 * one-letter words dropped, each with its stem and lexicon concept. A negation is no word
 * of its own, so it cannot pull unrelated problems together: it marks the next content
 * word instead. Placeholders such as `[email]` stay.
 */
export function tokenize(
  text: string,
  language: Language = detectLanguage(text),
  options: TokenizeOptions = {},
): Token[] {
  const concepts = options.lexicon === false ? null : lexicon(stem).byStem[language];
  const tokens: Token[] = [];
  let negate = false;
  for (const word of rawWords(text)) {
    if (word.startsWith("[")) {
      tokens.push({ surface: word, stem: word, concept: -1, negated: false });
      continue;
    }
    for (const part of splitApostrophes(word, language)) {
      if (NEGATIONS.has(part)) {
        negate = true;
        continue;
      }
      if (part.length < 2 || isStopword(part, language)) continue;
      const stemmed = stem(part, language);
      tokens.push({ surface: part, stem: stemmed, concept: concepts?.get(stemmed) ?? -1, negated: negate });
      negate = false;
    }
  }
  return tokens;
}
