import { notInArray, sql } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { getDisplayTimeZone } from "#app/i18n/format";
import { today } from "#app/services/items.server";
import { closedStatuses } from "#app/services/workflow";
import { inRange, itemFilter, ratio, type Row } from "./query.server";

export type Promises = {
  /** Open items with an owner and a target date, now. */
  open: number;
  /** Promises whose target date fell in the range and has passed. */
  due: number;
  keptOnTime: number;
  /** Share of those done by their target date. */
  keptShare: number | null;
  overdue: number;
  overdueByOwner: Array<{ ownerId: string; ownerName: string; items: number; oldestTargetDate: string }>;
  /** Target-date changes made in the range, and how many items they touched. */
  dateMoves: number;
  itemsMoved: number;
};

const dateOnly = (value: Date) => value.toISOString().slice(0, 10);

export async function promises(db: Queryable, filters: DashboardFilters, now = new Date()): Promise<Promises> {
  // Today and the day an item was done are the team's days, as on the board, not UTC's.
  const day = today(now);
  const open = notInArray(sql`i.status`, [...closedStatuses]);
  const fromDay = dateOnly(filters.from);
  // `to` is exclusive: a range ending at midnight does not include that day.
  const toDay = dateOnly(new Date(filters.to.getTime() - 1));
  const [[summary], owners, [moves]] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select
            count(*) filter (where ${open})::int as open,
            count(*) filter (where i.target_date >= ${fromDay}::date and i.target_date <= ${toDay}::date
              and i.target_date < ${day}::date and i.status not in ('declined', 'duplicate'))::int as due,
            count(*) filter (where i.target_date >= ${fromDay}::date and i.target_date <= ${toDay}::date
              and i.target_date < ${day}::date and i.status = 'done'
              and (i.done_at at time zone ${getDisplayTimeZone()})::date <= i.target_date)::int as kept
          from items i
          where i.owner_id is not null and i.target_date is not null and ${itemFilter(filters)}`,
    ),
    queryRows<Row>(
      db,
      sql`select u.id, u.name, count(*)::int as n, min(i.target_date)::text as oldest
          from items i join users u on u.id = i.owner_id
          where i.target_date < ${day}::date and ${open} and ${itemFilter(filters)}
          group by u.id, u.name
          order by n desc, u.name`,
    ),
    queryRows<Row>(
      db,
      sql`select count(*)::int as moves, count(distinct tl.item_id)::int as items
          from item_timeline tl join items i on i.id = tl.item_id
          where tl.type = 'target_date' and ${inRange(filters, sql`tl.created_at`)} and ${itemFilter(filters)}`,
    ),
  ]);
  const due = Number(summary?.due ?? 0);
  const kept = Number(summary?.kept ?? 0);
  const overdueByOwner = owners.map((row) => ({
    ownerId: String(row.id),
    ownerName: String(row.name),
    items: Number(row.n),
    oldestTargetDate: String(row.oldest),
  }));
  return {
    open: Number(summary?.open ?? 0),
    due,
    keptOnTime: kept,
    keptShare: ratio(kept, due),
    overdue: overdueByOwner.reduce((sum, row) => sum + row.items, 0),
    overdueByOwner,
    dateMoves: Number(moves?.moves ?? 0),
    itemsMoved: Number(moves?.items ?? 0),
  };
}
