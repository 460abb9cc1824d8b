import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { clusters, itemClusters, items, outcomes, timeline, users, votes } from "#db/schema/index";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { flow, loadDashboard, outcome, pain, participation, promises } from "#app/services/dashboard/index.server";
import { createTeam, createUser } from "#tests/factories/index";
import { insertCluster, insertTickets } from "#tests/factories/clusters-tickets";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
// A four-week range ending now; d(n) is n days after its start.
const now = new Date();
const from = new Date(now.getTime() - 28 * DAY);
const d = (days: number, hours = 0) => new Date(from.getTime() + days * DAY + hours * HOUR);
const day = (value: Date) => value.toISOString().slice(0, 10);
const range: DashboardFilters = { from, to: now };

type Ids = Awaited<ReturnType<typeof seed>>;
let ids: Ids;

/**
 * Teams Alpha (u1, u2, manager m) and Beta (u3, and ux who left); u4 has no team.
 * Items, votes, timeline entries, tickets and clusters with dates chosen so each figure
 * below can be worked out by hand.
 */
async function seed() {
  const db = getDb();
  const alpha = await createTeam("Alpha");
  const beta = await createTeam("Beta");
  const u1 = await createUser({ teamId: alpha.id });
  const u2 = await createUser({ teamId: alpha.id });
  const m = await createUser({ teamId: alpha.id, role: "manager", name: "Marta Manager" });
  const u3 = await createUser({ teamId: beta.id });
  const ux = await createUser({ teamId: beta.id });
  const u4 = await createUser();
  await db.update(users).set({ createdAt: d(-90) });
  await db
    .update(users)
    .set({ deactivatedAt: d(20) })
    .where(eq(users.id, ux.id));

  const item = async (values: Partial<typeof items.$inferInsert> & { authorId: string; createdAt: Date }) => {
    const [row] = await db
      .insert(items)
      .values({
        kind: "idea",
        title: "Un'idea di prova",
        area: "process",
        statusChangedAt: values.createdAt,
        ...values,
      })
      .returning();
    if (!row) throw new Error("no item");
    return row;
  };
  const i1 = await item({ authorId: u1.id, teamId: alpha.id, channel: "phone", createdAt: d(1) });
  const i2 = await item({
    authorId: u2.id,
    kind: "insight",
    area: "policy",
    teamId: beta.id,
    channel: "email",
    status: "under_review",
    createdAt: d(8),
  });
  const i3 = await item({
    authorId: u1.id,
    teamId: alpha.id,
    channel: "phone",
    status: "done",
    ownerId: m.id,
    targetDate: day(d(20)),
    doneAt: d(15),
    createdAt: d(-10),
  });
  const i4 = await item({
    authorId: u3.id,
    teamId: beta.id,
    channel: "chat",
    status: "in_progress",
    ownerId: m.id,
    targetDate: day(d(10)),
    createdAt: d(2),
  });
  await item({ authorId: u4.id, kind: "insight", area: "training", createdAt: d(-40) });
  await item({
    authorId: u1.id,
    teamId: alpha.id,
    channel: "phone",
    status: "planned",
    ownerId: u2.id,
    targetDate: day(d(40)),
    createdAt: d(-60),
  });
  await item({ authorId: u4.id, status: "declined", ownerId: m.id, targetDate: day(d(5)), createdAt: d(-30) });
  const i8 = await item({
    authorId: u2.id,
    kind: "insight",
    area: "policy",
    teamId: beta.id,
    channel: "email",
    status: "done",
    doneAt: d(20),
    createdAt: d(-15),
  });

  await db.insert(votes).values([
    { itemId: i1.id, userId: u2.id, createdAt: d(1, 1) },
    { itemId: i1.id, userId: ux.id, createdAt: d(2) },
    { itemId: i1.id, userId: u3.id, createdAt: d(9) },
    { itemId: i2.id, userId: u4.id, createdAt: d(9) },
    { itemId: i3.id, userId: m.id, createdAt: d(-5) },
  ]);

  const status = (
    itemId: string,
    fromStatus: typeof items.$inferSelect.status,
    toStatus: typeof items.$inferSelect.status,
    at: Date,
  ) => ({
    itemId,
    actorId: m.id,
    type: "status" as const,
    fromStatus,
    toStatus,
    createdAt: at,
  });
  await db
    .insert(timeline)
    .values([
      status(i2.id, "new", "under_review", d(8, 10)),
      status(i3.id, "new", "planned", d(-10, 4)),
      status(i3.id, "planned", "in_progress", d(4)),
      status(i3.id, "in_progress", "done", d(15)),
      status(i4.id, "new", "in_progress", d(3)),
      { itemId: i3.id, actorId: m.id, type: "target_date", data: {}, createdAt: d(3) },
      { itemId: i4.id, actorId: m.id, type: "target_date", data: {}, createdAt: d(5) },
      { itemId: i4.id, actorId: m.id, type: "target_date", data: {}, createdAt: d(6) },
      { itemId: i4.id, actorId: m.id, type: "target_date", data: {}, createdAt: d(-20) },
    ]);
  await db.insert(outcomes).values([
    { itemId: i3.id, answer: "yes", answeredById: u1.id },
    { itemId: i8.id, answer: "no", answeredById: u2.id },
  ]);

  const c1 = await insertCluster("addebiti", "Addebiti doppi");
  const c2 = await insertCluster("consegne");
  const c3 = await insertCluster("login");
  const c4 = await insertCluster("vecchio");
  await db
    .update(clusters)
    .set({ retiredAt: d(0) })
    .where(eq(clusters.id, c4.id));
  await db.insert(itemClusters).values([
    { itemId: i3.id, clusterId: c1.id },
    { itemId: i3.id, clusterId: c2.id },
  ]);
  await insertTickets([
    { clusterId: c1.id, openedAt: d(-20), channel: "phone" },
    { clusterId: c1.id, openedAt: d(1, 1), channel: "phone", status: "resolved", resolvedAt: d(1, 11), csatGood: true },
    {
      clusterId: c1.id,
      openedAt: d(8, 1),
      channel: "email",
      status: "resolved",
      resolvedAt: d(8, 21),
      csatGood: false,
    },
    { clusterId: c1.id, openedAt: d(16), channel: "phone" },
    { clusterId: c1.id, openedAt: d(23), channel: "phone", status: "resolved", resolvedAt: d(23, 30), csatGood: true },
    { clusterId: c2.id, openedAt: d(-7), channel: "email" },
    { clusterId: c2.id, openedAt: d(-6), channel: "email" },
    { clusterId: c2.id, openedAt: d(-5), channel: "email" },
    { clusterId: c2.id, openedAt: d(12), channel: "email" },
    { clusterId: c2.id, openedAt: d(17), channel: "email" },
    { clusterId: c3.id, openedAt: d(2), channel: "chat", status: "resolved", resolvedAt: d(2, 5) },
    { clusterId: c3.id, openedAt: d(3), channel: "chat" },
    { clusterId: c3.id, openedAt: d(20), channel: null },
    { clusterId: c3.id, openedAt: d(21), channel: "chat" },
    { clusterId: c3.id, openedAt: d(22), channel: "email" },
    { clusterId: null, openedAt: d(4), channel: "phone" },
    { clusterId: c4.id, openedAt: d(5), channel: "social" },
  ]);
  return { alpha, beta, m, u1, u2, u3, u4, ux, i1, i2, i3, i4, i8, c1, c2, c3 };
}

