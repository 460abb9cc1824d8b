import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { AFTER_DONE_WEEKS } from "#app/services/clusters/impact.server";
import { WEEK_MS } from "#app/utils/time";
import { inRange, itemFilter, type Row } from "./query.server";

export type OutcomeItem = {
  id: string;
  number: number;
  title: string;
  doneAt: string;
  beforePerWeek: number;
  afterPerWeek: number | null;
  weeksAfter: number;
  changePercent: number | null;
};
export type Outcome = {
  /** Tickets per week offset from each item's done date (-8 … 7), summed over the items. */
  weeks: Array<{ offset: number; tickets: number }>;
  items: OutcomeItem[];
  /** Over the items with at least one whole week after done: weekly tickets before and after. */
  beforePerWeek: number | null;
  afterPerWeek: number | null;
  changePercent: number | null;
  answers: { done: number; yes: number; partly: number; no: number; unanswered: number };
};

const change = (before: number, after: number | null) =>
  after === null || before === 0 ? null : Math.round(((after - before) / before) * 1000) / 10;

/**
 * The done items' linked clusters, eight weeks before and after each done date, as the item
 * page computes it (each ticket once per item), in one query for all items.
 */
export async function outcome(db: Queryable, filters: DashboardFilters, now = new Date()): Promise<Outcome> {
  const [rows, [answers]] = await Promise.all([
    queryRows<Row>(
      db,
      // Tickets belong to one cluster and an item links a cluster once, so no ticket counts
      // twice for an item. Instead of joining every ticket to every item near it, one sorted
      // pass per cluster counts the tickets before each weekly mark of each item (ties go to
      // the week that starts at the mark); a week's tickets are the difference of two marks.
      sql`with done as (
            select i.id, i.number, i.title, i.done_at from items i
            where i.status = 'done' and ${inRange(filters, sql`i.done_at`)} and ${itemFilter(filters)}
              and exists (select 1 from item_clusters ic where ic.item_id = i.id)
          ),
          links as (select d.id as item_id, d.done_at, ic.cluster_id from done d join item_clusters ic on ic.item_id = d.id),
          stream as (
            select l.cluster_id, l.done_at + make_interval(days => g.k * 7) as at, 0 as is_ticket, l.item_id, g.k
            from links l cross join generate_series(${-AFTER_DONE_WEEKS}::int, ${AFTER_DONE_WEEKS}::int) as g(k)
            union all
            select t.cluster_id, t.opened_at, 1, null, null from tickets t
            where t.cluster_id in (select cluster_id from links)
              and t.opened_at >= (select min(done_at) from done) - make_interval(days => ${AFTER_DONE_WEEKS * 7}::int)
              and t.opened_at < (select max(done_at) from done) + make_interval(days => ${AFTER_DONE_WEEKS * 7}::int)
          ),
          running as (
            select item_id, k, sum(is_ticket) over (partition by cluster_id order by at, is_ticket rows unbounded preceding) as before
            from stream
          ),
          marks as (select item_id, k, sum(before)::int as before from running where item_id is not null group by 1, 2)
          select d.id, d.number, d.title, d.done_at, m.k, m.before
          from done d join marks m on m.item_id = d.id
          order by d.done_at, d.number, m.k`,
    ),
    queryRows<Row>(
      db,
      sql`select count(*)::int as done,
            count(*) filter (where o.answer = 'yes')::int as yes,
            count(*) filter (where o.answer = 'partly')::int as partly,
            count(*) filter (where o.answer = 'no')::int as no
          from items i left join item_outcomes o on o.item_id = i.id
          where i.status = 'done' and ${inRange(filters, sql`i.done_at`)} and ${itemFilter(filters)}`,
    ),
  ]);
  const weeks = Array.from({ length: 2 * AFTER_DONE_WEEKS }, (_, index) => ({
    offset: index - AFTER_DONE_WEEKS,
    tickets: 0,
  }));
  // Tickets before each mark, per item; week k is mark k + 1 minus mark k.
  const byItem = new Map<string, { row: Row; marks: Map<number, number>; counts: Map<number, number> }>();
  for (const row of rows) {
    const id = String(row.id);
    const entry = byItem.get(id) ?? { row, marks: new Map<number, number>(), counts: new Map<number, number>() };
    byItem.set(id, entry);
    entry.marks.set(Number(row.k), Number(row.before));
  }
  for (const entry of byItem.values()) {
    for (const week of weeks) {
      const n = (entry.marks.get(week.offset + 1) ?? 0) - (entry.marks.get(week.offset) ?? 0);
      entry.counts.set(week.offset, n);
      week.tickets += n;
    }
  }
  let beforeSum = 0;
  let afterSum = 0;
  let measured = 0;
  const items: OutcomeItem[] = [...byItem.values()].map(({ row, counts }) => {
    const doneAt = new Date(row.done_at as string | Date);
    const weeksAfter = Math.max(
      0,
      Math.min(AFTER_DONE_WEEKS, Math.floor((now.getTime() - doneAt.getTime()) / WEEK_MS)),
    );
    let before = 0;
    let after = 0;
    for (const [offset, n] of counts) {
      if (offset < 0) before += n;
      else if (offset < weeksAfter) after += n;
    }
    const beforePerWeek = before / AFTER_DONE_WEEKS;
    const afterPerWeek = weeksAfter > 0 ? after / weeksAfter : null;
    if (afterPerWeek !== null) {
      beforeSum += beforePerWeek;
      afterSum += afterPerWeek;
      measured += 1;
    }
    return {
      id: String(row.id),
      number: Number(row.number),
      title: String(row.title),
      doneAt: doneAt.toISOString(),
      beforePerWeek: Math.round(beforePerWeek * 10) / 10,
      afterPerWeek: afterPerWeek === null ? null : Math.round(afterPerWeek * 10) / 10,
      weeksAfter,
      changePercent: change(beforePerWeek, afterPerWeek),
    };
  });
  const done = Number(answers?.done ?? 0);
  const yes = Number(answers?.yes ?? 0);
  const partly = Number(answers?.partly ?? 0);
  const no = Number(answers?.no ?? 0);
  return {
    weeks,
    items,
    beforePerWeek: measured ? Math.round(beforeSum * 10) / 10 : null,
    afterPerWeek: measured ? Math.round(afterSum * 10) / 10 : null,
    changePercent: measured ? change(beforeSum, afterSum) : null,
    answers: { done, yes, partly, no, unanswered: done - yes - partly - no },
  };
}
