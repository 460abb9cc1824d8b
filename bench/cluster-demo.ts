// The demo's tickets (12 problems, mostly Italian) clustered as the seed does, scored against
// their problems, with every cluster's names: how the clusters page will read on a fresh install.
// Usage: npx tsx bench/cluster-demo.ts [--seeds 2027,1,2] [--options '<json>']
import { parseArgs } from "node:util";
import { generateDemoTickets, randomSource } from "#app/services/demo/ticket-texts";
import { clusterDocuments, type EngineOptions } from "#app/services/clustering/index";
import {
  adjustedRandIndex,
  clusteringAccuracy,
  crossLanguageShare,
  normalizedMutualInfo,
} from "#app/services/clustering/metrics";
import { ticketText } from "#app/services/clusters/engine";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "2027" },
    options: { type: "string", default: "{}" },
    quiet: { type: "boolean", default: false },
  },
});
const engineOptions = JSON.parse(values.options) as EngineOptions;
const mean = (list: number[]) => list.reduce((sum, x) => sum + x, 0) / list.length;
const scores: Array<{ acc: number; nmi: number; ari: number; k: number; cross: number; duplicateNames: number }> = [];

for (const seed of values.seeds.split(",").map(Number)) {
  const tickets = generateDemoTickets(randomSource(seed), { now: Date.UTC(2026, 11, 1), weeks: 12 });
  const problems = [...new Set(tickets.map((t) => t.problem))];
  const result = clusterDocuments(
    tickets.map((t, i) => ({ id: String(i), text: ticketText(t.subject, t.body), title: t.subject })),
    { k: "auto", ...engineOptions },
  );
  const predicted = new Int32Array(tickets.length).fill(-1);
  result.clusters.forEach((cluster, c) => cluster.documentIds.forEach((id) => (predicted[Number(id)] = c)));
  const truth = tickets.map((t) => problems.indexOf(t.problem));
  const cross = crossLanguageShare(
    truth,
    tickets.map((t) => t.language),
    predicted,
  );
  const names = result.clusters.map((cluster) => cluster.names.it);
  const duplicateNames = names.length - new Set(names).size;
  scores.push({
    acc: 100 * clusteringAccuracy(truth, predicted),
    nmi: 100 * normalizedMutualInfo(truth, predicted),
    ari: 100 * adjustedRandIndex(truth, predicted),
    k: result.clusters.length,
    cross: 100 * mean([...cross.values()]),
    duplicateNames,
  });
  if (!values.quiet) {
    console.log(
      `seed ${seed}: ${tickets.length} tickets, ${problems.length} problems, ${result.clusters.length} clusters`,
    );
    for (const cluster of result.clusters) {
      const members = cluster.documentIds.map((id) => tickets[Number(id)]!);
      const counts = new Map<string, number>();
      for (const m of members) counts.set(m.problem, (counts.get(m.problem) ?? 0) + 1);
      const top = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([p, n]) => `${p} ${n}`)
        .join(", ");
      const english = members.filter((m) => m.language === "en").length;
      console.log(
        `${String(cluster.documentIds.length).padStart(5)}  ${cluster.names.it}  |  ${cluster.names.en}  |  en ${english}  |  ${top}`,
      );
    }
  }
}
const f = (key: keyof (typeof scores)[number]) => mean(scores.map((s) => s[key])).toFixed(1);
console.log(
  `mean of ${scores.length}: ACC ${f("acc")}  NMI ${f("nmi")}  ARI ${f("ari")}  clusters ${f("k")}  cross-language ${f("cross")} %  repeated Italian names ${f("duplicateNames")}`,
);
