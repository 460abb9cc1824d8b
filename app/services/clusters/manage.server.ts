import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { clusteringModels, clusters, itemClusters, items, tickets, type Cluster } from "#db/schema/index";
import { writeAudit } from "#app/services/audit.server";
import { can } from "#app/services/permissions";
import { runClustering, ticketText } from "./engine";
import { refreshImpact } from "./impact.server";
import { recountClusters, writePlacements } from "./recluster.server";
import type { ActorWithRole } from "#app/services/actor";

export type ManageResult<T = object> =
  ({ ok: true } & T) | { ok: false; error: "forbidden" | "notFound" | "sameCluster" | "cannotSplit" | "retired" };

export async function getClusterByNumber(db: Queryable, number: number): Promise<Cluster | undefined> {
  const [row] = await db.select().from(clusters).where(eq(clusters.number, number)).limit(1);
  return row;
}

async function lockLiveCluster(db: Queryable, id: string) {
  const [row] = await db.select().from(clusters).where(eq(clusters.id, id)).for("update").limit(1);
  return row;
}

/** A manager's name for the cluster; an empty name goes back to the engine's label. */
export async function renameCluster(
  db: Database,
  actor: ActorWithRole,
  clusterId: string,
  name: string | null,
): Promise<ManageResult> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  return db.transaction(async (tx) => {
    const cluster = await lockLiveCluster(tx, clusterId);
    if (!cluster) return { ok: false, error: "notFound" } as const;
    const clean = name?.trim() || null;
    await tx.update(clusters).set({ name: clean, updatedAt: new Date() }).where(eq(clusters.id, clusterId));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.rename",
      targetType: "cluster",
      targetId: clusterId,
      details: { number: cluster.number, from: cluster.name, to: clean },
    });
    return { ok: true } as const;
  });
}

/** Merges `sourceId` into `targetId`: tickets and item links move, and the source points at the target. */
export async function mergeClusters(
  db: Database,
  actor: ActorWithRole,
  sourceId: string,
  targetId: string,
  now = new Date(),
): Promise<ManageResult> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  if (sourceId === targetId) return { ok: false, error: "sameCluster" };
  return db.transaction(async (tx) => {
    const source = await lockLiveCluster(tx, sourceId);
    const target = await lockLiveCluster(tx, targetId);
    if (!source || !target) return { ok: false, error: "notFound" } as const;
    if (source.mergedIntoId || target.mergedIntoId || target.retiredAt) return { ok: false, error: "retired" } as const;
    await tx.update(tickets).set({ clusterId: targetId, updatedAt: now }).where(eq(tickets.clusterId, sourceId));
    await tx.execute(sql`
      insert into item_clusters (item_id, cluster_id, linked_by_id, created_at)
      select item_id, ${targetId}::uuid, linked_by_id, created_at from item_clusters where cluster_id = ${sourceId}::uuid
      on conflict do nothing`);
    await tx.delete(itemClusters).where(eq(itemClusters.clusterId, sourceId));
    // Clusters merged into the source earlier now point straight at the target.
    await tx
      .update(clusters)
      .set({ mergedIntoId: targetId, updatedAt: now })
      .where(eq(clusters.mergedIntoId, sourceId));
    await tx
      .update(clusters)
      .set({ mergedIntoId: targetId, ticketCount: 0, updatedAt: now })
      .where(eq(clusters.id, sourceId));
    await tx.execute(
      sql`update ${clusteringModels} set cluster_ids = array_replace(cluster_ids, ${sourceId}::uuid, ${targetId}::uuid)`,
    );
    await recountClusters(tx, [targetId]);
    await refreshImpact(tx, { clusterIds: [targetId] }, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.merge",
      targetType: "cluster",
      targetId: sourceId,
      details: { number: source.number, into: target.number },
    });
    return { ok: true } as const;
  });
}

/**
 * Clusters the tickets of one cluster again into `k` parts (or as many as the engine finds).
 * The largest part keeps the cluster, so its name and links stay; the others become new
 * clusters. Pinned tickets stay in the original.
 */
