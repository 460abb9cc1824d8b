import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at, uuidList } from "#db/sql.server";
import { channel, type Channel } from "#db/schema/enums";
import { WEEK_MS } from "#app/utils/time";

export const TREND_WEEKS = 12;

export type ClusterKpis = {
  id: string;
  number: number;
  label: string;
  name: string | null;
  keywords: string[];
  retired: boolean;
  mergedIntoId: string | null;
  size: number;
  /** Tickets opened in each of the last 12 weeks (rolling, oldest first). */
  weekly: number[];
  /** Last four weeks against the four before, in percent; null when the four before are empty. */
  changePercent: number | null;
  channels: Array<{ channel: Channel | "unknown"; tickets: number }>;
  /** Share of rated tickets rated good, 0–1. */
  csat: number | null;
  /** Hours. */
  medianFirstResponseHours: number | null;
  medianResolutionHours: number | null;
  backlog: number;
  interactionsPerTicket: number | null;
  /** Share of tickets resolved or closed, 0–1. */
  resolutionRate: number | null;
  linkedItems: number;
  unaddressed: boolean;
};

type Row = Record<string, unknown>;

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Week i of 0…11, oldest first: [now − (12 − i) weeks, now − (11 − i) weeks). */
function weekBounds(now: Date, index: number, weeks = TREND_WEEKS): [Date, Date] {
  return [new Date(now.getTime() - (weeks - index) * WEEK_MS), new Date(now.getTime() - (weeks - 1 - index) * WEEK_MS)];
}

/**
 * Every KPI of the clusters table in one aggregate over the tickets: one pass, grouped by
 * cluster, with FILTER clauses for the weeks and channels and ordered-set aggregates for the
 * medians. Without `clusterIds` it lists the live clusters (not retired, not merged).
 */
export async function listClusterKpis(
  db: Queryable,
  options: { clusterIds?: string[]; now?: Date } = {},
): Promise<ClusterKpis[]> {
  const now = options.now ?? new Date();
  if (options.clusterIds && options.clusterIds.length === 0) return [];
  const weekCounts = Array.from({ length: TREND_WEEKS }, (_, index) => {
    const [from, to] = weekBounds(now, index);
    return sql`count(t.id) filter (where t.opened_at >= ${at(from)} and t.opened_at < ${at(to)})::int`;
  });
  const channelCounts = channel.enumValues.map((value) => sql`count(t.id) filter (where t.channel = ${value})::int`);
  const last4 = new Date(now.getTime() - 4 * WEEK_MS);
  const previous4 = new Date(now.getTime() - 8 * WEEK_MS);
  const where: SQL = options.clusterIds
    ? sql`c.id in ${uuidList(options.clusterIds)}`
    : sql`c.retired_at is null and c.merged_into_id is null`;
  const rows = await queryRows<Row>(
    db,
    sql`select c.id, c.number, c.label, c.label_en, c.name, c.keywords, c.retired_at is not null as retired, c.merged_into_id,
          count(t.id)::int as size,
          array[${sql.join(weekCounts, sql`, `)}] as weekly,
          count(t.id) filter (where t.opened_at >= ${at(last4)} and t.opened_at < ${at(now)})::int as last4,
          count(t.id) filter (where t.opened_at >= ${at(previous4)} and t.opened_at < ${at(last4)})::int as previous4,
          array[${sql.join(channelCounts, sql`, `)}, count(t.id) filter (where t.channel is null)::int] as channels,
          (count(t.id) filter (where t.csat_good))::float8 / nullif(count(t.csat_good), 0) as csat,
          percentile_cont(0.5) within group (order by extract(epoch from t.first_response_at - t.opened_at)) / 3600 as frt,
          percentile_cont(0.5) within group (order by extract(epoch from t.resolved_at - t.opened_at)) / 3600 as resolution,
          count(t.id) filter (where t.status in ('open', 'pending'))::int as backlog,
          avg(t.interactions)::float8 as interactions,
          (count(t.id) filter (where t.status in ('resolved', 'closed')))::float8 / nullif(count(t.id), 0) as resolution_rate,
          (select count(*) from item_clusters ic where ic.cluster_id = c.id)::int as linked
        from clusters c
        left join tickets t on t.cluster_id = c.id
        where ${where}
        group by c.id
        order by c.number`,
  );
  return rows.map((row) => {
    const weekly = (row.weekly as unknown[]).map(Number);
    const channelValues = (row.channels as unknown[]).map(Number);
    const last = Number(row.last4);
    const before = Number(row.previous4);
    const linked = Number(row.linked);
    return {
      id: String(row.id),
      number: Number(row.number),
      label: String(row.label),
      labelEn: (row.label_en as string | null) ?? null,
      name: (row.name as string | null) ?? null,
      keywords: (row.keywords as string[] | null) ?? [],
      retired: Boolean(row.retired),
      mergedIntoId: (row.merged_into_id as string | null) ?? null,
      size: Number(row.size),
      weekly,
      changePercent: before === 0 ? null : Math.round(((last - before) / before) * 1000) / 10,
      channels: [...channel.enumValues, "unknown" as const]
        .map((name, index) => ({ channel: name, tickets: channelValues[index] ?? 0 }))
        .filter((entry) => entry.tickets > 0)
        .sort((a, b) => b.tickets - a.tickets),
      csat: num(row.csat),
      medianFirstResponseHours: num(row.frt),
      medianResolutionHours: num(row.resolution),
      backlog: Number(row.backlog),
      interactionsPerTicket: num(row.interactions),
      resolutionRate: num(row.resolution_rate),
      linkedItems: linked,
      unaddressed: linked === 0,
    };
  });
}

