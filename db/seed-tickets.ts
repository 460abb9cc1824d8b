import { eq, inArray, like } from "drizzle-orm";
import { refreshImpact } from "#app/services/clusters/impact.server";
import { reclusterTickets } from "#app/services/clusters/recluster.server";
import type { Database } from "./client.server";
import { clusters, itemClusters, items, tickets, type Channel, type TicketStatus } from "./schema/index";

type Problem = {
  key: string;
  /** Tickets a week, oldest week first is scaled by `trend` towards the newest. */
  perWeek: number;
  trend: number;
  channels: Channel[];
  /** Share of good CSAT ratings. */
  csat: number;
  /** Median hours to first response and to resolution. */
  firstResponse: number;
  resolution: number;
  it: { subjects: string[]; bodies: string[] };
  en: { subjects: string[]; bodies: string[] };
};

// Twelve problems of a telecom and retail contact centre, in Italian and English.
const problems: Problem[] = [
  { key: "billing", perWeek: 22, trend: 1, channels: ["phone", "email", "chat"], csat: 0.55, firstResponse: 6, resolution: 60,
    it: { subjects: ["Importo errato in bolletta", "Conguaglio non chiaro in fattura", "Addebito doppio in bolletta", "Bolletta troppo alta questo mese"],
      bodies: ["In bolletta trovo un conguaglio che non capisco, l'importo è il doppio del solito.", "Mi avete addebitato due volte il canone in bolletta, chiedo lo storno dell'importo errato.", "La voce conguaglio in fattura non è spiegata, pensavo fosse un errore di addebito."] },
    en: { subjects: ["Wrong amount on my bill", "Double charge on the bill", "Bill adjustment I do not understand"],
      bodies: ["My bill shows an adjustment charge I do not understand, the amount is twice the usual.", "I was charged twice on this month's bill, please refund the wrong amount."] } },
  { key: "delivery", perWeek: 20, trend: 1.3, channels: ["phone", "chat", "messaging"], csat: 0.45, firstResponse: 4, resolution: 72,
    it: { subjects: ["Pacco non consegnato", "Consegna fallita", "Corriere non passato", "Spedizione in giacenza"],
      bodies: ["Il corriere segna consegna fallita ma ero a casa tutto il giorno, il pacco non è arrivato.", "La spedizione risulta in giacenza presso il corriere senza nessun avviso di consegna.", "Il tracciamento del pacco è fermo da giorni, la consegna non è mai avvenuta."] },
    en: { subjects: ["Parcel not delivered", "Failed delivery attempt", "Courier never came"],
      bodies: ["Tracking says failed delivery but I was home all day, the parcel never arrived.", "The courier marked the parcel as delivered but I have not received anything."] } },
  { key: "login", perWeek: 18, trend: 1.1, channels: ["chat", "social", "email"], csat: 0.6, firstResponse: 3, resolution: 20,
    it: { subjects: ["Non riesco ad accedere all'app", "Errore di accesso nell'app", "L'app non mi fa entrare"],
      bodies: ["Dopo l'aggiornamento l'app mostra errore di accesso anche con la password giusta.", "L'app mi chiede di accedere ogni volta e poi dà errore di login.", "Accesso all'app impossibile: schermata bianca dopo il login."] },
    en: { subjects: ["Cannot log in to the app", "App login error", "Login fails in the mobile app"],
      bodies: ["After the update the app shows a login error even with the right password.", "The mobile app logs me out and then login fails with an unknown error."] } },
  { key: "returns", perWeek: 14, trend: 0.9, channels: ["store", "phone", "web_form"], csat: 0.6, firstResponse: 8, resolution: 96,
    it: { subjects: ["Reso rifiutato in negozio", "Come faccio il reso", "Reso senza scontrino"],
      bodies: ["In negozio mi hanno rifiutato il reso perché non ho lo scontrino, ma l'acquisto era online.", "Vorrei restituire il prodotto ma il modulo di reso chiede lo scontrino.", "Il reso gratuito entro 30 giorni non è stato accettato in negozio."] },
    en: { subjects: ["Return refused in store", "How do I return an item"],
      bodies: ["The store refused my return because I have no receipt, but I bought it online.", "I want to return the item but the return form asks for a receipt."] } },
  { key: "refunds", perWeek: 16, trend: 1.2, channels: ["email", "phone", "web_form"], csat: 0.4, firstResponse: 10, resolution: 140,
    it: { subjects: ["Rimborso non ancora arrivato", "Quando arriva il rimborso", "Rimborso in lavorazione da settimane"],
      bodies: ["Il reso è stato accettato da due settimane ma il rimborso sulla carta non è ancora arrivato.", "La pagina dice rimborso in lavorazione da settimane, quando arriva l'accredito?"] },
    en: { subjects: ["Refund not received", "Refund still processing", "When will I get my refund"],
      bodies: ["My return was accepted two weeks ago but the refund has not reached my card.", "The refund status page has said processing for weeks, when will the money arrive?"] } },
  { key: "sim", perWeek: 12, trend: 1, channels: ["store", "phone", "chat"], csat: 0.65, firstResponse: 2, resolution: 12,
    it: { subjects: ["SIM non attiva", "Attivazione SIM bloccata", "Nuova SIM senza linea"],
      bodies: ["Ho inserito la nuova SIM ma non si attiva, nessuna linea dopo 24 ore.", "L'attivazione della SIM è bloccata, il telefono dice SIM non valida."] },
    en: { subjects: ["SIM not activated", "New SIM has no signal"],
      bodies: ["I inserted the new SIM but it does not activate, still no signal after a day.", "SIM activation is stuck and the phone says invalid SIM card."] } },
  { key: "roaming", perWeek: 8, trend: 1.6, channels: ["phone", "social", "messaging"], csat: 0.5, firstResponse: 5, resolution: 30,
    it: { subjects: ["Roaming non funziona all'estero", "Costi di roaming inattesi"],
      bodies: ["Sono all'estero e il roaming dati non funziona, nessuna connessione internet.", "Mi sono arrivati costi di roaming in Svizzera che non mi aspettavo."] },
    en: { subjects: ["Roaming not working abroad", "Unexpected roaming charges"],
      bodies: ["I am abroad and data roaming does not work, no internet connection at all.", "I got roaming charges in Switzerland that I did not expect."] } },
  { key: "invoices", perWeek: 10, trend: 0.8, channels: ["email", "web_form"], csat: 0.7, firstResponse: 12, resolution: 48,
    it: { subjects: ["Richiesta copia fattura", "Fattura elettronica non ricevuta", "Dove trovo il codice cliente in fattura"],
      bodies: ["Non ho ricevuto la fattura elettronica del mese scorso, mi serve una copia in PDF.", "Non trovo il codice cliente nella fattura, dove si trova?"] },
    en: { subjects: ["Copy of invoice needed", "E-invoice not received"],
      bodies: ["I did not receive last month's e-invoice, please send a PDF copy.", "Where is the customer code on the invoice? I cannot find it."] } },
  { key: "password", perWeek: 12, trend: 1, channels: ["chat", "email", "phone"], csat: 0.7, firstResponse: 2, resolution: 6,
    it: { subjects: ["Reset password area clienti", "Password scaduta", "Non ricevo l'email per il reset della password"],
      bodies: ["La password dell'area clienti è scaduta e l'email di reset non arriva.", "Ho chiesto il reset della password ma il link non funziona."] },
    en: { subjects: ["Password reset not working", "Password expired"],
      bodies: ["My account password expired and the reset email never arrives.", "The password reset link says it is invalid."] } },
  { key: "pickup", perWeek: 8, trend: 1.2, channels: ["store", "phone", "messaging"], csat: 0.55, firstResponse: 5, resolution: 36,
    it: { subjects: ["Ritiro in negozio non pronto", "Ordine da ritirare in negozio"],
      bodies: ["Ho ricevuto l'SMS di ritiro in negozio ma l'ordine non era pronto al banco.", "Sono andato a ritirare l'ordine in negozio e non lo trovavano."] },
    en: { subjects: ["Store pickup order not ready", "Click and collect problem"],
      bodies: ["I got the pickup text but the order was not ready at the store counter.", "The store could not find my click and collect order."] } },
  { key: "damaged", perWeek: 9, trend: 1, channels: ["email", "web_form", "social"], csat: 0.5, firstResponse: 7, resolution: 80,
    it: { subjects: ["Prodotto arrivato danneggiato", "Confezione rotta alla consegna"],
      bodies: ["Il prodotto è arrivato danneggiato, lo schermo è rotto e la confezione schiacciata.", "La confezione era rotta alla consegna e il prodotto è graffiato."] },
    en: { subjects: ["Item arrived damaged", "Broken product on delivery"],
      bodies: ["The product arrived damaged, the screen is cracked and the box crushed.", "The box was broken on delivery and the item is scratched."] } },
  { key: "cancel", perWeek: 11, trend: 1, channels: ["phone", "email", "web_form"], csat: 0.35, firstResponse: 9, resolution: 100,
    it: { subjects: ["Disdetta abbonamento", "Come disdire il contratto", "Disdetta non registrata"],
      bodies: ["Voglio disdire l'abbonamento ma il modulo di disdetta online non funziona.", "Ho inviato la disdetta del contratto un mese fa e mi addebitano ancora il canone."] },
    en: { subjects: ["Cancel my subscription", "Cancellation not processed"],
      bodies: ["I want to cancel my subscription but the online cancellation form fails.", "I cancelled my contract a month ago and I am still being charged."] } },
];

