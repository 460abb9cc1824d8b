import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { afterDone, itemImpact } from "#app/services/clusters/impact.server";
import { clusterWeeklyKpis, listClusterKpis, sortClusters } from "#app/services/clusters/kpis.server";
import { linkItemToCluster } from "#app/services/clusters/manage.server";
import { listBoard } from "#app/services/board.server";
import { createUser } from "#tests/factories/index";
import * as itemsRoute from "#app/routes/api.v1.items";
import { createKey } from "#tests/factories/api";
import { insertCluster, insertTickets } from "#tests/factories/clusters-tickets";
import { postItem } from "#tests/factories/items";
import { callApi } from "#tests/support/api";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const now = new Date();
const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * HOUR);

describe("cluster KPIs", () => {
  it("are computed per cluster in one query, as worked out by hand", async () => {
    const manager = await createUser({ role: "manager" });
    const x = await insertCluster("fattura addebito", "Addebiti doppi");
    const empty = await insertCluster("vuoto");
    const t = (days: number) => ago(days);
    await insertTickets([
      // Opened 1 day ago, still open: first answer after 2 h.
      {
        clusterId: x.id,
        openedAt: t(1),
        channel: "phone",
        status: "open",
        firstResponseAt: ago(1, 2),
        interactions: 2,
      },
      {
        clusterId: x.id,
        openedAt: t(10),
        channel: "email",
        status: "resolved",
        firstResponseAt: ago(10, 4),
        resolvedAt: ago(10, 24),
        csatGood: true,
        interactions: 4,
      },
      {
        clusterId: x.id,
        openedAt: t(20),
        channel: "email",
        status: "closed",
        firstResponseAt: ago(20, 6),
        resolvedAt: ago(20, 48),
        csatGood: false,
        interactions: 3,
      },
      { clusterId: x.id, openedAt: t(40), channel: "chat", status: "pending", csatGood: true },
      {
        clusterId: x.id,
        openedAt: t(50),
        channel: "email",
        status: "resolved",
        firstResponseAt: ago(50, 1),
        resolvedAt: ago(50, 10),
        interactions: 1,
      },
    ]);
    const item = await postItem(manager.id);
    await linkItemToCluster(getDb(), manager, item.id, x.id);

    const rows = await listClusterKpis(getDb(), { now });
    expect(rows.map((row) => row.id)).toEqual([x.id, empty.id]);
    const [kpi, none] = rows;
    expect(kpi).toMatchObject({
      name: "Addebiti doppi",
      size: 5,
      // Weeks oldest first: 50 days ago is week 4 of 0–11, 40 → 6, 20 → 9, 10 → 10, 1 → 11.
      weekly: [0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1],
      // Last four weeks 3 tickets, the four before 2: +50 %.
      changePercent: 50,
      channels: [
        { channel: "email", tickets: 3 },
        { channel: "phone", tickets: 1 },
        { channel: "chat", tickets: 1 },
      ],
      medianFirstResponseHours: 3, // 1, 2, 4, 6 h → (2 + 4) / 2
      medianResolutionHours: 24, // 10, 24, 48 h
      backlog: 2, // open + pending
      interactionsPerTicket: 2.5, // (2 + 4 + 3 + 1) / 4 rated
      resolutionRate: 0.6, // 3 of 5 resolved or closed
      linkedItems: 1,
      unaddressed: false,
    });
    expect(kpi?.csat).toBeCloseTo(2 / 3, 5);
    expect(none).toMatchObject({
      size: 0,
      csat: null,
      changePercent: null,
      linkedItems: 0,
      unaddressed: true,
      weekly: Array(12).fill(0),
    });

    expect(sortClusters(rows, "size", "asc").map((row) => row.id)).toEqual([empty.id, x.id]);
    // Empty values go last whichever the direction.
    expect(sortClusters(rows, "csat", "asc").map((row) => row.id)).toEqual([x.id, empty.id]);

    const weeks = await clusterWeeklyKpis(getDb(), x.id, now);
    expect(weeks.map((week) => week.tickets)).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1]);
    expect(weeks[10]).toMatchObject({ csat: 1, medianFirstResponseHours: 4, medianResolutionHours: 24 });
    // At the end of the last week two tickets are still open (the open and the pending one).
    expect(weeks[11]?.backlog).toBe(2);
    // At the end of week 6 (35 days ago) the pending ticket of 40 days ago was open; the one of 50 days was resolved.
    expect(weeks[6]?.backlog).toBe(1);
  });
});

