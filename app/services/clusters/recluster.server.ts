import { and, asc, desc, eq, gt, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type Queryable } from "#db/client.server";
import { chunks, jsonParam, uuidList } from "#db/sql.server";
import { clusteringModels, clusters, tickets } from "#db/schema/index";
import {
  assignText,
  matchPrevious,
  runClustering,
  ticketText,
  type ClusterDocument,
  type ClusterModel,
} from "./engine";
import { refreshImpact } from "./impact.server";

const PAGE_SIZE = 2000;
const WRITE_CHUNK = 5000;
/** Below this many tickets a first clustering finds nothing worth showing. */
const MIN_TICKETS_TO_CLUSTER = 50;

type Progress = (done: number, total: number) => void | Promise<void>;

/** Loads tickets page by page (keyset on id), keeping only what the engine needs. */
async function loadDocuments(db: Queryable, where: SQL | undefined) {
  const documents: ClusterDocument[] = [];
  const current = new Map<string, string | null>();
  let last: string | undefined;
  for (;;) {
    const page = await db
      .select({ id: tickets.id, subject: tickets.subject, body: tickets.body, clusterId: tickets.clusterId })
      .from(tickets)
      .where(and(where, last ? gt(tickets.id, last) : undefined))
      .orderBy(asc(tickets.id))
      .limit(PAGE_SIZE);
    for (const row of page) {
      documents.push({ id: row.id, text: ticketText(row.subject, row.body), title: row.subject });
      current.set(row.id, row.clusterId);
    }
    if (page.length < PAGE_SIZE) break;
    last = page.at(-1)?.id;
  }
  return { documents, current };
}

type TicketPlacement = { id: string; c: string | null; s: number | null };

/** Sets cluster_id and similarity of many tickets, a few thousand per statement. */
export async function writePlacements(db: Queryable, placements: TicketPlacement[]): Promise<void> {
  for (const part of chunks(placements, WRITE_CHUNK)) {
    await db.execute(sql`
      update tickets t set cluster_id = x.c, cluster_similarity = x.s, updated_at = now()
      from jsonb_to_recordset(${jsonParam(part)}) as x(id uuid, c uuid, s real)
      where t.id = x.id`);
  }
}

/** ticket_count of the given clusters (or all) from their tickets. */
export async function recountClusters(db: Queryable, clusterIds?: string[]): Promise<void> {
  const ids = clusterIds?.filter(Boolean);
  if (ids && ids.length === 0) return;
  await db.execute(sql`
    update clusters c set ticket_count = (select count(*) from tickets t where t.cluster_id = c.id)::int
    ${ids ? sql`where c.id in ${uuidList(ids)}` : sql``}`);
}

export type ReclusterResult = {
  tickets: number;
  clusters: number;
  kept: number;
  created: number;
  folded: number;
  retired: number;
  unclustered: number;
  durationMs: number;
};

/**
 * Clusters every ticket again and stores the result in one transaction. Clusters that
 * continue an earlier one (by ticket overlap) keep its id, so names and item links survive;
 * the rest are new, and earlier clusters with no successor are retired, not deleted.
 * Manager decisions win over the engine: pinned tickets are left out and stay where they
 * were put, and a found cluster that mostly holds tickets of a merge target which already
 * has a successor is folded into it, so merged clusters stay merged.
 */
