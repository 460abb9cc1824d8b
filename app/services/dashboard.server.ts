import { notInArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at } from "#db/sql.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { AFTER_DONE_WEEKS } from "./clusters/impact.server";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { getDisplayTimeZone } from "#app/i18n/format";
import { WEEK_MS } from "#app/utils/time";
import { clusterNameSql } from "./clusters/shared.server";
import { today } from "./items.server";
import { closedStatuses, itemStatuses, type ItemStatus } from "./workflow";

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Week starts (ISO dates) of the range; the last week may be shorter. */
export function weekStarts(filters: DashboardFilters): string[] {
  const count = Math.max(1, Math.ceil((filters.to.getTime() - filters.from.getTime()) / WEEK_MS));
  return Array.from({ length: count }, (_, index) =>
    new Date(filters.from.getTime() + index * WEEK_MS).toISOString().slice(0, 10),
  );
}

/**
 * Rows counted per week of the range, `w` 0 for the first. date_bin keeps the per-row work to
 * integer arithmetic (a numeric epoch division per row cost a third of the time on a million
 * votes); the week number is computed once per group. `groups` is how many of the selected
 * columns after the week are grouping keys.
 */
function weekly(filters: DashboardFilters, column: SQL, select: SQL, rest: SQL, groups: number): SQL {
  const keys = sql.raw(Array.from({ length: groups + 1 }, (_, index) => String(index + 1)).join(", "));
  return sql`select round(extract(epoch from q.b - ${at(filters.from)}) / ${WEEK_MS / 1000})::int as w, q.*
    from (select date_bin('7 days', ${column}, ${at(filters.from)}) as b, ${select} ${rest} group by ${keys}) q`;
}

function inRange(filters: DashboardFilters, column: SQL): SQL {
  return sql`${column} >= ${at(filters.from)} and ${column} < ${at(filters.to)}`;
}

/** Team, area and channel describe items; `alias` is the items table's alias in the query. */
function itemFilter(filters: DashboardFilters, alias = "i", options: { team?: boolean } = {}): SQL {
  const a = sql.raw(alias);
  const parts: SQL[] = [sql`true`];
  if (filters.teamId && options.team !== false) parts.push(sql`${a}.team_id = ${filters.teamId}::uuid`);
  if (filters.area === "none") parts.push(sql`${a}.area is null`);
  else if (filters.area) parts.push(sql`${a}.area = ${filters.area}`);
  if (filters.channel) parts.push(sql`${a}.channel = ${filters.channel}`);
  return sql.join(parts, sql` and `);
}

const dateOnly = (value: Date) => value.toISOString().slice(0, 10);

// ---------------------------------------------------------------- participation

export type KindWeek = { week: string; insight: number; idea: number };
export type TeamParticipation = {
  teamId: string | null;
  teamName: string | null;
  people: number;
  participants: number;
  share: number | null;
};
export type Participation = {
  items: KindWeek[];
  votes: KindWeek[];
  totals: { items: number; votes: number };
  people: number;
  participants: number;
  /** Share of active people (of the team, when filtered) who posted or voted in the range. */
  share: number | null;
  byTeam: TeamParticipation[];
};

function kindWeeks(filters: DashboardFilters, rows: Row[]): KindWeek[] {
  const weeks = weekStarts(filters).map((week) => ({ week, insight: 0, idea: 0 }));
  for (const row of rows) {
    const week = weeks[Number(row.w)];
    if (week && (row.kind === "insight" || row.kind === "idea")) week[row.kind] += Number(row.n);
  }
  return weeks;
}

