import { describe, expect, it } from "vitest";
import { closeClusters, clusterDocuments, type ClusterDocument } from "#app/services/clustering/index";
import { adjustedRandIndex, crossLanguageShare } from "#app/services/clustering/metrics";
import { ticketText } from "#app/services/clusters/engine";
import { generateDemoTickets, randomSource } from "#app/services/demo/ticket-texts";

// Each problem written by Italian and by English customers, with a subject and a body.
const PROBLEMS: Array<{ it: Array<[string, string]>; en: Array<[string, string]> }> = [
  {
    it: [
      ["Pacco non consegnato", "Il corriere non ha consegnato il pacco, la spedizione è ferma"],
      ["Pacco non consegnato", "Il pacco non è mai arrivato a casa"],
      ["Consegna del pacco fallita", "La consegna del pacco è fallita ieri"],
    ],
    en: [
      ["Parcel not delivered", "The courier never delivered my parcel, the shipment is stuck"],
      ["Parcel not delivered", "My parcel has not arrived at home"],
    ],
  },
  {
    it: [
      ["Rimborso non ricevuto", "Il rimborso sulla carta non è ancora arrivato dopo il reso"],
      ["Rimborso in attesa da settimane", "Aspetto il rimborso da settimane"],
      ["Rimborso non ricevuto", "Non ho ricevuto il rimborso del reso"],
    ],
    en: [
      ["Refund not received", "The refund to my card has not arrived after the return"],
      ["Refund still pending", "I have been waiting weeks for my refund"],
    ],
  },
  {
    it: [
      ["Password dimenticata", "Ho dimenticato la password e non riesco ad accedere all'account"],
      ["Reset della password", "Il link per reimpostare la password non funziona"],
      ["Password dimenticata", "Devo reimpostare la password dell'account"],
    ],
    en: [
      ["Forgot my password", "I forgot my password and cannot log in to my account"],
      ["Password reset", "The password reset link does not work"],
    ],
  },
  {
    it: [
      ["Bolletta troppo alta", "L'importo della bolletta è troppo alto questo mese"],
      ["Addebito doppio in bolletta", "In bolletta c'è un addebito doppio"],
      ["Bolletta troppo alta", "La bolletta ha un importo sbagliato"],
    ],
    en: [
      ["Bill too high", "The amount on my bill is too high this month"],
      ["Double charge on the bill", "There is a double charge on my bill"],
    ],
  },
  {
    it: [
      ["SIM non attiva", "La nuova SIM non si attiva, nessuna linea"],
      ["Attivazione SIM bloccata", "L'attivazione della SIM è bloccata da due giorni"],
      ["SIM non attiva", "Ho inserito la SIM ma il telefono non ha linea"],
    ],
    en: [
      ["SIM not active", "My new SIM does not activate, no signal"],
      ["SIM activation stuck", "The SIM activation has been stuck for two days"],
    ],
  },
];
const FILLERS = ["", " Grazie.", " Urgente.", " Please help.", " Thanks.", " Da ieri.", " Since yesterday."];

function tickets(copies: number): { docs: ClusterDocument[]; truth: number[]; languages: string[] } {
  const docs: ClusterDocument[] = [];
  const truth: number[] = [];
  const languages: string[] = [];
  for (let i = 0; i < copies; i++) {
    PROBLEMS.forEach((problem, p) => {
      for (const language of ["it", "en"] as const) {
        const [subject, body] = problem[language][i % problem[language].length]!;
        docs.push({
          id: `${p}-${language}-${i}`,
          title: subject,
          text: `${subject}\n${body}${FILLERS[(i + p) % FILLERS.length]}`,
        });
        truth.push(p);
        languages.push(language);
      }
    });
  }
  return { docs, truth, languages };
}

function clusterOf(result: ReturnType<typeof clusterDocuments>, docs: ClusterDocument[]): number[] {
  const of = new Map<string, number>();
  result.clusters.forEach((c, index) => c.documentIds.forEach((id) => of.set(id, index)));
  return docs.map((d) => of.get(d.id) ?? -1);
}