export async function splitCluster(
  db: Database,
  actor: ActorWithRole,
  clusterId: string,
  k: number | "auto" = "auto",
  now = new Date(),
): Promise<ManageResult<{ created: number[] }>> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  const [cluster] = await db.select().from(clusters).where(eq(clusters.id, clusterId)).limit(1);
  if (!cluster) return { ok: false, error: "notFound" };
  if (cluster.mergedIntoId || cluster.retiredAt) return { ok: false, error: "retired" };
  const rows = await db
    .select({ id: tickets.id, subject: tickets.subject, body: tickets.body })
    .from(tickets)
    .where(and(eq(tickets.clusterId, clusterId), eq(tickets.clusterPinned, false)));
  if (rows.length < 4) return { ok: false, error: "cannotSplit" };
  const result = await runClustering(
    rows.map((row) => ({ id: row.id, text: ticketText(row.subject, row.body), title: row.subject })),
    { k },
  );
  const parts = [...result.clusters].sort((a, b) => b.documentIds.length - a.documentIds.length);
  if (parts.length < 2) return { ok: false, error: "cannotSplit" };
  return db.transaction(async (tx) => {
    const [keeper, ...others] = parts;
    if (!keeper) return { ok: false, error: "cannotSplit" } as const;
    await tx
      .update(clusters)
      .set({
        label: keeper.names.it,
        labelEn: keeper.names.en,
        keywords: keeper.keywords,
        representativeTicketIds: keeper.representativeIds.slice(0, 10),
        updatedAt: now,
      })
      .where(eq(clusters.id, clusterId));
    const created: Array<{ id: string; number: number }> = [];
    for (const part of others) {
      const [row] = await tx
        .insert(clusters)
        .values({
          label: part.names.it,
          labelEn: part.names.en,
          keywords: part.keywords,
          representativeTicketIds: part.representativeIds.slice(0, 10),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: clusters.id, number: clusters.number });
      if (!row) throw new Error("insert returned no cluster");
      created.push(row);
      await writePlacements(
        tx,
        part.documentIds.map((id, index) => ({ id, c: row.id, s: part.similarities[index] ?? null })),
      );
    }
    await writePlacements(
      tx,
      keeper.documentIds.map((id, index) => ({ id, c: clusterId, s: keeper.similarities[index] ?? null })),
    );
    await recountClusters(tx, [clusterId, ...created.map((row) => row.id)]);
    await refreshImpact(tx, { clusterIds: [clusterId] }, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.split",
      targetType: "cluster",
      targetId: clusterId,
      details: { number: cluster.number, into: created.map((row) => row.number) },
    });
    return { ok: true, created: created.map((row) => row.number) } as const;
  });
}

/** Moves tickets to another cluster by hand and pins them there, so re-clustering keeps them. */
export async function moveTickets(
  db: Database,
  actor: ActorWithRole,
  ticketIds: string[],
  targetId: string,
  now = new Date(),
): Promise<ManageResult<{ moved: number }>> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  if (ticketIds.length === 0) return { ok: true, moved: 0 };
  return db.transaction(async (tx) => {
    const target = await lockLiveCluster(tx, targetId);
    if (!target) return { ok: false, error: "notFound" } as const;
    if (target.mergedIntoId || target.retiredAt) return { ok: false, error: "retired" } as const;
    const before = await tx
      .selectDistinct({ clusterId: tickets.clusterId })
      .from(tickets)
      .where(inArray(tickets.id, ticketIds));
    const moved = await tx
      .update(tickets)
      .set({ clusterId: targetId, clusterPinned: true, clusterSimilarity: null, updatedAt: now })
      .where(inArray(tickets.id, ticketIds))
      .returning({ id: tickets.id });
    const affected = [targetId, ...before.map((row) => row.clusterId).filter((id): id is string => Boolean(id))];
    await recountClusters(tx, affected);
    await refreshImpact(tx, { clusterIds: affected }, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.move_tickets",
      targetType: "cluster",
      targetId,
      details: { number: target.number, tickets: moved.length },
    });
    return { ok: true, moved: moved.length } as const;
  });
}

