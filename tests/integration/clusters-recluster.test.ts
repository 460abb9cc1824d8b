import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, clusters, itemClusters, tickets } from "#db/schema/index";
import { runAssignJob } from "#app/services/clusters/jobs.server";
import {
  linkItemToCluster,
  mergeClusters,
  moveTickets,
  renameCluster,
  splitCluster,
} from "#app/services/clusters/manage.server";
import { assignUnclustered, getCurrentModel, reclusterTickets } from "#app/services/clusters/recluster.server";
import { createUser } from "#tests/factories/index";
import { insertTickets, topicTickets, type Topic } from "#tests/factories/clusters-tickets";
import { postItem } from "#tests/factories/items";

async function clusterOf(ticketId: string) {
  const [row] = await getDb().select({ clusterId: tickets.clusterId }).from(tickets).where(eq(tickets.id, ticketId));
  return row?.clusterId ?? null;
}

/** The live cluster that holds most tickets of a topic. */
async function clusterFor(ticketIds: string[]) {
  const counts = new Map<string, number>();
  for (const id of ticketIds) {
    const cluster = await clusterOf(id);
    if (cluster) counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

async function liveClusters() {
  return getDb()
    .select()
    .from(clusters)
    .where(and(isNull(clusters.retiredAt), isNull(clusters.mergedIntoId)));
}

async function seedTopics(count = 30) {
  const ids: Record<Topic, string[]> = { billing: [], delivery: [], login: [] };
  for (const topic of ["billing", "delivery", "login"] as const) {
    ids[topic] = (await insertTickets(topicTickets(topic, count))).map((row) => row.id);
  }
  return ids;
}

describe("re-clustering", () => {
  it("finds the problems, and keeps cluster ids, names and item links across runs", async () => {
    const manager = await createUser({ role: "manager" });
    const ids = await seedTopics();
    const first = await reclusterTickets(getDb(), { k: 3 });
    expect(first).toMatchObject({ tickets: 90, clusters: 3, created: 3, kept: 0 });
    const billing = await clusterFor(ids.billing);
    const delivery = await clusterFor(ids.delivery);
    expect(billing).not.toBeNull();
    expect(billing).not.toBe(delivery);
    // Every billing ticket is in the billing cluster.
    for (const id of ids.billing) expect(await clusterOf(id)).toBe(billing);

    const item = await postItem(manager.id, { title: "Fatture con addebiti doppi" });
    expect(await renameCluster(getDb(), manager, billing!, "Addebiti doppi")).toEqual({ ok: true });
    expect(await linkItemToCluster(getDb(), manager, item.id, billing!)).toEqual({ ok: true });

    // More tickets arrive; the next run continues the same clusters.
    const more = (await insertTickets(topicTickets("billing", 10))).map((row) => row.id);
    const second = await reclusterTickets(getDb(), { k: 3 });
    expect(second).toMatchObject({ clusters: 3, kept: 3, created: 0, retired: 0 });
    expect(await clusterFor([...ids.billing, ...more])).toBe(billing);
    const [renamed] = await getDb().select().from(clusters).where(eq(clusters.id, billing!));
    expect(renamed).toMatchObject({ name: "Addebiti doppi", ticketCount: 40, retiredAt: null });
    const links = await getDb().select().from(itemClusters).where(eq(itemClusters.itemId, item.id));
    expect(links.map((link) => link.clusterId)).toEqual([billing]);
    expect((await getCurrentModel(getDb()))?.clusterIds).toHaveLength(3);
  });

  it("retires a cluster with no successor and keeps it for its links", async () => {
    const ids = await seedTopics();
    await reclusterTickets(getDb(), { k: 3 });
    const login = await clusterFor(ids.login);
    await getDb().delete(tickets).where(eq(tickets.clusterId, login!));
    const result = await reclusterTickets(getDb(), { k: 2 });
    expect(result).toMatchObject({ kept: 2, retired: 1 });
    const [row] = await getDb().select().from(clusters).where(eq(clusters.id, login!));
    expect(row?.retiredAt).toBeInstanceOf(Date);
  });

  it("keeps merged clusters merged and pinned tickets where a manager put them", async () => {
    const manager = await createUser({ role: "manager" });
    const ids = await seedTopics();
    await reclusterTickets(getDb(), { k: 3 });
    const billing = (await clusterFor(ids.billing))!;
    const delivery = (await clusterFor(ids.delivery))!;
    const login = (await clusterFor(ids.login))!;
    const item = await postItem(manager.id);
    await linkItemToCluster(getDb(), manager, item.id, billing);

    expect(await mergeClusters(getDb(), manager, billing, delivery)).toEqual({ ok: true });
    // Tickets and links moved to the target.
    expect(await clusterOf(ids.billing[0]!)).toBe(delivery);
    const links = await getDb().select().from(itemClusters).where(eq(itemClusters.itemId, item.id));
    expect(links.map((link) => link.clusterId)).toEqual([delivery]);

    // A login ticket moved by hand to the delivery cluster is pinned there.
    const pinned = ids.login[0]!;
    expect(await moveTickets(getDb(), manager, [pinned], delivery)).toEqual({ ok: true, moved: 1 });

    // The engine sees three problems again; the billing part folds back into the merge target.
    const result = await reclusterTickets(getDb(), { k: 3 });
    expect(result.folded).toBe(1);
    expect(result.created).toBe(0);
    const live = await liveClusters();
    expect(live.map((row) => row.id).sort()).toEqual([delivery, login].sort());
    for (const id of [...ids.billing, ...ids.delivery]) expect(await clusterOf(id)).toBe(delivery);
    expect(await clusterOf(pinned)).toBe(delivery);
    const [merged] = await getDb().select().from(clusters).where(eq(clusters.id, billing));
    expect(merged?.mergedIntoId).toBe(delivery);
    const [target] = await getDb().select().from(clusters).where(eq(clusters.id, delivery));
    expect(target?.ticketCount).toBe(61);

    const actions = (await getDb().select({ action: auditLog.action }).from(auditLog)).map((row) => row.action).sort();
    expect(actions).toEqual(["cluster.link", "cluster.merge", "cluster.move_tickets"]);
  });

  it("splits a cluster: the largest part keeps its identity", async () => {
    const manager = await createUser({ role: "manager" });
    const ids = await seedTopics(20);
    await reclusterTickets(getDb(), { k: 2 });
    const shared = await clusterFor([...ids.billing, ...ids.delivery, ...ids.login]);
    await renameCluster(getDb(), manager, shared!, "Misto");
    const result = await splitCluster(getDb(), manager, shared!, 2);
    expect(result.ok).toBe(true);
    expect(await liveClusters()).toHaveLength(3);
    const [kept] = await getDb().select().from(clusters).where(eq(clusters.id, shared!));
    expect(kept?.name).toBe("Misto");
  });

  it("is for managers: agents cannot rename, merge, split, move or link", async () => {
    const agent = await createUser();
    const ids = await seedTopics(10);
    await reclusterTickets(getDb(), { k: 3 });
    const billing = (await clusterFor(ids.billing))!;
    const delivery = (await clusterFor(ids.delivery))!;
    const item = await postItem(agent.id);
    const forbidden = { ok: false, error: "forbidden" };
    expect(await renameCluster(getDb(), agent, billing, "X")).toEqual(forbidden);
    expect(await mergeClusters(getDb(), agent, billing, delivery)).toEqual(forbidden);
    expect(await splitCluster(getDb(), agent, billing)).toEqual(forbidden);
    expect(await moveTickets(getDb(), agent, [ids.login[0]!], billing)).toEqual(forbidden);
    expect(await linkItemToCluster(getDb(), agent, item.id, billing)).toEqual(forbidden);
    const [row] = await getDb().select().from(clusters).where(eq(clusters.id, billing));
    expect(row).toMatchObject({ name: null, mergedIntoId: null });
  });
});

describe("the assign job", () => {
  it("puts new tickets in their nearest cluster and leaves unrelated ones unclustered", async () => {
    const ids = await seedTopics();
    await reclusterTickets(getDb(), { k: 3 });
    const delivery = await clusterFor(ids.delivery);
    const [fresh] = await insertTickets(topicTickets("delivery", 1));
    const [odd] = await insertTickets([{ subject: "Zzqx", body: "Wwvv yyuu" }]);
    const progress: number[] = [];
    const result = await runAssignJob({
      db: getDb(),
      jobId: "00000000-0000-0000-0000-000000000000",
      payload: {},
      reportProgress: async (done) => {
        progress.push(done);
      },
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ assigned: 1, unassigned: 1 });
    expect(await clusterOf(fresh!.id)).toBe(delivery);
    expect(await clusterOf(odd!.id)).toBeNull();
    expect(progress.length).toBeGreaterThan(0);
    const [row] = await getDb().select().from(clusters).where(eq(clusters.id, delivery!));
    expect(row?.ticketCount).toBe(31);
  });

  it("runs a full clustering when there is no model yet and enough tickets", async () => {
    await insertTickets(topicTickets("billing", 20));
    expect(await assignUnclustered(getDb())).toMatchObject({ assigned: 0, skipped: "noModel" });
    await seedTopics(15);
    const result = await assignUnclustered(getDb());
    expect(result.reclustered?.tickets).toBe(65);
    expect(await getCurrentModel(getDb())).not.toBeNull();
    expect((await liveClusters()).length).toBeGreaterThanOrEqual(2);
  });
});
