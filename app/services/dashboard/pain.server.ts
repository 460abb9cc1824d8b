import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { at } from "#db/sql.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { clusterNameSql } from "#app/services/clusters/shared.server";
import { WEEK_MS } from "#app/utils/time";
import { inRange, num, weekly, weekStarts, type Row } from "./query.server";

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