/** Demo items and the problem whose tickets they address. */
const itemLinks: Record<string, string> = {
  "I clienti non trovano il codice cliente in fattura": "invoices",
  "Evidenziare il codice cliente nella prima pagina della fattura": "invoices",
  "Rimborsi su carta: i clienti chiedono i tempi esatti": "refunds",
  "Email automatica con la data prevista del rimborso": "refunds",
  "La password dell'area clienti scade troppo spesso": "password",
  "I clienti non capiscono la voce «conguaglio» in bolletta": "billing",
  "Una pagina FAQ sul conguaglio con un esempio": "billing",
  "Resi rifiutati perché manca lo scontrino": "returns",
  "Cartello in cassa sui resi gratuiti entro 30 giorni": "returns",
  "Refund status page shows 'processing' for weeks": "refunds",
};
/** Done items whose problem really did shrink after they were done. */
const fixedBy: Record<string, string> = { billing: "Una pagina FAQ sul conguaglio con un esempio" };

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const WEEKS = 12;
const details = ["", " Grazie.", " Urgente.", " Cliente da 10 anni.", " Please help.", " Thanks.", " Seconda volta che scrivo.", " Ordine n. [masked]."];

/**
 * About 2,000 scrubbed tickets over the last 12 weeks, then one clustering run and links from
 * demo items to the clusters of their problem. Volume drops after a done item's date for the
 * problem it fixed, so the "after done" chart has something true to show.
 */
