import { eq, inArray, like } from "drizzle-orm";
import { refreshImpact } from "#app/services/clusters/impact.server";
import { reclusterTickets } from "#app/services/clusters/recluster.server";
import type { Database } from "#db/client.server";
import { clusters, itemClusters, items, tickets } from "#db/schema/index";
import type { SeedProgress } from "./seed.server";
import { generateDemoTickets, problems } from "./ticket-texts";

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
  "La pagina del rimborso resta «in lavorazione» per settimane": "refunds",
};
/** Done items whose problem really did shrink after they were done. */
const fixedBy: Record<string, string> = { billing: "Una pagina FAQ sul conguaglio con un esempio" };

const WEEKS = 12;

/**
 * About 2,000 scrubbed tickets over the last 12 weeks, then one clustering run and links from
 * demo items to the clusters of their problem. Volume drops after a done item's date for the
 * problem it fixed, so the "after done" chart has something true to show.
 */
export async function seedDemoTickets(
  db: Database,
  random: () => number,
  options: { now?: number; onProgress?: SeedProgress } = {},
): Promise<{ tickets: number; clusters: number; ms: number }> {
  const now = options.now ?? Date.now();
  const progress: SeedProgress = options.onProgress ?? (() => {});
  const started = Date.now();
  const titles = Object.keys(itemLinks);
  const linked = await db
    .select({ id: items.id, title: items.title, doneAt: items.doneAt, authorId: items.authorId })
    .from(items)
    .where(inArray(items.title, titles));
  const dropAt = new Map<string, number>();
  for (const [problem, title] of Object.entries(fixedBy)) {
    const item = linked.find((row) => row.title === title);
    if (item?.doneAt) dropAt.set(problem, item.doneAt.getTime());
  }

  const rows: Array<typeof tickets.$inferInsert> = generateDemoTickets(random, { now, weeks: WEEKS, dropAt }).map(
    ({ problem, ...ticket }, index) => ({ ...ticket, source: "demo", externalId: `demo-${problem}-${index + 1}` }),
  );
  progress({ stage: "tickets", done: 0, total: rows.length });
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await db.insert(tickets).values(batch);
    progress({ stage: "tickets", done: i + batch.length, total: rows.length });
  }

  const result = await reclusterTickets(db, {
    k: "auto",
    now: new Date(now),
    onProgress: (done, total) => progress({ stage: "clusters", done, total }),
  });

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
  if (billing)
    await db.update(clusters).set({ name: "Conguaglio e addebiti in bolletta" }).where(eq(clusters.id, billing));
  await refreshImpact(db, { all: true }, new Date(now));
  return { tickets: rows.length, clusters: result.clusters, ms: Date.now() - started };
}
