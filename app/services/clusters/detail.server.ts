import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { tickets, type Cluster } from "#db/schema/index";

export type ClusterTicket = {
  id: string;
  subject: string;
  excerpt: string;
  channel: string | null;
  status: string;
  openedAt: Date;
  pinned: boolean;
  representative: boolean;
};

/** The representative tickets, most central first, then the newest ones, up to `limit`. */
export async function listClusterTickets(db: Queryable, cluster: Cluster, limit = 20): Promise<ClusterTicket[]> {
  const columns = {
    id: tickets.id,
    subject: tickets.subject,
    body: tickets.body,
    channel: tickets.channel,
    status: tickets.status,
    openedAt: tickets.openedAt,
    pinned: tickets.clusterPinned,
  };
  const representativeIds = cluster.representativeTicketIds;
  const representatives = representativeIds.length
    ? await db
        .select(columns)
        .from(tickets)
        .where(and(inArray(tickets.id, representativeIds), eq(tickets.clusterId, cluster.id)))
    : [];
  representatives.sort((a, b) => representativeIds.indexOf(a.id) - representativeIds.indexOf(b.id));
  const recent = await db
    .select(columns)
    .from(tickets)
    .where(
      and(
        eq(tickets.clusterId, cluster.id),
        representatives.length
          ? notInArray(
              tickets.id,
              representatives.map((row) => row.id),
            )
          : undefined,
      ),
    )
    .orderBy(desc(tickets.openedAt))
    .limit(Math.max(0, limit - representatives.length));
  const shape = (row: (typeof recent)[number], representative: boolean): ClusterTicket => ({
    id: row.id,
    subject: row.subject,
    excerpt: row.body.length > 280 ? `${row.body.slice(0, 280)}…` : row.body,
    channel: row.channel,
    status: row.status,
    openedAt: row.openedAt,
    pinned: row.pinned,
    representative,
  });
  return [...representatives.slice(0, 5).map((row) => shape(row, true)), ...recent.map((row) => shape(row, false))];
}