export async function reclusterTickets(
  db: Database,
  options: { k?: number | "auto"; onProgress?: Progress; now?: Date } = {},
): Promise<ReclusterResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const { documents, current } = await loadDocuments(db, eq(tickets.clusterPinned, false));
  await options.onProgress?.(10, 100);
  const result = await runClustering(documents, {
    k: options.k ?? "auto",
    onProgress: (fraction) => void options.onProgress?.(10 + Math.round(fraction * 70), 100),
  });
  await options.onProgress?.(80, 100);

  const summary = await db.transaction(async (tx) => {
    const live = await tx
      .select({ id: clusters.id })
      .from(clusters)
      .where(and(isNull(clusters.retiredAt), isNull(clusters.mergedIntoId)))
      .for("update");
    const liveIds = new Set(live.map((row) => row.id));
    const members = new Map<string, string[]>(live.map((row) => [row.id, []]));
    for (const [ticketId, clusterId] of current)
      if (clusterId && liveIds.has(clusterId)) members.get(clusterId)?.push(ticketId);
    const previous = live.map((row) => ({ id: row.id, documentIds: members.get(row.id) ?? [] }));
    const matched = previous.length ? matchPrevious(previous, result.clusters) : result.clusters.map(() => null);

    const mergeTargets = new Set(
      (
        await tx.selectDistinct({ id: clusters.mergedIntoId }).from(clusters).where(isNotNull(clusters.mergedIntoId))
      ).map((row) => row.id),
    );
    const taken = new Set(matched.filter((id): id is string => id !== null));
    const owner: Array<string | null> = [...matched];
    let folded = 0;
    result.clusters.forEach((found, index) => {
      if (matched[index] !== null) return;
      const overlap = new Map<string, number>();
      for (const id of found.documentIds) {
        const before = current.get(id);
        if (before) overlap.set(before, (overlap.get(before) ?? 0) + 1);
      }
      const [best, count] = [...overlap].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
      if (best && mergeTargets.has(best) && taken.has(best) && count * 2 >= found.documentIds.length) {
        owner[index] = best;
        folded += 1;
      }
    });

    // Matched clusters first: they keep their row and take the engine's new description.
    const clusterIds: string[] = [];
    let created = 0;
    for (const [index, found] of result.clusters.entries()) {
      const existing = owner[index];
      if (existing && matched[index] === existing) {
        await tx
          .update(clusters)
          .set({
            label: found.names.it,
            labelEn: found.names.en,
            keywords: found.keywords,
            representativeTicketIds: found.representativeIds.slice(0, 10),
            centroid: { modelIndex: index },
            retiredAt: null,
            updatedAt: now,
          })
          .where(eq(clusters.id, existing));
        clusterIds[index] = existing;
      } else if (existing) {
        clusterIds[index] = existing;
      } else {
        const [row] = await tx
          .insert(clusters)
          .values({
            label: found.names.it,
            labelEn: found.names.en,
            keywords: found.keywords,
            representativeTicketIds: found.representativeIds.slice(0, 10),
            centroid: { modelIndex: index },
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: clusters.id });
        if (!row) throw new Error("insert returned no cluster");
        clusterIds[index] = row.id;
        created += 1;
      }
    }

    const placements: TicketPlacement[] = [];
    const placed = new Set<string>();
    result.clusters.forEach((found, index) => {
      found.documentIds.forEach((id, position) => {
        placements.push({ id, c: clusterIds[index] ?? null, s: found.similarities[position] ?? null });
        placed.add(id);
      });
    });
    for (const document of documents)
      if (!placed.has(document.id)) placements.push({ id: document.id, c: null, s: null });
    await writePlacements(tx, placements);

    // Earlier clusters with no successor retire, unless a manager pinned tickets to them.
    const successors = new Set(clusterIds);
    const holding = new Set(
      (await tx.selectDistinct({ id: tickets.clusterId }).from(tickets).where(eq(tickets.clusterPinned, true))).map(
        (row) => row.id,
      ),
    );
    let retired = 0;
    for (const id of liveIds) {
      if (successors.has(id) || holding.has(id)) continue;
      await tx.update(clusters).set({ retiredAt: now, updatedAt: now }).where(eq(clusters.id, id));
      retired += 1;
    }
    await recountClusters(tx);

    await tx.delete(clusteringModels);
    await tx.insert(clusteringModels).values({
      model: result.model as Record<string, unknown>,
      clusterIds,
      ticketCount: documents.length,
      durationMs: Date.now() - started,
      finishedAt: now,
    });
    await refreshImpact(tx, { all: true }, now);
    return {
      kept: matched.filter((id) => id !== null).length,
      created,
      folded,
      retired,
    };
  });
  await options.onProgress?.(100, 100);
  return {
    tickets: documents.length,
    clusters: summary.kept + summary.created,
    ...summary,
    unclustered: result.unclustered.length,
    durationMs: Date.now() - started,
  };
}