/** Active people per team and how many of them posted or voted in the range. */
function peopleQuery(filters: DashboardFilters): SQL {
  const people = (acted: SQL, join: SQL, participant: SQL) => sql`${acted}
    select u.team_id, t.name as team_name, count(*)::int as people,
      count(*) filter (where ${participant})::int as participants
    from users u
    left join teams t on t.id = u.team_id
    ${join}
    where u.deactivated_at is null and u.created_at < ${at(filters.to)}
      ${filters.teamId ? sql`and u.team_id = ${filters.teamId}::uuid` : sql``}
    group by u.team_id, t.name
    order by t.name nulls last`;
  if (!filters.area && !filters.channel) {
    // One probe of votes(user_id, created_at) per person: reading a year of votes and
    // grouping them by voter took twice as long.
    return people(
      sql``,
      sql``,
      sql`exists (select 1 from votes v where v.user_id = u.id and ${inRange(filters, sql`v.created_at`)})
        or exists (select 1 from items i where i.author_id = u.id and ${inRange(filters, sql`i.created_at`)})`,
    );
  }
  // Filtered by what they acted on: union all + group by hashes; a plain union sorted a
  // million voters on disk.
  return people(
    sql`with acted as (
      select a.user_id from (
        select i.author_id as user_id from items i
        where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters, "i", { team: false })}
        union all
        select v.user_id from votes v join items i on i.id = v.item_id and ${itemFilter(filters, "i", { team: false })}
        where ${inRange(filters, sql`v.created_at`)}
      ) a group by a.user_id
    )`,
    sql`left join acted a on a.user_id = u.id`,
    sql`a.user_id is not null`,
  );
}

export async function participation(db: Queryable, filters: DashboardFilters): Promise<Participation> {
  const [itemRows, voteRows, peopleRows] = await Promise.all([
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`i.created_at`,
        sql`i.kind, count(*)::int as n`,
        sql`from items i where ${inRange(filters, sql`i.created_at`)} and ${itemFilter(filters)}`,
        1,
      ),
    ),
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`v.created_at`,
        sql`i.kind, count(*)::int as n`,
        sql`from votes v join items i on i.id = v.item_id where ${inRange(filters, sql`v.created_at`)} and ${itemFilter(filters)}`,
        1,
      ),
    ),
    // People are counted by their own team; what they posted or voted on by area and channel.
    queryRows<Row>(db, peopleQuery(filters)),
  ]);
  const items = kindWeeks(filters, itemRows);
  const votes = kindWeeks(filters, voteRows);
  const byTeam = peopleRows.map((row) => {
    const people = Number(row.people);
    const participants = Number(row.participants);
    return {
      teamId: (row.team_id as string | null) ?? null,
      teamName: (row.team_name as string | null) ?? null,
      people,
      participants,
      share: ratio(participants, people),
    };
  });
  const people = byTeam.reduce((sum, row) => sum + row.people, 0);
  const participants = byTeam.reduce((sum, row) => sum + row.participants, 0);
  const total = (weeks: KindWeek[]) => weeks.reduce((sum, week) => sum + week.insight + week.idea, 0);
  return {
    items,
    votes,
    totals: { items: total(items), votes: total(votes) },
    people,
    participants,
    share: ratio(participants, people),
    byTeam,
  };
}

// ---------------------------------------------------------------- flow

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

// ---------------------------------------------------------------- promises

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

// ---------------------------------------------------------------- outcome

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

// ---------------------------------------------------------------- customers' pain

export type ClusterPain = {
  id: string;
  number: number;
  name: string;
  tickets: number;
  /** Tickets in the period of the same length just before the range. */
  previous: number;
  perWeek: number;
  growth: number;
  growthPercent: number | null;
  csat: number | null;
  medianResolutionHours: number | null;
  linkedItems: number;
};
const PAIN_TOP = 10;
export type Pain = {
  top: ClusterPain[];
  /** Clusters with tickets in the period before as well, by growth rate. */
  growing: ClusterPain[];
  /** Clustered tickets in the period of the same length just before. */
  previousTickets: number;
  unaddressed: ClusterPain[];
  channels: Array<{ week: string; counts: Record<string, number> }>;
  channelNames: string[];
  tickets: number;
};

/**
 * Tickets have no team or area: the channel filter applies to them, team and area do not.
 * Live clusters only (not retired or merged), as on the clusters page.
 */
