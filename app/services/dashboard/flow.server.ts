import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at } from "#db/sql.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { itemStatuses, type ItemStatus } from "#app/services/workflow";
import { WEEK_MS } from "#app/utils/time";
import { inRange, itemFilter, num, weekly, weekStarts, type Row } from "./query.server";

export type StatusWeek = { week: string; entered: Record<ItemStatus, number>; left: Record<ItemStatus, number> };
export type Flow = {
  /** Items posted in the range, by where they are now. */
  byStatus: Array<{ status: ItemStatus; items: number }>;
  /** Items entering and leaving each status per week (posting enters `new`). */
  weeks: StatusWeek[];
  /** First answer: hours from posting to the first move out of `new`, for answers given in the range. */
  medianHoursToAnswer: number | null;
  answered: number;
  /** Days from posting to done, for items done in the range. */
  medianDaysToDone: number | null;
  done: number;
  /** Items waiting in `new` now, with their age in days. */
  backlog: {
    items: number;
    medianAgeDays: number | null;
    oldestAgeDays: number | null;
    ages: Array<{ age: BacklogAge; items: number }>;
  };
};
export const backlogAges = ["week", "month", "older"] as const;
export type BacklogAge = (typeof backlogAges)[number];

const zeroByStatus = () => Object.fromEntries(itemStatuses.map((status) => [status, 0])) as Record<ItemStatus, number>;

export async function flow(db: Queryable, filters: DashboardFilters, now = new Date()): Promise<Flow> {
  const [statusRows, moveRows, [speed], [backlog]] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select i.status, count(*)::int as n from items i
          where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters)} group by 1`,
    ),
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`m.at`,
        sql`m.status, sum(m.entered)::int as entered, sum(m.left_)::int as left_`,
        sql`from (
            select i.created_at as at, 'new'::text as status, 1 as entered, 0 as left_
            from items i where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters)}
            union all
            select tl.created_at, tl.to_status::text, 1, 0
            from item_timeline tl join items i on i.id = tl.item_id
            where tl.type = 'status' and ${inRange(filters, sql`tl.created_at`)} and ${itemFilter(filters)}
            union all
            select tl.created_at, tl.from_status::text, 0, 1
            from item_timeline tl join items i on i.id = tl.item_id
            where tl.type = 'status' and tl.from_status is not null and ${inRange(filters, sql`tl.created_at`)} and ${itemFilter(filters)}
          ) m`,
        1,
      ),
    ),
    queryRows<Row>(
      db,
      sql`with answers as (
            select distinct on (tl.item_id) tl.item_id, tl.created_at as answered_at
            from item_timeline tl join items i on i.id = tl.item_id
            where tl.type = 'status' and tl.from_status = 'new' and ${itemFilter(filters)}
            order by tl.item_id, tl.id
          )
          select
            (select count(*)::int from answers a where ${inRange(filters, sql`a.answered_at`)}) as answered,
            (select percentile_cont(0.5) within group (order by extract(epoch from a.answered_at - i.created_at)) / 3600
               from answers a join items i on i.id = a.item_id where ${inRange(filters, sql`a.answered_at`)}) as to_answer,
            (select count(*)::int from items i
               where i.status = 'done' and ${inRange(filters, sql`i.done_at`)} and ${itemFilter(filters)}) as done,
            (select percentile_cont(0.5) within group (order by extract(epoch from i.done_at - i.created_at)) / 86400
               from items i where i.status = 'done' and ${inRange(filters, sql`i.done_at`)} and ${itemFilter(filters)}) as to_done`,
    ),
    queryRows<Row>(
      db,
      sql`select count(*)::int as n,
            percentile_cont(0.5) within group (order by extract(epoch from ${at(now)} - i.created_at)) / 86400 as median_age,
            max(extract(epoch from ${at(now)} - i.created_at)) / 86400 as oldest,
            count(*) filter (where i.created_at >= ${at(new Date(now.getTime() - WEEK_MS))})::int as week,
            count(*) filter (where i.created_at < ${at(new Date(now.getTime() - WEEK_MS))}
              and i.created_at >= ${at(new Date(now.getTime() - 4 * WEEK_MS))})::int as month,
            count(*) filter (where i.created_at < ${at(new Date(now.getTime() - 4 * WEEK_MS))})::int as older
          from items i where i.status = 'new' and ${itemFilter(filters)}`,
    ),
  ]);
  const counts = zeroByStatus();
  for (const row of statusRows) counts[row.status as ItemStatus] = Number(row.n);
  const weeks: StatusWeek[] = weekStarts(filters).map((week) => ({
    week,
    entered: zeroByStatus(),
    left: zeroByStatus(),
  }));
  for (const row of moveRows) {
    const week = weeks[Number(row.w)];
    const status = row.status as ItemStatus;
    if (!week || !(status in week.entered)) continue;
    week.entered[status] += Number(row.entered);
    week.left[status] += Number(row.left_);
  }
  return {
    byStatus: itemStatuses.map((status) => ({ status, items: counts[status] })),
    weeks,
    medianHoursToAnswer: num(speed?.to_answer),
    answered: Number(speed?.answered ?? 0),
    medianDaysToDone: num(speed?.to_done),
    done: Number(speed?.done ?? 0),
    backlog: {
      items: Number(backlog?.n ?? 0),
      medianAgeDays: num(backlog?.median_age),
      oldestAgeDays: num(backlog?.oldest),
      ages: [
        { age: "week", items: Number(backlog?.week ?? 0) },
        { age: "month", items: Number(backlog?.month ?? 0) },
        { age: "older", items: Number(backlog?.older ?? 0) },
      ],
    },
  };
}
