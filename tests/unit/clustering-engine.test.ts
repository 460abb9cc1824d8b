import { describe, expect, it } from "vitest";
import { assignDocument, clusterDocuments, type ClusterDocument } from "#app/services/clustering/index";
import { vectorizeCorpus, DEFAULT_FEATURES } from "#app/services/clustering/features";
import { sphericalKMeans } from "#app/services/clustering/kmeans";
import { fitLsa, symmetricEigen } from "#app/services/clustering/lsa";
import { adjustedRandIndex } from "#app/services/clustering/metrics";

// Six obviously different problems, each written in several ways (a lexical engine
// cannot know that "card" and "carta" mean the same, so each group keeps one language).
const GROUPS: string[][] = [
  [
    "my card has not arrived yet",
    "the new card was never delivered",
    "still waiting for the card delivery",
    "card not received yet, where is it",
    "where is my card, not arrived",
  ],
  [
    "I was charged twice for one payment",
    "double charge on my payment",
    "the payment was charged two times",
    "you charged my payment twice",
    "duplicate payment charged",
  ],
  [
    "I forgot my password and cannot log in",
    "password reset link does not work",
    "cannot login, password rejected",
    "reset my password please",
    "login fails, wrong password",
  ],
  [
    "l'app si chiude all'avvio",
    "l'applicazione va in crash dopo l'aggiornamento",
    "l'app crasha appena la apro",
    "dopo l'aggiornamento l'app si chiude",
    "l'applicazione si blocca e si chiude",
  ],
  [
    "voglio chiudere il mio conto",
    "come posso chiudere il conto",
    "richiesta di chiusura del conto corrente",
    "chiudete il mio conto per favore",
    "vorrei la chiusura del conto",
  ],
  [
    "la bolletta è troppo alta",
    "importo della bolletta sbagliato",
    "bolletta con importo errato",
    "mi è arrivata una bolletta altissima",
    "contesto l'importo della bolletta",
  ],
];
const FILLERS = ["", " please help", " since yesterday", " urgent", " thanks", " grazie", " da ieri", " again"];

function corpus(perGroup: number): { docs: ClusterDocument[]; truth: number[] } {
  const docs: ClusterDocument[] = [];
  const truth: number[] = [];
  for (let i = 0; i < perGroup; i++) {
    GROUPS.forEach((variants, g) => {
      docs.push({ id: `${g}-${i}`, text: variants[i % variants.length]! + FILLERS[(i * 3 + g) % FILLERS.length]! });
      truth.push(g);
    });
  }
  return { docs, truth };
}

function labelsOf(docs: ClusterDocument[], clusters: Array<{ documentIds: string[] }>): number[] {
  const of = new Map<string, number>();
  clusters.forEach((c, index) => c.documentIds.forEach((id) => of.set(id, index)));
  return docs.map((d) => of.get(d.id) ?? -1);
}