describe("impact", () => {
  it("counts the last four weeks' tickets of the linked clusters, each once, per week", async () => {
    const manager = await createUser({ role: "manager" });
    const a = await insertCluster("a");
    const b = await insertCluster("b");
    await insertTickets([
      ...[1, 5, 12].map((days) => ({ clusterId: a.id, openedAt: ago(days) })),
      { clusterId: a.id, openedAt: ago(30) }, // outside the four weeks
      ...[2, 27].map((days) => ({ clusterId: b.id, openedAt: ago(days) })),
    ]);
    const item = await postItem(manager.id);
    await linkItemToCluster(getDb(), manager, item.id, a.id);
    await linkItemToCluster(getDb(), manager, item.id, b.id);
    expect(await itemImpact(getDb(), item.id, now)).toEqual({ tickets: 5, perWeek: 1.3 });
    const [row] = await getDb().select({ impact: items.impactTickets }).from(items).where(eq(items.id, item.id));
    expect(row?.impact).toBe(5);
  });

  it("compares the eight weeks before a done date with the weeks after", async () => {
    const manager = await createUser({ role: "manager" });
    const cluster = await insertCluster("rimborsi");
    const doneAt = ago(35);
    const weekOf = (offset: number, day: number) => new Date(doneAt.getTime() + (offset * 7 + day) * DAY);
    // 4 a week for the 8 weeks before, 2 a week for the 5 weeks since.
    const before = Array.from({ length: 8 }, (_, w) => [0, 1, 2, 3].map((d) => weekOf(w - 8, d + 0.5))).flat();
    const after = Array.from({ length: 5 }, (_, w) => [0, 1].map((d) => weekOf(w, d + 0.5))).flat();
    await insertTickets([...before, ...after].map((openedAt) => ({ clusterId: cluster.id, openedAt })));
    const item = await postItem(manager.id);
    await getDb().update(items).set({ status: "done", doneAt }).where(eq(items.id, item.id));
    await linkItemToCluster(getDb(), manager, item.id, cluster.id);

    const result = await afterDone(getDb(), item.id, doneAt, now);
    expect(result.weeks.map((week) => week.tickets)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 0, 0, 0]);
    expect(result).toMatchObject({ beforePerWeek: 4, afterPerWeek: 2, changePercent: -50, weeksAfter: 5 });
    expect(result.weeks.filter((week) => !week.complete).map((week) => week.offset)).toEqual([5, 6, 7]);
  });
});

describe("the board's impact sort", () => {
  it("orders by impact, then votes, and pages without gaps or repeats", async () => {
    const manager = await createUser({ role: "manager" });
    const p = await insertCluster("p");
    const q = await insertCluster("q");
    await insertTickets([
      ...[1, 2, 3, 4, 5].map((days) => ({ clusterId: p.id, openedAt: ago(days) })),
      ...[1, 2, 3].map((days) => ({ clusterId: q.id, openedAt: ago(days) })),
    ]);
    const make = async (title: string, votes: number, cluster?: string) => {
      const item = await postItem(manager.id, { title });
      await getDb().update(items).set({ voteCount: votes }).where(eq(items.id, item.id));
      if (cluster) await linkItemToCluster(getDb(), manager, item.id, cluster);
      return item.number;
    };
    const e = await make("Elemento E senza impatto", 0);
    const d = await make("Elemento D molto votato", 5);
    const c = await make("Elemento C impatto tre", 1, q.id);
    const bItem = await make("Elemento B impatto tre", 2, q.id);
    const a = await make("Elemento A impatto cinque", 0, p.id);
    // A stale figure is refreshed before sorting.
    await getDb().execute(sql`update items set impact_at = null, impact_tickets = 0`);

    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listBoard(getDb(), manager, { sort: "impact", cursor, limit: 2 });
      seen.push(...page.items.map((item) => item.number));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([a, bItem, c, d, e]);
    expect(pages).toBe(3);
    const first = await listBoard(getDb(), manager, { sort: "impact", limit: 1 });
    expect(first.items[0]).toMatchObject({ number: a, impact: 1.3 });

    // The API sorts the same way and says what the impact is.
    const { key } = await createKey(manager, ["items:read"]);
    const api = await callApi(itemsRoute, "/api/v1/items?sort=impact&limit=2", { apiKey: key });
    expect(api.status).toBe(200);
    expect((api.body as { items: Array<{ number: number; impact: number }> }).items).toEqual([
      expect.objectContaining({ number: a, impact: 1.3 }),
      expect.objectContaining({ number: bItem, impact: 0.8 }),
    ]);
  });
});