export const clusterSorts = [
  "label",
  "size",
  "trend",
  "change",
  "csat",
  "firstResponse",
  "resolution",
  "backlog",
  "interactions",
  "resolutionRate",
  "linked",
] as const;
export type ClusterSort = (typeof clusterSorts)[number];

const sortKey: Record<ClusterSort, (row: ClusterKpis) => number | string | null> = {
  label: (row) => (row.name ?? row.label).toLocaleLowerCase(),
  size: (row) => row.size,
  trend: (row) => row.weekly.slice(-4).reduce((a, b) => a + b, 0),
  change: (row) => row.changePercent,
  csat: (row) => row.csat,
  firstResponse: (row) => row.medianFirstResponseHours,
  resolution: (row) => row.medianResolutionHours,
  backlog: (row) => row.backlog,
  interactions: (row) => row.interactionsPerTicket,
  resolutionRate: (row) => row.resolutionRate,
  linked: (row) => row.linkedItems,
};

/** Sorts the (few hundred at most) clusters in memory; empty values go last either way. */
export function sortClusters(rows: ClusterKpis[], sort: ClusterSort, direction: "asc" | "desc"): ClusterKpis[] {
  const key = sortKey[sort];
  const factor = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null && y === null) return a.number - b.number;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return order * factor || a.number - b.number;
  });
}

export type ClusterWeek = {
  /** Start of the week (ISO date). */
  week: string;
  tickets: number;
  csat: number | null;
  medianFirstResponseHours: number | null;
  medianResolutionHours: number | null;
  /** Tickets still open at the end of the week. */
  backlog: number;
};

/** The cluster page's charts: the KPIs week by week over the last 12 weeks. */
export async function clusterWeeklyKpis(db: Queryable, clusterId: string, now = new Date()): Promise<ClusterWeek[]> {
  const start = new Date(now.getTime() - TREND_WEEKS * WEEK_MS);
  const rows = await queryRows<Row>(
    db,
    sql`with weeks as (
          select w.i, ${at(start)} + make_interval(days => w.i * 7) as week_start,
                 ${at(start)} + make_interval(days => (w.i + 1) * 7) as week_end
          from generate_series(0, ${TREND_WEEKS - 1}::int) as w(i)
        )
        select w.i, to_char(w.week_start at time zone 'UTC', 'YYYY-MM-DD') as week,
          count(t.id)::int as tickets,
          (count(t.id) filter (where t.csat_good))::float8 / nullif(count(t.csat_good), 0) as csat,
          percentile_cont(0.5) within group (order by extract(epoch from t.first_response_at - t.opened_at)) / 3600 as frt,
          percentile_cont(0.5) within group (order by extract(epoch from t.resolved_at - t.opened_at)) / 3600 as resolution,
          (select count(*) from tickets b where b.cluster_id = ${clusterId}::uuid and b.opened_at < w.week_end
             and (b.resolved_at >= w.week_end or (b.resolved_at is null and b.status in ('open', 'pending'))))::int as backlog
        from weeks w
        left join tickets t on t.cluster_id = ${clusterId}::uuid and t.opened_at >= w.week_start and t.opened_at < w.week_end
        group by w.i, w.week_start, w.week_end
        order by w.i`,
  );
  return rows.map((row) => ({
    week: String(row.week),
    tickets: Number(row.tickets),
    csat: num(row.csat),
    medianFirstResponseHours: num(row.frt),
    medianResolutionHours: num(row.resolution),
    backlog: Number(row.backlog),
  }));
}
