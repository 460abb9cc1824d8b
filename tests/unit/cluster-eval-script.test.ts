import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crossLanguageShare, translationPairShare } from "#app/services/clustering/metrics";

describe("cross-language figures", () => {
  // Rows 0–3 Italian, 4–7 their English translations, two categories.
  const truth = [0, 0, 1, 1, 0, 0, 1, 1];
  const languages = ["it", "it", "it", "it", "en", "en", "en", "en"];

  it("counts translation pairs that share a cluster", () => {
    expect(translationPairShare(truth, languages, [0, 0, 1, 1, 0, 0, 1, 1], "it", "en")).toBe(1);
    // One category split by language: its two pairs are apart.
    expect(translationPairShare(truth, languages, [0, 0, 1, 1, 0, 0, 2, 2], "it", "en")).toBe(0.5);
    // Unclustered rows never pair.
    expect(translationPairShare(truth, languages, [-1, -1, 1, 1, -1, -1, 1, 1], "it", "en")).toBe(0.5);
  });

  it("gives each category the share of its rows in a cluster shared with the other language", () => {
    const shares = crossLanguageShare(truth, languages, [0, 0, 1, 1, 0, 3, 2, 2]);
    expect(shares.get(0)).toBe(0.75);
    expect(shares.get(1)).toBe(0);
  });
});

describe("npm run cluster:eval", () => {
  it("writes each row's cluster and reports the cross-language figures", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cluster-eval-"));
    const input = path.join(dir, "data.csv");
    const output = path.join(dir, "assignments.csv");
    const rows = ["text,category,language"];
    for (let i = 0; i < 12; i++) {
      rows.push(`il pacco non è stato consegnato ${i},delivery,it`, `la password non funziona ${i},password,it`);
      rows.push(`the parcel was not delivered ${i},delivery,en`, `the password does not work ${i},password,en`);
    }
    writeFileSync(input, `${rows.join("\n")}\n`);
    const printed = execFileSync(
      "npx",
      ["tsx", "scripts/cluster-eval.ts", "--file", input, "--assignments", output, "--json"],
      { encoding: "utf8" },
    );
    const lines = readFileSync(output, "utf8").trim().split("\n");
    expect(lines[0]).toBe("row,cluster");
    expect(lines).toHaveLength(rows.length);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(rows.slice(1).map((_, i) => String(i + 1)));
    const figures = JSON.parse(printed.trim().split("\n").at(-1)!) as {
      pairs: number;
      crossLanguage: number;
      k: number;
    };
    expect(figures.k).toBe(2);
    expect(figures.pairs).toBe(100);
    expect(figures.crossLanguage).toBe(100);
  }, 60_000);
});
