// Clusters a labelled CSV (columns text,category) and prints accuracy, NMI and ARI.
// Usage: npm run cluster:eval -- --file data.csv [--k <n>|auto] [--seed <n>] [--options '<json>'] [--json]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { clusterDocuments, type EngineOptions } from "#app/services/clustering/index";
import { adjustedRandIndex, clusteringAccuracy, normalizedMutualInfo } from "#app/services/clustering/metrics";

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
    options: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
if (!values.file) {
  console.error("Usage: npm run cluster:eval -- --file <csv with text,category> [--k <n>|auto] [--json]");
  process.exit(1);
}

const [header, ...records] = parseCsv(readFileSync(values.file, "utf8"));
const textColumn = header?.indexOf("text") ?? -1;
const categoryColumn = header?.indexOf("category") ?? -1;
if (textColumn < 0 || categoryColumn < 0) {
  console.error("The CSV needs the columns text and category.");
  process.exit(1);
}
const rows = records.filter((r) => r.length > Math.max(textColumn, categoryColumn));
const categories = new Map<string, number>();
const truth = rows.map((r) => {
  const category = r[categoryColumn]!;
  if (!categories.has(category)) categories.set(category, categories.size);
  return categories.get(category)!;
});
const k = values.k === undefined ? categories.size : values.k === "auto" ? "auto" : Number(values.k);
const extra = values.options ? (JSON.parse(values.options) as EngineOptions) : {};

const started = performance.now();
const result = clusterDocuments(
  rows.map((r, i) => ({ id: String(i), text: r[textColumn]! })),
  { ...extra, k, seed: values.seed === undefined ? extra.seed : Number(values.seed) },
);
const seconds = (performance.now() - started) / 1000;

// Unclustered documents count as one more group.
const predicted = new Int32Array(rows.length).fill(-1);
result.clusters.forEach((cluster, c) => {
  for (const id of cluster.documentIds) predicted[Number(id)] = c;
});
const round = (x: number) => Math.round(x * 1000) / 10;
const figures = {
  acc: round(clusteringAccuracy(truth, predicted)),
  nmi: round(normalizedMutualInfo(truth, predicted)),
  ari: round(adjustedRandIndex(truth, predicted)),
  k: result.clusters.length,
  seconds: Math.round(seconds * 10) / 10,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(`documents ${rows.length}, categories ${categories.size}, unclustered ${result.unclustered.length}`);
console.log(`ACC ${figures.acc}  NMI ${figures.nmi}  ARI ${figures.ari}  clusters ${figures.k}  ${figures.seconds} s  peak RSS ${figures.peakRssMb} MB`);
if (values.json) console.log(JSON.stringify(figures));
