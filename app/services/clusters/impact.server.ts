import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at, uuidList } from "#db/sql.server";
import { DAY_MS, WEEK_MS } from "#app/utils/time";

/** Impact counts the tickets of the last four weeks; the board shows them per week. */
const IMPACT_WEEKS = 4;
/** A stored impact older than this is recomputed before the board sorts by it. */
const IMPACT_MAX_AGE_MS = DAY_MS;

export type ImpactScope = { itemIds: string[] } | { clusterIds: string[] } | { stale: true } | { all: true };

/**
 * Recomputes items.impact_tickets: tickets opened in the last four weeks in the item's linked
 * clusters, each ticket once. Called when links or ticket assignments change, and for figures
 * older than a day before the board sorts by impact, since the window moves with time.
 */
export async function refreshImpact(db: Queryable, scope: ImpactScope, now = new Date()): Promise<void> {
  let where: SQL;
  if ("itemIds" in scope) {
    if (scope.itemIds.length === 0) return;
    where = sql`i.id in ${uuidList(scope.itemIds)}`;
  } else if ("clusterIds" in scope) {
    if (scope.clusterIds.length === 0) return;
    where = sql`i.id in (select item_id from item_clusters where cluster_id in ${uuidList(scope.clusterIds)})`;
  } else if ("stale" in scope) {
    where = sql`(i.impact_at is null or i.impact_at < ${at(new Date(now.getTime() - IMPACT_MAX_AGE_MS))})`;
  } else {
    where = sql`true`;
  }
  const since = new Date(now.getTime() - IMPACT_WEEKS * WEEK_MS);
  await db.execute(sql`
    update items i set
      impact_tickets = coalesce((
        select count(distinct t.id) from item_clusters ic
        join tickets t on t.cluster_id = ic.cluster_id
        where ic.item_id = i.id and t.opened_at >= ${at(since)}
      ), 0)::int,
      impact_at = ${at(now)}
    where ${where}`);
}

/** Tickets per week over the last four weeks in the item's linked clusters (each ticket once). */
export async function itemImpact(
  db: Queryable,
  itemId: string,
  now = new Date(),
): Promise<{ tickets: number; perWeek: number }> {
  const since = new Date(now.getTime() - IMPACT_WEEKS * WEEK_MS);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct t.id)::int as n from item_clusters ic
        join tickets t on t.cluster_id = ic.cluster_id
        where ic.item_id = ${itemId}::uuid and t.opened_at >= ${at(since)} and t.opened_at < ${at(now)}`,
  );
  const tickets = Number(row?.n ?? 0);
  return { tickets, perWeek: perWeek(tickets) };
}

export function perWeek(ticketsInFourWeeks: number): number {
  return Math.round((ticketsInFourWeeks / IMPACT_WEEKS) * 10) / 10;
}

export const AFTER_DONE_WEEKS = 8;

export type AfterDone = {
  /** Week offsets from the done date: -8 … -1 before, 0 … 7 after. */
  weeks: Array<{ offset: number; tickets: number; complete: boolean }>;
  beforePerWeek: number;
  afterPerWeek: number | null;
  /** Change of the weekly average after against before, in percent; null without a base. */
  changePercent: number | null;
  weeksAfter: number;
};

/**
 * Weekly tickets in the item's linked clusters for eight weeks before and eight after its done
 * date. Only whole weeks already past count for the average after, so a recent done date does
 * not look like a drop.
 */
export async function afterDone(db: Queryable, itemId: string, doneAt: Date, now = new Date()): Promise<AfterDone> {
  const rows = await queryRows<{ offset: number; tickets: number }>(
    db,
    sql`with linked as (
          select distinct t.id, t.opened_at from item_clusters ic
          join tickets t on t.cluster_id = ic.cluster_id
          where ic.item_id = ${itemId}::uuid
        )
        select w.i::int as "offset", count(l.id)::int as tickets
        from generate_series(${-AFTER_DONE_WEEKS}::int, ${AFTER_DONE_WEEKS - 1}::int) as w(i)
        left join linked l on l.opened_at >= ${at(doneAt)} + make_interval(days => w.i * 7)
          and l.opened_at < ${at(doneAt)} + make_interval(days => (w.i + 1) * 7)
        group by w.i order by w.i`,
  );
  const weeksAfter = Math.max(0, Math.min(AFTER_DONE_WEEKS, Math.floor((now.getTime() - doneAt.getTime()) / WEEK_MS)));
  const weeks = rows.map((row) => ({
    offset: Number(row.offset),
    tickets: Number(row.tickets),
    complete: Number(row.offset) < 0 || Number(row.offset) < weeksAfter,
  }));
  const before =
    weeks.filter((week) => week.offset < 0).reduce((sum, week) => sum + week.tickets, 0) / AFTER_DONE_WEEKS;
  const afterTotal = weeks
    .filter((week) => week.offset >= 0 && week.offset < weeksAfter)
    .reduce((sum, week) => sum + week.tickets, 0);
  const after = weeksAfter > 0 ? afterTotal / weeksAfter : null;
  const changePercent = after === null || before === 0 ? null : Math.round(((after - before) / before) * 1000) / 10;
  return {
    weeks,
    beforePerWeek: Math.round(before * 10) / 10,
    afterPerWeek: after === null ? null : Math.round(after * 10) / 10,
    changePercent,
    weeksAfter,
  };
}