/** Live clusters a cluster can be merged into or tickets moved to, for the pickers. */
export async function listClusterChoices(db: Queryable, exceptId?: string) {
  return db
    .select({
      id: clusters.id,
      number: clusters.number,
      label: clusters.label,
      labelEn: clusters.labelEn,
      name: clusters.name,
      size: clusters.ticketCount,
    })
    .from(clusters)
    .where(
      and(isNull(clusters.retiredAt), isNull(clusters.mergedIntoId), exceptId ? ne(clusters.id, exceptId) : undefined),
    )
    .orderBy(clusters.number);
}

// --- Links between items and clusters ------------------------------------------------------

/** Manager links: any item, any time. Agents link only while posting (see linkClustersOnCreate). */
export async function linkItemToCluster(
  db: Database,
  actor: ActorWithRole,
  itemId: string,
  clusterId: string,
  now = new Date(),
): Promise<ManageResult> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  return db.transaction(async (tx) => {
    const [item] = await tx.select({ id: items.id }).from(items).where(eq(items.id, itemId)).limit(1);
    const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, clusterId)).limit(1);
    if (!item || !cluster) return { ok: false, error: "notFound" } as const;
    if (cluster.mergedIntoId || cluster.retiredAt) return { ok: false, error: "retired" } as const;
    await tx
      .insert(itemClusters)
      .values({ itemId, clusterId, linkedById: actor.id, createdAt: now })
      .onConflictDoNothing();
    await refreshImpact(tx, { itemIds: [itemId] }, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.link",
      targetType: "item",
      targetId: itemId,
      details: { cluster: cluster.number },
    });
    return { ok: true } as const;
  });
}

export async function unlinkItemFromCluster(
  db: Database,
  actor: ActorWithRole,
  itemId: string,
  clusterId: string,
  now = new Date(),
): Promise<ManageResult> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(itemClusters)
      .where(and(eq(itemClusters.itemId, itemId), eq(itemClusters.clusterId, clusterId)))
      .returning({ itemId: itemClusters.itemId });
    if (removed.length === 0) return { ok: false, error: "notFound" } as const;
    await refreshImpact(tx, { itemIds: [itemId] }, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "cluster.unlink",
      targetType: "item",
      targetId: itemId,
      details: { clusterId },
    });
    return { ok: true } as const;
  });
}

/**
 * The author's links while posting, inside the item's own transaction: clusters by number,
 * merged ones followed to their target, retired or unknown ones ignored.
 */
/** `linkedById` is null for an anonymous item, whose author no record may name. */
export async function linkClustersOnCreate(
  tx: Queryable,
  itemId: string,
  linkedById: string | null,
  numbers: number[],
  now = new Date(),
): Promise<void> {
  if (numbers.length === 0) return;
  const found = await tx
    .select({ id: clusters.id, mergedIntoId: clusters.mergedIntoId, retiredAt: clusters.retiredAt })
    .from(clusters)
    .where(inArray(clusters.number, numbers));
  const ids = [...new Set(found.filter((row) => !row.retiredAt).map((row) => row.mergedIntoId ?? row.id))];
  if (ids.length === 0) return;
  await tx
    .insert(itemClusters)
    .values(ids.map((clusterId) => ({ itemId, clusterId, linkedById, createdAt: now })))
    .onConflictDoNothing();
  await refreshImpact(tx, { itemIds: [itemId] }, now);
}

/** The clusters linked to an item, with their size and last-12-weeks trend. */
export async function listItemClusterIds(db: Queryable, itemId: string): Promise<string[]> {
  const rows = await db
    .select({ clusterId: itemClusters.clusterId })
    .from(itemClusters)
    .where(eq(itemClusters.itemId, itemId));
  return rows.map((row) => row.clusterId);
}

/** Items linked to a cluster, most voted first. */
export async function listClusterItems(db: Queryable, clusterId: string) {
  return db
    .select({
      id: items.id,
      number: items.number,
      title: items.title,
      status: items.status,
      kind: items.kind,
      votes: items.voteCount,
    })
    .from(itemClusters)
    .innerJoin(items, eq(items.id, itemClusters.itemId))
    .where(and(eq(itemClusters.clusterId, clusterId), ne(items.status, "duplicate")))
    .orderBy(sql`${items.voteCount} desc`, items.number);
}
