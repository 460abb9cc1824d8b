import { describe, expect, it } from "vitest";
import { clusterDocuments } from "#app/services/clustering/index";
import { runClustering } from "#app/services/clusters/engine";

const problems = [
  ["fattura", "addebito doppio", "importo sbagliato"],
  ["pacco", "consegna", "corriere non arrivato"],
  ["password", "accesso app", "login bloccato"],
  ["reso", "rimborso", "prodotto danneggiato"],
];

/** Enough tickets to go to the worker thread, about four clearly different problems. */
function tickets(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const words = problems[index % problems.length]!;
    return {
      id: `t${index}`,
      text: `${words[0]} ${words[1]} cliente ${index % 37} ${words[2]} ${words[(index >> 2) % 3]}`,
    };
  });
}

describe("clustering in a worker thread", () => {
  it("gives the same clusters as running in this thread, and reports progress", async () => {
    const documents = tickets(1_500);
    const progress: number[] = [];
    const threaded = await runClustering(documents, { k: 4, onProgress: (fraction) => progress.push(fraction) });
    const inline = clusterDocuments(documents, { k: 4, seed: 1 });
    expect(threaded.clusters.map((cluster) => cluster.documentIds.length).sort()).toEqual(
      inline.clusters.map((cluster) => cluster.documentIds.length).sort(),
    );
    expect(threaded.clusters.map((cluster) => cluster.label)).toEqual(inline.clusters.map((cluster) => cluster.label));
    expect(threaded.clusters).toHaveLength(4);
    expect(progress.every((fraction) => fraction >= 0 && fraction <= 1)).toBe(true);
  }, 60_000);
});
