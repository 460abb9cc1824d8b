import { and, desc, eq, gt, inArray, ne, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { queryRows, type Queryable } from "#db/client.server";
import { items, users, type Display } from "#db/schema/index";
import type { WallPanel } from "#app/schemas/displays";
import { defaultLocale, isLocale, type Locale } from "#app/i18n/config";
import { clusterNameSql } from "./clusters/shared.server";
import { visibleAuthor } from "./anonymity";
import { DAY_MS, WEEK_MS } from "#app/utils/time";
import { noteColumns, whiteboardColumns } from "./whiteboard.server";

// What a wall display shows: read through its token, by no one in particular.

// Three notes of up to three lines fill a column at 16:9 (type scales with the width, so 4K is the same).
const NOTES_PER_COLUMN = 3;
const LIST_SIZE = 5;
const TREND_WEEKS = 8;

const owner = alias(users, "owner");
const author = alias(users, "author");

/** The display's team and tag filter, as a condition on items. */
function itemFilter(display: Pick<Display, "teamIds" | "tags">): SQL | undefined {
  return and(
    display.teamIds.length > 0 ? inArray(items.teamId, display.teamIds) : undefined,
    display.tags.length > 0
      ? sql`${items.tags} && array[${sql.join(
          display.tags.map((tag) => sql`${tag}`),
          sql`, `,
        )}]::text[]`
      : undefined,
  );
}

async function whiteboardPanel(db: Queryable, display: Display, now: Date) {
  const columns = await whiteboardColumns(db, itemFilter(display), NOTES_PER_COLUMN, now);
  // A wall is read by anyone in the room: only what a note shows leaves the server.
  return columns.map(({ status, total, notes }) => ({
    status,
    total,
    notes: notes.map(({ id, number, title, kind, votes }) => ({ id, number, title, kind, status, votes })),
  }));
}

/** The most-voted open items by votes cast in the last 30 days. */
async function topPanel(db: Queryable, display: Display, now: Date) {
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const recentVotes = sql<number>`(select count(*)::int from votes v where v.item_id = ${items.id} and v.created_at >= ${since}::timestamptz)`;
  const rows = await db
    .select({ ...noteColumns, recentVotes })
    .from(items)
    .where(and(notInArray(items.status, ["declined", "duplicate"]), gt(items.voteCount, 0), itemFilter(display)))
    .orderBy(desc(recentVotes), desc(items.voteCount), desc(items.number))
    .limit(LIST_SIZE);
  return rows.filter((row) => row.recentVotes > 0);
}

async function recentPanel(db: Queryable, display: Display) {
  const rows = await db
    .select({ ...noteColumns, anonymous: items.anonymous, authorName: author.name, createdAt: items.createdAt })
    .from(items)
    .innerJoin(author, eq(author.id, items.authorId))
    .where(and(ne(items.status, "duplicate"), itemFilter(display)))
    .orderBy(desc(items.number))
    .limit(LIST_SIZE);
  // A wall is read by no one in particular: anonymous authors stay anonymous there.
  return rows.map(({ anonymous, authorName, ...row }) => ({
    ...row,
    authorName: visibleAuthor({ anonymous, authorName }, null),
  }));
}

/** Recently done items with their owner and, where clusters are linked, ticket volume before and since. */
async function donePanel(db: Queryable, display: Display, now: Date) {
  const rows = await db
    .select({ ...noteColumns, ownerName: owner.name, doneAt: items.doneAt })
    .from(items)
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .where(and(eq(items.status, "done"), gt(items.doneAt, new Date(now.getTime() - 90 * DAY_MS)), itemFilter(display)))
    .orderBy(desc(items.doneAt))
    .limit(LIST_SIZE);
  const withVolume = await Promise.all(
    rows.map(async (row) => ({
      ...row,
      doneAt: row.doneAt?.toISOString() ?? null,
      ticketChange: row.doneAt ? await ticketChange(db, row.id, row.doneAt, now) : null,
    })),
  );
  return withVolume;
}

/**
 * Weekly tickets in the item's linked clusters: the four weeks before it was done against the
 * weeks since (up to four). Null when no cluster is linked or nothing came before.
 */
async function ticketChange(
  db: Queryable,
  itemId: string,
  doneAt: Date,
  now: Date,
): Promise<{ before: number; after: number; percent: number } | null> {
  const beforeFrom = new Date(doneAt.getTime() - 4 * WEEK_MS).toISOString();
  const afterTo = new Date(Math.min(now.getTime(), doneAt.getTime() + 4 * WEEK_MS));
  const weeksAfter = Math.max((afterTo.getTime() - doneAt.getTime()) / WEEK_MS, 1 / 7);
  const [row] = await queryRows<{ linked: number; before: number; after: number }>(
    db,
    sql`
    select
      (select count(*)::int from item_clusters where item_id = ${itemId}) as linked,
      count(*) filter (where t.opened_at >= ${beforeFrom}::timestamptz and t.opened_at < ${doneAt.toISOString()}::timestamptz)::int as before,
      count(*) filter (where t.opened_at >= ${doneAt.toISOString()}::timestamptz and t.opened_at < ${afterTo.toISOString()}::timestamptz)::int as after
    from tickets t
    where t.cluster_id in (select cluster_id from item_clusters where item_id = ${itemId})`,
  );
  if (!row || Number(row.linked) === 0 || Number(row.before) === 0) return null;
  const before = Number(row.before) / 4;
  const after = Number(row.after) / weeksAfter;
  return {
    before: Math.round(before * 10) / 10,
    after: Math.round(after * 10) / 10,
    percent: Math.round(((after - before) / before) * 100),
  };
}

/** Weekly ticket counts of the clusters growing fastest: last week against the three before. */
async function trendsPanel(db: Queryable, now: Date, locale: Locale) {
  const from = new Date(now.getTime() - TREND_WEEKS * WEEK_MS);
  const rows = await queryRows<{ id: string; number: number; label: string; week: number; tickets: number }>(
    db,
    sql`
    select c.id, c.number, ${clusterNameSql(locale)} as label,
           floor(extract(epoch from (${now.toISOString()}::timestamptz - t.opened_at)) / ${WEEK_MS / 1000})::int as week,
           count(*)::int as tickets
    from clusters c
    join tickets t on t.cluster_id = c.id
    where c.merged_into_id is null and c.retired_at is null
      and t.opened_at >= ${from.toISOString()}::timestamptz and t.opened_at < ${now.toISOString()}::timestamptz
    group by c.id, c.number, label, week`,
  );
  const byCluster = new Map<string, { id: string; number: number; label: string; weeks: number[] }>();
  for (const row of rows) {
    const entry = byCluster.get(row.id) ?? {
      id: row.id,
      number: Number(row.number),
      label: row.label,
      weeks: Array<number>(TREND_WEEKS).fill(0),
    };
    const index = TREND_WEEKS - 1 - Number(row.week);
    if (index >= 0 && index < TREND_WEEKS) entry.weeks[index] = Number(row.tickets);
    byCluster.set(row.id, entry);
  }
  const growth = (weeks: number[]) =>
    (weeks[TREND_WEEKS - 1] ?? 0) -
    ((weeks[TREND_WEEKS - 2] ?? 0) + (weeks[TREND_WEEKS - 3] ?? 0) + (weeks[TREND_WEEKS - 4] ?? 0)) / 3;
  // The panel is about clusters in growth: one flat or falling has no place on it.
  const top = [...byCluster.values()]
    .filter((cluster) => growth(cluster.weeks) > 0)
    .sort((a, b) => growth(b.weeks) - growth(a.weeks))
    .slice(0, 4);
  const weekStarts = Array.from({ length: TREND_WEEKS }, (_, index) =>
    new Date(now.getTime() - (TREND_WEEKS - index) * WEEK_MS).toISOString(),
  );
  return {
    clusters: top.map((cluster) => ({ ...cluster, growth: Math.round(growth(cluster.weeks) * 10) / 10 })),
    /** Clusters with tickets in the window: with none growing, the panel says so instead of "no clusters yet". */
    active: byCluster.size,
    weekStarts,
  };
}

export type WallData = {
  whiteboard?: Awaited<ReturnType<typeof whiteboardPanel>>;
  top?: Awaited<ReturnType<typeof topPanel>>;
  recent?: Awaited<ReturnType<typeof recentPanel>>;
  done?: Awaited<ReturnType<typeof donePanel>>;
  trends?: Awaited<ReturnType<typeof trendsPanel>>;
};

/** Only the panels the display shows are read. */
export async function getWallData(db: Queryable, display: Display, now = new Date()): Promise<WallData> {
  const panels = new Set(display.panels as WallPanel[]);
  const [whiteboard, top, recent, done, trends] = await Promise.all([
    panels.has("whiteboard") ? whiteboardPanel(db, display, now) : undefined,
    panels.has("top") ? topPanel(db, display, now) : undefined,
    panels.has("recent") ? recentPanel(db, display) : undefined,
    panels.has("done") ? donePanel(db, display, now) : undefined,
    panels.has("trends") ? trendsPanel(db, now, isLocale(display.locale) ? display.locale : defaultLocale) : undefined,
  ]);
  return { whiteboard, top, recent, done, trends };
}
