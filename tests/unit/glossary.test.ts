import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type Tree = { [key: string]: string | Tree };

const glossary = readFileSync(path.resolve("docs/glossary.md"), "utf8");

/** The glossary's table: per concept, the words to use and the words never to use, in each language. */
function glossaryRows() {
  const rows = glossary
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| concept") && !line.startsWith("|---"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const words = (cell: string | undefined) =>
    (cell ?? "")
      .split(",")
      .map((word) => word.trim())
      .filter(Boolean);
  return rows.map(([concept, it, en, notIt, notEn]) => ({
    concept: concept!,
    it: words(it),
    en: words(en),
    banned: { it: words(notIt), en: words(notEn) },
  }));
}

function strings(tree: Tree, prefix = ""): Array<[key: string, text: string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : strings(value, `${prefix}${key}.`),
  );
}

function localeStrings(locale: "it" | "en") {
  const dir = path.resolve("app/locales", locale);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .flatMap((file) =>
      strings(JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Tree).map(
        ([key, text]) => [`${locale}/${file} ${key}`, text] as const,
      ),
    );
}

/** Code, placeholders and environment variable names are not prose. */
const prose = (text: string) =>
  text
    .replace(/`[^`]*`/g, " ")
    .replace(/{{[^}]*}}/g, " ")
    .replace(/\b[A-Z][A-Z_]{2,}\b/g, " ");

const wordPattern = (word: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}_'’-])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}_-])`,
    "iu",
  );

describe("the glossary", () => {
  const rows = glossaryRows();

  it("gives each concept one word in Italian and one in English", () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.it.length, row.concept).toBeGreaterThan(0);
      expect(row.en.length, row.concept).toBeGreaterThan(0);
    }
    expect(rows.find((row) => row.concept.includes("insight"))).toMatchObject({
      it: ["osservazione", "osservazioni"],
      en: ["insight", "insights"],
    });
  });

  for (const locale of ["it", "en"] as const) {
    it(`is followed by every ${locale === "it" ? "Italian" : "English"} string: no banned synonym`, () => {
      const found: string[] = [];
      const texts = localeStrings(locale);
      expect(texts.length).toBeGreaterThan(500);
      for (const row of rows) {
        for (const banned of row.banned[locale]) {
          const pattern = wordPattern(banned);
          for (const [where, text] of texts) {
            if (pattern.test(prose(text)))
              found.push(`${where}: «${banned}» (${row.concept}: use ${row[locale].join("/")}) in "${text}"`);
          }
        }
      }
      expect(found).toEqual([]);
    });
  }

  it("would catch a banned synonym", () => {
    const insight = rows.find((row) => row.concept.includes("insight"))!;
    expect(insight.banned.it.some((word) => wordPattern(word).test(prose("Nuovo spunto o idea")))).toBe(true);
    expect(insight.banned.it.some((word) => wordPattern(word).test(prose("Un'osservazione anonima")))).toBe(false);
    // Code and placeholders are not prose: `insight` as an API value is fine.
    expect(insight.banned.it.some((word) => wordPattern(word).test(prose("kind: `insight`")))).toBe(false);
  });
});
