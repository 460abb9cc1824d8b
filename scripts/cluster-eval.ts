// Clusters a labelled CSV (columns text,category, optionally language) and prints accuracy,
// NMI and ARI; with a language column, how often one request in two languages shares a cluster.
// Usage: npm run cluster:eval -- --file data.csv [--k <n>|auto] [--seeds 1,2,3] [--per-class <n>]
//          [--assignments out.csv] [--options '<json>'] [--json]
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { clusterDocuments, type EngineOptions } from "#app/services/clustering/index";
import { createRandom } from "#app/services/clustering/kmeans";
import {
  adjustedRandIndex,
  clusteringAccuracy,
  crossLanguageShare,
  normalizedMutualInfo,
  translationPairShare,
} from "#app/services/clustering/metrics";

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    k: { type: "string" },
    seed: { type: "string" },
    seeds: { type: "string" },
    "per-class": { type: "string" },
    assignments: { type: "string" },
    options: { type: "string" },
    json: { type: "boolean", default: false },
    names: { type: "boolean", default: false },
  },
});
if (!values.file) {
  console.error(
    "Usage: npm run cluster:eval -- --file <csv with text,category[,language]> [--k <n>|auto] [--seeds 1,2,3] [--per-class <n>] [--assignments <csv>] [--json]",
  );
  process.exit(1);
}

const [header, ...records] = parseCsv(readFileSync(values.file, "utf8"));
const textColumn = header?.indexOf("text") ?? -1;
const categoryColumn = header?.indexOf("category") ?? -1;
const languageColumn = header?.indexOf("language") ?? -1;
if (textColumn < 0 || categoryColumn < 0) {
  console.error("The CSV needs the columns text and category.");
  process.exit(1);
}
let rows = records.filter((r) => r.length > Math.max(textColumn, categoryColumn, languageColumn));
const perClass = values["per-class"] === undefined ? 0 : Number(values["per-class"]);
if (perClass > 0) {
  // A smaller set with the same categories: a seeded sample of at most n rows of each.
  const random = createRandom(7);
  const shuffled = rows
    .map((r) => [random(), r] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => r);
  const taken = new Map<string, number>();
  const keep = new Set(
    shuffled.filter((r) => {
      const count = taken.get(r[categoryColumn]!) ?? 0;
      taken.set(r[categoryColumn]!, count + 1);
      return count < perClass;
    }),
  );
  rows = rows.filter((r) => keep.has(r));
}
const categories = new Map<string, number>();
const truth = rows.map((r) => {
  const category = r[categoryColumn]!;
  if (!categories.has(category)) categories.set(category, categories.size);
  return categories.get(category)!;
});
const languages = languageColumn >= 0 ? rows.map((r) => r[languageColumn]!) : null;
const languageNames = languages ? [...new Set(languages)] : [];
const k = values.k === undefined ? categories.size : values.k === "auto" ? "auto" : Number(values.k);
const extra = values.options ? (JSON.parse(values.options) as EngineOptions) : {};
const seeds = values.seeds
  ? values.seeds.split(",").map(Number)
  : [values.seed === undefined ? (extra.seed ?? 42) : Number(values.seed)];

const round = (x: number) => Math.round(x * 1000) / 10;
type Figures = {
  seed: number;
  acc: number;
  nmi: number;
  ari: number;
  k: number;
  unclustered: number;
  seconds: number;
  pairs?: number;
  crossLanguage?: number;
};
const runs: Figures[] = [];
for (const seed of seeds) {
  const started = performance.now();
  const result = clusterDocuments(
    rows.map((r, i) => ({ id: String(i), text: r[textColumn]! })),
    { ...extra, k, seed },
  );
  const seconds = (performance.now() - started) / 1000;
  // Unclustered documents count as one more group.
  const predicted = new Int32Array(rows.length).fill(-1);
  result.clusters.forEach((cluster, c) => {
    for (const id of cluster.documentIds) predicted[Number(id)] = c;
  });
  const figures: Figures = {
    seed,
    acc: round(clusteringAccuracy(truth, predicted)),
    nmi: round(normalizedMutualInfo(truth, predicted)),
    ari: round(adjustedRandIndex(truth, predicted)),
    k: result.clusters.length,
    unclustered: result.unclustered.length,
    seconds: Math.round(seconds * 10) / 10,
  };
  if (languages && languageNames.length === 2) {
    figures.pairs = round(translationPairShare(truth, languages, predicted, languageNames[0]!, languageNames[1]!));
    const shares = [...crossLanguageShare(truth, languages, predicted).values()];
    figures.crossLanguage = round(shares.reduce((sum, x) => sum + x, 0) / Math.max(1, shares.length));
  }
  runs.push(figures);
  if (values.names && runs.length === 1) {
    for (const cluster of result.clusters)
      console.log(
        `  ${String(cluster.documentIds.length).padStart(5)}  ${cluster.names.it}  |  ${cluster.names.en}  |  ${cluster.keywords.join(", ")}`,
      );
  }
  if (values.assignments && runs.length === 1) {
    // row: the 1-based data row of the input (header not counted); -1: unclustered.
    const lines = ["row,cluster", ...Array.from(predicted, (c, i) => `${i + 1},${c}`)];
    writeFileSync(values.assignments, `${lines.join("\n")}\n`);
  }
  const cross =
    figures.pairs === undefined
      ? ""
      : `  pairs together ${figures.pairs} %  rows sharing a cluster across languages ${figures.crossLanguage} %`;
  console.log(
    `seed ${seed}: ACC ${figures.acc}  NMI ${figures.nmi}  ARI ${figures.ari}  clusters ${figures.k}  unclustered ${figures.unclustered}  ${figures.seconds} s${cross}`,
  );
}
const mean = (key: keyof Figures) =>
  Math.round((runs.reduce((sum, r) => sum + (r[key] ?? 0), 0) / runs.length) * 10) / 10;
const summary = {
  documents: rows.length,
  categories: categories.size,
  seeds,
  acc: mean("acc"),
  nmi: mean("nmi"),
  ari: mean("ari"),
  k: mean("k"),
  seconds: mean("seconds"),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(languages && languageNames.length === 2 ? { pairs: mean("pairs"), crossLanguage: mean("crossLanguage") } : {}),
};
console.log(`documents ${summary.documents}, categories ${summary.categories}`);
console.log(
  `${runs.length > 1 ? `mean of ${runs.length} seeds: ` : ""}ACC ${summary.acc}  NMI ${summary.nmi}  ARI ${summary.ari}  clusters ${summary.k}  ${summary.seconds} s  peak RSS ${summary.peakRssMb} MB${summary.pairs === undefined ? "" : `  pairs together ${summary.pairs} %  cross-language ${summary.crossLanguage} %`}`,
);
if (values.json) console.log(JSON.stringify({ ...summary, runs }));