export async function seedDemoTickets(db: Database, random: () => number, now = Date.now()): Promise<{ tickets: number; clusters: number; ms: number }> {
  const started = Date.now();
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const titles = Object.keys(itemLinks);
  const linked = await db.select({ id: items.id, title: items.title, doneAt: items.doneAt, authorId: items.authorId }).from(items).where(inArray(items.title, titles));
  const dropAt = new Map<string, number>();
  for (const [problem, title] of Object.entries(fixedBy)) {
    const item = linked.find((row) => row.title === title);
    if (item?.doneAt) dropAt.set(problem, item.doneAt.getTime());
  }

  const rows: Array<typeof tickets.$inferInsert> = [];
  for (const problem of problems) {
    for (let week = 0; week < WEEKS; week++) {
      const weekStart = now - (WEEKS - week) * 7 * DAY;
      let rate = problem.perWeek * (1 + ((problem.trend - 1) * week) / (WEEKS - 1));
      const drop = dropAt.get(problem.key);
      if (drop !== undefined) rate = weekStart + 3.5 * DAY >= drop ? rate * 0.4 : rate * 1.4;
      const count = Math.max(0, Math.round(rate * (0.8 + random() * 0.4)));
      for (let n = 0; n < count; n++) {
        const openedAt = new Date(weekStart + random() * 7 * DAY);
        const english = random() < 0.3;
        const text = english ? problem.en : problem.it;
        const age = now - openedAt.getTime();
        const firstResponseHours = problem.firstResponse * (0.3 + random() * 1.4);
        const resolutionHours = problem.resolution * (0.3 + random() * 1.4);
        const answered = firstResponseHours * HOUR < age;
        const resolved = resolutionHours * HOUR < age && random() < 0.92;
        const status: TicketStatus = resolved ? (random() < 0.5 ? "closed" : "resolved") : answered && random() < 0.5 ? "pending" : "open";
        const rated = resolved && random() < 0.6;
        const good = rated ? random() < problem.csat : null;
        rows.push({
          source: "demo",
          externalId: `demo-${problem.key}-${rows.length + 1}`,
          subject: pick(text.subjects),
          body: `${pick(text.bodies)}${pick(details)}`,
          channel: pick(problem.channels),
          language: english ? "en" : "it",
          status,
          openedAt,
          firstResponseAt: answered ? new Date(openedAt.getTime() + firstResponseHours * HOUR) : null,
          resolvedAt: resolved ? new Date(openedAt.getTime() + resolutionHours * HOUR) : null,
          csatScore: good === null ? null : good ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3),
          csatGood: good,
          interactions: 1 + Math.floor(random() * (resolved ? 4 : 3)),
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(tickets).values(rows.slice(i, i + 500));

  const result = await reclusterTickets(db, { k: problems.length, now: new Date(now) });

  // Each demo item links to the cluster that holds most of its problem's tickets.
  const clusterOf = new Map<string, string>();
  for (const problem of problems) {
    const members = await db
      .select({ clusterId: tickets.clusterId })
      .from(tickets)
      .where(like(tickets.externalId, `demo-${problem.key}-%`));
    const counts = new Map<string, number>();
    for (const { clusterId } of members) if (clusterId) counts.set(clusterId, (counts.get(clusterId) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (best) clusterOf.set(problem.key, best[0]);
  }
  const links = linked.flatMap((item) => {
    const clusterId = clusterOf.get(itemLinks[item.title] ?? "");
    return clusterId ? [{ itemId: item.id, clusterId, linkedById: item.authorId }] : [];
  });
  if (links.length) await db.insert(itemClusters).values(links).onConflictDoNothing();
  // Names a manager would give, so the demo shows that names survive re-clustering.
  const billing = clusterOf.get("billing");
  if (billing) await db.update(clusters).set({ name: "Conguaglio e addebiti in bolletta" }).where(eq(clusters.id, billing));
  await refreshImpact(db, { all: true }, new Date(now));
  return { tickets: rows.length, clusters: result.clusters, ms: Date.now() - started };
}