describe("one cluster per problem in Italian and English", () => {
  const { docs, truth } = tickets(24);
  const result = clusterDocuments(docs, { k: PROBLEMS.length, seed: 1 });
  const assigned = clusterOf(result, docs);

  it("puts both languages of a problem in one cluster", () => {
    expect(adjustedRandIndex(truth, assigned)).toBeGreaterThan(0.9);
  });

  it("names each cluster from its subjects, in the page's language", () => {
    const delivery = result.clusters[assigned[0]!]!;
    expect(delivery.names.it).toBe("Pacco non consegnato");
    expect(delivery.names.en).toBe("Parcel not delivered");
    const refund = result.clusters[assigned[docs.findIndex((d) => d.id.startsWith("1-"))]!]!;
    expect(refund.names.it).toBe("Rimborso non ricevuto");
    expect(refund.names.en).toMatch(/^Refund/);
  });

  it("keeps negations, time words and courtesy out of the keywords", () => {
    for (const cluster of result.clusters) {
      for (const word of ["non", "not", "ieri", "yesterday", "grazie", "thanks"])
        expect(cluster.keywords).not.toContain(word);
    }
  });

  it("assigns a new ticket in either language to its problem's cluster", () => {
    const model = JSON.parse(JSON.stringify(result.model)) as typeof result.model;
    const delivery = assigned[0]!;
    expect(closeClusters(model, "il corriere non ha consegnato il mio pacco")[0]?.clusterIndex).toBe(delivery);
    expect(closeClusters(model, "my parcel was never delivered")[0]?.clusterIndex).toBe(delivery);
  });

  it("offers no cluster for a text too short or unrelated to mean anything", () => {
    expect(closeClusters(result.model, "abc")).toEqual([]);
    expect(closeClusters(result.model, "")).toEqual([]);
    expect(closeClusters(result.model, "Vorrei un caffè al bar con gli amici")).toEqual([]);
  });
});

describe("negations", () => {
  // Four unrelated problems that all say "not": the word alone must not make them one cluster.
  const groups = [
    ["the parcel was not delivered", "parcel not delivered by the courier", "courier did not deliver my parcel"],
    ["the refund was not credited", "refund not credited to my card", "my card did not get the refund"],
    ["the invoice was not sent", "invoice not sent by email", "you did not send my invoice"],
    ["the app does not open", "app not opening on my phone", "my phone app will not open"],
  ];
  const docs: ClusterDocument[] = [];
  const truth: number[] = [];
  for (let i = 0; i < 15; i++) {
    groups.forEach((variants, g) => {
      docs.push({ id: `${g}-${i}`, text: variants[i % variants.length]! });
      truth.push(g);
    });
  }

  it("never pull unrelated problems together on their own", () => {
    const result = clusterDocuments(docs, { k: "auto", seed: 2 });
    expect(result.clusters.length).toBe(groups.length);
    expect(adjustedRandIndex(truth, clusterOf(result, docs))).toBeGreaterThan(0.9);
    for (const cluster of result.clusters) expect(cluster.keywords).not.toContain("not");
  });
});

describe("the demo's helpdesk tickets, clustered with automatic k", () => {
  // Composed like real tickets: twelve problems, mostly Italian, each with many subjects.
  const demo = generateDemoTickets(randomSource(2027), { now: Date.UTC(2026, 11, 1), weeks: 12 });
  const result = clusterDocuments(
    demo.map((t, i) => ({ id: String(i), text: ticketText(t.subject, t.body), title: t.subject })),
  );
  const clusterOf = new Int32Array(demo.length).fill(-1);
  result.clusters.forEach((cluster, c) => cluster.documentIds.forEach((id) => (clusterOf[Number(id)] = c)));

  it("puts a problem's English tickets in a cluster with its Italian ones", () => {
    const problems = [...new Set(demo.map((t) => t.problem))];
    const shares = crossLanguageShare(
      demo.map((t) => problems.indexOf(t.problem)),
      demo.map((t) => t.language),
      clusterOf,
    );
    const mean = [...shares.values()].reduce((sum, share) => sum + share, 0) / shares.size;
    expect(mean).toBeGreaterThan(0.85);
  });

  it("gives no two clusters the same name, in either language", () => {
    for (const language of ["it", "en"] as const) {
      const names = result.clusters.map((cluster) => cluster.names[language].toLowerCase());
      expect(new Set(names).size, names.join(" / ")).toBe(names.length);
    }
  });

  it("keeps every cluster to one problem", () => {
    for (const cluster of result.clusters) {
      const counts = new Map<string, number>();
      for (const id of cluster.documentIds)
        counts.set(demo[Number(id)]!.problem, (counts.get(demo[Number(id)]!.problem) ?? 0) + 1);
      expect(Math.max(...counts.values()) / cluster.documentIds.length).toBeGreaterThan(0.9);
    }
  });
});
