import { getDb } from "#db/client.server";
import { clusters, tickets, type Channel, type TicketStatus } from "#db/schema/index";

let counter = 0;

export type TicketSeed = {
  subject?: string;
  body?: string;
  openedAt?: Date;
  channel?: Channel | null;
  status?: TicketStatus;
  firstResponseAt?: Date | null;
  resolvedAt?: Date | null;
  csatGood?: boolean | null;
  interactions?: number | null;
  clusterId?: string | null;
  clusterPinned?: boolean;
};

export async function insertTickets(seeds: TicketSeed[]) {
  if (seeds.length === 0) return [];
  return getDb()
    .insert(tickets)
    .values(
      seeds.map((seed) => {
        counter += 1;
        return {
          source: "test",
          externalId: `t-${Date.now().toString(36)}-${counter}`,
          subject: seed.subject ?? "Ticket",
          body: seed.body ?? "",
          openedAt: seed.openedAt ?? new Date(),
          channel: seed.channel === undefined ? "email" : seed.channel,
          status: seed.status ?? "open",
          firstResponseAt: seed.firstResponseAt ?? null,
          resolvedAt: seed.resolvedAt ?? null,
          csatGood: seed.csatGood ?? null,
          interactions: seed.interactions ?? null,
          clusterId: seed.clusterId ?? null,
          clusterPinned: seed.clusterPinned ?? false,
        };
      }),
    )
    .returning();
}

export async function insertCluster(label: string, name: string | null = null) {
  const [row] = await getDb().insert(clusters).values({ label, name }).returning();
  if (!row) throw new Error("no cluster");
  return row;
}

const topics = {
  billing: {
    subjects: [
      "Fattura con importo errato",
      "Addebito doppio in fattura",
      "Fattura sbagliata: addebito non dovuto",
      "Importo in fattura non corretto",
    ],
    bodies: [
      "La fattura riporta un importo errato: addebito doppio del canone in fattura.",
      "In fattura trovo un addebito doppio, importo errato, chiedo lo storno della fattura.",
      "Importo della fattura non corretto, addebito non dovuto sul canone in fattura.",
    ],
  },
  delivery: {
    subjects: [
      "Pacco non consegnato dal corriere",
      "Consegna del pacco fallita",
      "Corriere: pacco mai consegnato",
      "Il corriere non ha consegnato il pacco",
    ],
    bodies: [
      "Il corriere segna consegna fallita ma il pacco non è mai stato consegnato.",
      "Pacco in giacenza dal corriere, nessuna consegna e nessun avviso di consegna del pacco.",
      "Tracking del pacco fermo, il corriere non ha consegnato: consegna mai avvenuta.",
    ],
  },
  login: {
    subjects: [
      "Cannot log in to the app",
      "App login fails",
      "Login error in the mobile app",
      "Unable to log in to the app",
    ],
    bodies: [
      "The mobile app shows a login error, I cannot log in to the app with my password.",
      "Login fails in the app with an error, the app password is right but login fails.",
      "Every time I open the app the login fails and the app asks me to log in again.",
    ],
  },
} as const;

export type Topic = keyof typeof topics;

/** Tickets about one problem, worded with variation like real ones. */
export function topicTickets(topic: Topic, count: number, extra: TicketSeed = {}): TicketSeed[] {
  const { subjects, bodies } = topics[topic];
  return Array.from({ length: count }, (_, index) => ({
    subject: subjects[index % subjects.length],
    body: `${bodies[index % bodies.length]} Rif. ${index}.`,
    ...extra,
  }));
}
