// The bilingual bridge: an Italian–English lexicon of the words of customer requests, so that
// the same problem written in the two languages shares features. Every form of a line is
// stemmed in its language and mapped to the line's concept; the first line that names a
// stem wins.
import { LEXICON_IT_EN } from "./lexicon-it-en";
import type { Language } from "./text";

export interface Concept {
  /** The line's first English form: the concept's name in features and keys. */
  key: string;
  /** The first form of each language, to show the concept in that language. */
  words: Record<Language, string>;
}

export interface Lexicon {
  concepts: Concept[];
  /** Stem → concept index, per language. */
  byStem: Record<Language, Map<string, number>>;
}

/**
 * Parses lines of `english forms = italian forms`; blank lines and `#` comments are skipped.
 * `stem` is passed in so this file does not depend on the stemmers (and text.ts can use it).
 */
function parseLexicon(source: string, stem: (word: string, language: Language) => string): Lexicon {
  const concepts: Concept[] = [];
  const byStem: Lexicon["byStem"] = { it: new Map(), en: new Map() };
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [english, italian] = line.split(" = ");
    const forms = { en: english?.trim().split(/\s+/) ?? [], it: italian?.trim().split(/\s+/) ?? [] };
    if (!forms.en[0] || !forms.it[0]) continue;
    const index = concepts.length;
    concepts.push({ key: forms.en[0], words: { en: forms.en[0], it: forms.it[0] } });
    for (const language of ["en", "it"] as const) {
      for (const form of forms[language]) {
        const stemmed = stem(form.toLowerCase(), language);
        if (!byStem[language].has(stemmed)) byStem[language].set(stemmed, index);
      }
    }
  }
  return { concepts, byStem };
}

let loaded: Lexicon | null = null;

/** The project's lexicon, parsed once on first use. */
export function lexicon(stem: (word: string, language: Language) => string): Lexicon {
  loaded ??= parseLexicon(LEXICON_IT_EN, stem);
  return loaded;
}