describe("clusterDocuments", () => {
  const { docs, truth } = corpus(20);

  it("separates obviously different problems with a fixed k", () => {
    const result = clusterDocuments(docs, { k: 6, seed: 1 });
    expect(result.clusters).toHaveLength(6);
    expect(adjustedRandIndex(truth, labelsOf(docs, result.clusters))).toBeGreaterThan(0.9);
    for (const cluster of result.clusters) {
      expect(cluster.similarities).toHaveLength(cluster.documentIds.length);
      expect(cluster.representativeIds.length).toBeGreaterThan(0);
      expect(cluster.documentIds).toEqual(expect.arrayContaining(cluster.representativeIds));
      // Representatives are different texts, not copies of one.
      const texts = cluster.representativeIds.map((id) => docs.find((d) => d.id === id)!.text);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it("is deterministic for a seed", () => {
    const a = clusterDocuments(docs, { k: 6, seed: 7 });
    const b = clusterDocuments(docs, { k: 6, seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("chooses a sensible number of clusters by itself", () => {
    const result = clusterDocuments(docs, { k: "auto", seed: 3 });
    expect(result.clusters.length).toBeGreaterThanOrEqual(5);
    expect(result.clusters.length).toBeLessThanOrEqual(9);
    expect(adjustedRandIndex(truth, labelsOf(docs, result.clusters))).toBeGreaterThan(0.7);
  });

  it("labels clusters with readable words", () => {
    const result = clusterDocuments(docs, { k: 6, seed: 1 });
    const cardCluster = result.clusters.find((c) => c.documentIds.includes("0-0"))!;
    const passwordCluster = result.clusters.find((c) => c.documentIds.includes("2-0"))!;
    expect(cardCluster.keywords).toEqual(expect.arrayContaining(["card"]));
    expect(passwordCluster.label).toContain("password");
    for (const cluster of result.clusters) {
      expect(cluster.label).toMatch(/^[\p{L} ·]+$/u);
      expect(cluster.keywords.every((w) => !w.startsWith("["))).toBe(true);
    }
  });

  it("clusters a sample by graph and the rest by its centroids when the corpus is large", () => {
    const result = clusterDocuments(docs, { k: 6, seed: 1, graphLimit: 50, graphSample: 60 });
    expect(result.clusters).toHaveLength(6);
    expect(adjustedRandIndex(truth, labelsOf(docs, result.clusters))).toBeGreaterThan(0.7);
  });

  it("also offers plain spherical k-means, with full passes or minibatches", () => {
    const result = clusterDocuments(docs, { k: 6, seed: 1, method: "kmeans" });
    expect(result.clusters.length).toBe(6);
    expect(adjustedRandIndex(truth, labelsOf(docs, result.clusters))).toBeGreaterThan(0.5);
    const { rows } = vectorizeCorpus(
      docs.map((d) => d.text),
      DEFAULT_FEATURES,
    );
    const minibatch = sphericalKMeans(rows, { k: 6, seed: 1, fullPassLimit: 10, batchSize: 32, batches: 40 });
    expect(adjustedRandIndex(truth, Array.from(minibatch.assignment))).toBeGreaterThan(0.5);
    expect(minibatch.similarity.every((s) => s > 0)).toBe(true);
  });

  it("picks representatives that are not copies of one another", () => {
    const copies = Array.from({ length: 12 }, (_, i) => ({
      id: `copy${i}`,
      text: `Order ${i}: my card has not arrived yet`,
    }));
    const others = [
      "my new card has not arrived",
      "the card still has not arrived",
      "card not arrived after a week",
      "my card has not arrived, please help",
      "has my card arrived yet?",
    ].map((text, i) => ({ id: `v${i}`, text }));
    const [card] = clusterDocuments([...copies, ...others], { k: 1, seed: 1 }).clusters;
    // The copies are the most central, yet they do not fill the list.
    expect(card!.representativeIds).toHaveLength(5);
    expect(card!.representativeIds.filter((id) => id.startsWith("copy")).length).toBeLessThanOrEqual(2);
  });

  it("leaves empty texts unclustered", () => {
    const result = clusterDocuments([...docs, { id: "empty", text: "   " }, { id: "digits", text: "12345" }], {
      k: 6,
      seed: 1,
    });
    expect(result.unclustered).toEqual(expect.arrayContaining(["empty"]));
  });
});

describe("assignDocument", () => {
  const { docs } = corpus(20);
  const result = clusterDocuments(docs, { k: 6, seed: 1 });
  const model = JSON.parse(JSON.stringify(result.model)) as typeof result.model;

  it("puts a new text about a known problem in that cluster", () => {
    const cardCluster = result.clusters.findIndex((c) => c.documentIds.includes("0-0"));
    const appCluster = result.clusters.findIndex((c) => c.documentIds.includes("3-0"));
    expect(assignDocument(model, "my new card has still not arrived").clusterIndex).toBe(cardCluster);
    expect(assignDocument(model, "l'app continua a chiudersi all'avvio").clusterIndex).toBe(appCluster);
  });

  it("leaves unrelated text unclustered", () => {
    const assignment = assignDocument(model, "what a lovely sunny weather in Tokyo");
    expect(assignment.clusterIndex).toBeNull();
    expect(assignDocument(model, "").clusterIndex).toBeNull();
  });

  // Assignment speed is measured in bench/cluster-speed.ts, not asserted here.
  it("keeps the stored model small", () => {
    expect(JSON.stringify(model).length).toBeLessThan(2_000_000);
  });
});

describe("latent semantic analysis", () => {
  it("decomposes a symmetric matrix", () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,−1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 10);
    expect(values[1]).toBeCloseTo(1, 10);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 10);
    expect(vectors[0]! * vectors[2]!).toBeGreaterThan(0);
  });

  it("finds the main directions of a corpus and clusters in them", () => {
    const { docs, truth } = corpus(20);
    const { rows } = vectorizeCorpus(
      docs.map((d) => d.text),
      DEFAULT_FEATURES,
    );
    const lsa = fitLsa(rows, 10, 1);
    expect(lsa.rank).toBe(10);
    for (let b = 1; b < lsa.rank; b++) expect(lsa.singular[b]!).toBeLessThanOrEqual(lsa.singular[b - 1]! + 1e-9);
    const result = clusterDocuments(docs, { k: 6, seed: 1, method: "lsa", lsaRank: 20 });
    expect(adjustedRandIndex(truth, labelsOf(docs, result.clusters))).toBeGreaterThan(0.5);
  });
});