export async function pain(db: Queryable, filters: DashboardFilters, locale: Locale = defaultLocale): Promise<Pain> {
  const span = filters.to.getTime() - filters.from.getTime();
  const previousFrom = new Date(filters.from.getTime() - span);
  const ticketChannel = filters.channel ? sql`and t.channel = ${filters.channel}` : sql``;
  const [clusterRows, channelRows] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select c.id, c.number, ${clusterNameSql(locale)} as name,
            count(*) filter (where t.opened_at >= ${at(filters.from)})::int as tickets,
            count(*) filter (where t.opened_at < ${at(filters.from)})::int as previous,
            (count(*) filter (where t.opened_at >= ${at(filters.from)} and t.csat_good))::float8
              / nullif(count(t.csat_good) filter (where t.opened_at >= ${at(filters.from)}), 0) as csat,
            percentile_cont(0.5) within group (order by extract(epoch from t.resolved_at - t.opened_at))
              filter (where t.opened_at >= ${at(filters.from)}) / 3600 as resolution,
            (select count(*) from item_clusters ic where ic.cluster_id = c.id)::int as linked
          from clusters c
          join tickets t on t.cluster_id = c.id and t.opened_at >= ${at(previousFrom)} and t.opened_at < ${at(filters.to)} ${ticketChannel}
          where c.retired_at is null and c.merged_into_id is null
          group by c.id, c.number, c.name, c.label, c.label_en`,
    ),
    queryRows<Row>(
      db,
      weekly(
        filters,
        sql`t.opened_at`,
        sql`coalesce(t.channel::text, 'unknown') as channel, count(*)::int as n`,
        sql`from tickets t where ${inRange(filters, sql`t.opened_at`)} ${ticketChannel}`,
        1,
      ),
    ),
  ]);
  const weeksInRange = span / WEEK_MS;
  const clusters: ClusterPain[] = clusterRows.map((row) => {
    const tickets = Number(row.tickets);
    const previous = Number(row.previous);
    return {
      id: String(row.id),
      number: Number(row.number),
      name: String(row.name),
      tickets,
      previous,
      perWeek: Math.round((tickets / weeksInRange) * 10) / 10,
      growth: tickets - previous,
      growthPercent: previous === 0 ? null : Math.round(((tickets - previous) / previous) * 1000) / 10,
      csat: num(row.csat),
      medianResolutionHours: num(row.resolution),
      linkedItems: Number(row.linked),
    };
  });
  const byTickets = (a: ClusterPain, b: ClusterPain) => b.tickets - a.tickets || a.number - b.number;
  const weeks = weekStarts(filters).map((week) => ({ week, counts: {} as Record<string, number> }));
  const names = new Set<string>();
  let tickets = 0;
  for (const row of channelRows) {
    const week = weeks[Number(row.w)];
    if (!week) continue;
    const name = String(row.channel);
    names.add(name);
    week.counts[name] = Number(row.n);
    tickets += Number(row.n);
  }
  return {
    top: clusters
      .filter((row) => row.tickets > 0)
      .sort(byTickets)
      .slice(0, PAIN_TOP),
    // Growth against the period before: a cluster with nothing then has no rate to compare, and
    // ranking it by its size would only repeat "most tickets".
    growing: clusters
      .filter((row) => row.previous > 0 && row.growth > 0)
      .sort((a, b) => (b.growthPercent ?? 0) - (a.growthPercent ?? 0) || b.growth - a.growth || byTickets(a, b))
      .slice(0, PAIN_TOP),
    previousTickets: clusters.reduce((total, row) => total + row.previous, 0),
    unaddressed: clusters
      .filter((row) => row.tickets > 0 && row.linkedItems === 0)
      .sort(byTickets)
      .slice(0, PAIN_TOP),
    channels: weeks,
    channelNames: [...names].sort(),
    tickets,
  };
}

// ---------------------------------------------------------------- the whole page

export type Dashboard = {
  participation: Participation;
  flow: Flow;
  promises: Promises;
  outcome: Outcome;
  pain: Pain;
};

export async function loadDashboard(
  db: Queryable,
  filters: DashboardFilters,
  now = new Date(),
  locale: Locale = defaultLocale,
): Promise<Dashboard> {
  const [p, f, pr, o, c] = await Promise.all([
    participation(db, filters),
    flow(db, filters, now),
    promises(db, filters, now),
    outcome(db, filters, now),
    pain(db, filters, locale),
  ]);
  return { participation: p, flow: f, promises: pr, outcome: o, pain: c };
}