beforeEach(async () => {
  ids = await seed();
});

describe("dashboard: participation", () => {
  it("counts items and votes per week by kind, and the share of people who posted or voted", async () => {
    const result = await participation(getDb(), range);
    // i1 and i4 (ideas) in week 0, i2 (insight) in week 1; the others are older.
    expect(result.items.map(({ insight, idea }) => [insight, idea])).toEqual([
      [0, 2],
      [1, 0],
      [0, 0],
      [0, 0],
    ]);
    // Week 0: u2 and ux on i1 (an idea); week 1: u3 on i1, u4 on i2 (an insight). m voted before the range.
    expect(result.votes.map(({ insight, idea }) => [insight, idea])).toEqual([
      [0, 2],
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(result.totals).toEqual({ items: 3, votes: 4 });
    expect(result.items[1]?.week).toBe(day(d(7)));
    // Active people: u1, u2, m (Alpha), u3 (Beta; ux left), u4. All but m posted or voted.
    expect(result).toMatchObject({ people: 5, participants: 4, share: 0.8 });
    expect(result.byTeam).toEqual([
      { teamId: ids.alpha.id, teamName: "Alpha", people: 3, participants: 2, share: 2 / 3 },
      { teamId: ids.beta.id, teamName: "Beta", people: 1, participants: 1, share: 1 },
      { teamId: null, teamName: null, people: 1, participants: 1, share: 1 },
    ]);
  });

  it("applies the team and area filters", async () => {
    const alpha = await participation(getDb(), { ...range, teamId: ids.alpha.id });
    // Only i1 is Alpha's and new in the range; its votes: u2, ux (week 0), u3 (week 1).
    expect(alpha.totals).toEqual({ items: 1, votes: 3 });
    expect(alpha.votes[0]?.idea).toBe(2);
    expect(alpha).toMatchObject({ people: 3, participants: 2 });

    const policy = await participation(getDb(), { ...range, area: "policy" });
    // i2 alone: posted by u2, voted by u4.
    expect(policy.totals).toEqual({ items: 1, votes: 1 });
    expect(policy).toMatchObject({ people: 5, participants: 2, share: 0.4 });
  });
});

describe("dashboard: flow", () => {
  it("counts statuses, movements, answer and done times and the untriaged backlog", async () => {
    const result = await flow(getDb(), range, now);
    const byStatus = Object.fromEntries(result.byStatus.map((row) => [row.status, row.items]));
    expect(byStatus).toEqual({
      new: 1,
      under_review: 1,
      planned: 0,
      in_progress: 1,
      done: 0,
      declined: 0,
      duplicate: 0,
    });
    const [w0, w1, w2, w3] = result.weeks;
    // Week 0: i1 and i4 posted; i4 new → in_progress, i3 planned → in_progress.
    expect(w0?.entered).toMatchObject({ new: 2, in_progress: 2, done: 0 });
    expect(w0?.left).toMatchObject({ new: 1, planned: 1, in_progress: 0 });
    expect(w1?.entered).toMatchObject({ new: 1, under_review: 1 });
    expect(w1?.left).toMatchObject({ new: 1 });
    expect(w2?.entered).toMatchObject({ done: 1 });
    expect(w2?.left).toMatchObject({ in_progress: 1 });
    expect(Object.values(w3?.entered ?? {}).reduce((a, b) => a + b, 0)).toBe(0);
    // First answers in the range: i2 after 10 h, i4 after 24 h (i3's was before the range).
    expect(result.answered).toBe(2);
    expect(result.medianHoursToAnswer).toBeCloseTo(17, 5);
    // Done in the range: i3 after 25 days, i8 after 35.
    expect(result.done).toBe(2);
    expect(result.medianDaysToDone).toBeCloseTo(30, 5);
    // Waiting in new: i1 (27 days) and the insight posted 68 days ago.
    expect(result.backlog.items).toBe(2);
    expect(result.backlog.medianAgeDays).toBeCloseTo(47.5, 5);
    expect(result.backlog.oldestAgeDays).toBeCloseTo(68, 5);
    expect(result.backlog.ages).toEqual([
      { age: "week", items: 0 },
      { age: "month", items: 1 },
      { age: "older", items: 1 },
    ]);
  });
});

describe("dashboard: promises", () => {
  it("counts open, kept and overdue promises and moved dates", async () => {
    const result = await promises(getDb(), range, now);
    // Open with owner and date: i4 and the planned item (the declined one is closed).
    expect(result.open).toBe(2);
    // Due in the range and past: i3 (kept, done 5 days early) and i4 (not done).
    expect(result).toMatchObject({ due: 2, keptOnTime: 1, keptShare: 0.5, overdue: 1 });
    expect(result.overdueByOwner).toEqual([
      { ownerId: ids.m.id, ownerName: "Marta Manager", items: 1, oldestTargetDate: day(d(10)) },
    ]);
    // Three date changes in the range on two items; the fourth was earlier.
    expect(result).toMatchObject({ dateMoves: 3, itemsMoved: 2 });

    const beta = await promises(getDb(), { ...range, teamId: ids.beta.id }, now);
    expect(beta).toMatchObject({
      open: 1,
      due: 1,
      keptOnTime: 0,
      keptShare: 0,
      overdue: 1,
      dateMoves: 2,
      itemsMoved: 1,
    });
  });
});

describe("dashboard: outcome", () => {
  it("compares the linked clusters' weekly tickets before and after done, and counts the answers", async () => {
    const result = await outcome(getDb(), range, now);
    // i3, done on day 15, linked to c1 and c2. Offsets in weeks from the done date:
    // c1: −35 d → −5, −14 d + 1 h → −2, −7 d + 1 h → −1, +1 d → 0, +8 d → 1;
    // c2: −22 d → −4, −21 d → −3, −20 d → −3, −3 d → −1, +2 d → 0.
    expect(result.weeks.filter((week) => week.tickets > 0)).toEqual([
      { offset: -5, tickets: 1 },
      { offset: -4, tickets: 1 },
      { offset: -3, tickets: 2 },
      { offset: -2, tickets: 1 },
      { offset: -1, tickets: 2 },
      { offset: 0, tickets: 2 },
      { offset: 1, tickets: 1 },
    ]);
    // 13 days since done: one whole week after. Before 7 / 8 weeks = 0.875; after 2 / 1.
    expect(result.items).toEqual([
      {
        id: ids.i3.id,
        number: ids.i3.number,
        title: ids.i3.title,
        doneAt: d(15).toISOString(),
        beforePerWeek: 0.9,
        afterPerWeek: 2,
        weeksAfter: 1,
        changePercent: 128.6,
      },
    ]);
    expect(result).toMatchObject({ beforePerWeek: 0.9, afterPerWeek: 2, changePercent: 128.6 });
    // Done in the range: i3 (yes) and i8 (no).
    expect(result.answers).toEqual({ done: 2, yes: 1, partly: 0, no: 1, unanswered: 0 });

    const alpha = await outcome(getDb(), { ...range, teamId: ids.alpha.id }, now);
    expect(alpha.answers).toEqual({ done: 1, yes: 1, partly: 0, no: 0, unanswered: 0 });
    await getDb()
      .delete(itemClusters)
      .where(inArray(itemClusters.itemId, [ids.i3.id]));
    expect((await outcome(getDb(), range, now)).items).toEqual([]);
  });
});

describe("dashboard: customers' pain", () => {
  it("ranks clusters by tickets and growth, finds those with no item and shows the channel mix", async () => {
    const result = await pain(getDb(), range);
    // In the range: c3 5 tickets, c1 4, c2 2; the four weeks before: c1 1, c2 3. c4 is retired.
    expect(result.top.map((row) => [row.name, row.tickets, row.previous])).toEqual([
      ["login", 5, 0],
      ["Addebiti doppi", 4, 1],
      ["consegne", 2, 3],
    ]);
    const [login, billing] = result.top;
    expect(billing).toMatchObject({
      perWeek: 1,
      growth: 3,
      growthPercent: 300,
      medianResolutionHours: 20,
      linkedItems: 1,
    });
    expect(billing?.csat).toBeCloseTo(2 / 3, 5);
    expect(login).toMatchObject({
      perWeek: 1.3,
      growth: 5,
      growthPercent: null,
      csat: null,
      medianResolutionHours: 5,
      linkedItems: 0,
    });
    // Growth needs a period before to compare with: login, new in the range, is not "growing" but only big.
    expect(result.growing.map((row) => row.name)).toEqual(["Addebiti doppi"]);
    expect(result.previousTickets).toBe(4);
    expect(result.unaddressed.map((row) => row.name)).toEqual(["login"]);
    expect(result.tickets).toBe(13);
    expect(result.channels.map((week) => week.counts)).toEqual([
      { phone: 2, chat: 2, social: 1 },
      { email: 2 },
      { phone: 1, email: 1, unknown: 1 },
      { phone: 1, chat: 1, email: 1 },
    ]);

    const phone = await pain(getDb(), { ...range, channel: "phone" });
    expect(phone.top.map((row) => [row.name, row.tickets, row.previous])).toEqual([["Addebiti doppi", 3, 1]]);
    // Phone tickets in the range: three of c1's and the unclustered one.
    expect(phone.tickets).toBe(4);
  });

  it("loads every section at once", async () => {
    const all = await loadDashboard(getDb(), range, now);
    expect(all.participation.totals.items).toBe(3);
    expect(all.flow.backlog.items).toBe(2);
    expect(all.promises.overdue).toBe(1);
    expect(all.outcome.items).toHaveLength(1);
    expect(all.pain.top).toHaveLength(3);
  });
});