export async function getCurrentModel(db: Queryable) {
  const [row] = await db.select().from(clusteringModels).orderBy(desc(clusteringModels.finishedAt)).limit(1);
  return row ?? null;
}

/** Live cluster for a model index: follows merges, and gives null for retired clusters. */
export async function clusterResolver(db: Queryable) {
  const rows = await db
    .select({ id: clusters.id, mergedIntoId: clusters.mergedIntoId, retiredAt: clusters.retiredAt })
    .from(clusters);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return (id: string | null | undefined): string | null => {
    let row = id ? byId.get(id) : undefined;
    for (let hops = 0; row?.mergedIntoId && hops < 20; hops++) row = byId.get(row.mergedIntoId);
    return row && !row.retiredAt ? row.id : null;
  };
}

export type AssignResult = { assigned: number; unassigned: number; reclustered?: ReclusterResult; skipped?: "noModel" };

/**
 * Puts every unclustered, unpinned ticket into its nearest cluster with the stored model, or
 * leaves it unclustered when none is close enough. With no model yet and enough tickets, a
 * full clustering runs instead.
 */
export async function assignUnclustered(
  db: Database,
  options: { onProgress?: Progress; now?: Date } = {},
): Promise<AssignResult> {
  const now = options.now ?? new Date();
  const stored = await getCurrentModel(db);
  if (!stored) {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from tickets`);
    if (Number(row?.n ?? 0) >= MIN_TICKETS_TO_CLUSTER) {
      const reclustered = await reclusterTickets(db, { onProgress: options.onProgress, now });
      return {
        assigned: reclustered.tickets - reclustered.unclustered,
        unassigned: reclustered.unclustered,
        reclustered,
      };
    }
    return { assigned: 0, unassigned: 0, skipped: "noModel" };
  }
  const model = stored.model as ClusterModel;
  const resolve = await clusterResolver(db);
  const touched = new Set<string>();
  let assigned = 0;
  let unassigned = 0;
  let last: string | undefined;
  for (;;) {
    const page = await db
      .select({ id: tickets.id, subject: tickets.subject, body: tickets.body })
      .from(tickets)
      .where(and(isNull(tickets.clusterId), eq(tickets.clusterPinned, false), last ? gt(tickets.id, last) : undefined))
      .orderBy(asc(tickets.id))
      .limit(PAGE_SIZE);
    const placements: TicketPlacement[] = [];
    for (const row of page) {
      const assignment = assignText(model, ticketText(row.subject, row.body));
      const clusterId = assignment.clusterIndex === null ? null : resolve(stored.clusterIds[assignment.clusterIndex]);
      if (clusterId) {
        placements.push({ id: row.id, c: clusterId, s: assignment.similarity });
        touched.add(clusterId);
        assigned += 1;
      } else {
        unassigned += 1;
      }
    }
    if (placements.length) {
      // Only tickets still unclustered: a manager may have moved one meanwhile.
      await db.transaction(async (tx) => {
        for (const part of chunks(placements, WRITE_CHUNK)) {
          await tx.execute(sql`
            update tickets t set cluster_id = x.c, cluster_similarity = x.s, updated_at = now()
            from jsonb_to_recordset(${jsonParam(part)}) as x(id uuid, c uuid, s real)
            where t.id = x.id and t.cluster_id is null and not t.cluster_pinned`);
        }
      });
    }
    await options.onProgress?.(
      assigned + unassigned,
      assigned + unassigned + (page.length === PAGE_SIZE ? PAGE_SIZE : 0),
    );
    if (page.length < PAGE_SIZE) break;
    last = page.at(-1)?.id;
  }
  await db.transaction(async (tx) => {
    await recountClusters(tx, [...touched]);
    await refreshImpact(tx, { clusterIds: [...touched] }, now);
  });
  return { assigned, unassigned };
}
