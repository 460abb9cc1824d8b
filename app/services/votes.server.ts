import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database, type Queryable } from "#db/client.server";
import { follows } from "#db/schema/index";
import { EVENTS_CHANNEL, EVENTS_LOCK_KEY } from "./events.server";
import { canVote, itemStatuses, type ItemStatus } from "./workflow";

const votableStatuses = itemStatuses.filter(canVote);

export type VoteResult =
  | { ok: true; votes: number; voted: boolean; following: boolean }
  | { ok: false; error: "notFound" }
  | { ok: false; error: "closed"; status: ItemStatus };

/** An item by its uuid, or by its short number as URLs and the API name it. */
export type VoteTarget = string | { number: number };

/**
 * Idempotent: voting twice, or retrying after a lost response, leaves one row. The counter
 * moves with the row, and only when a row was added or removed; the event goes with them.
 *
 * Everything is one statement, so it is atomic without BEGIN and COMMIT round trips: votes are
 * the busiest write. Its event is the one `itemEvent("item.voted", item, { votes })` makes,
 * written the way `recordEvent` writes it (ordering lock first, then the row, then NOTIFY).
 */
export async function setVote(db: Queryable, userId: string, target: VoteTarget, voted: boolean): Promise<VoteResult> {
  const open = sql.join(
    votableStatuses.map((status) => sql`${status}`),
    sql`, `,
  );
  const which = typeof target === "string" ? sql`id = ${target}::uuid` : sql`number = ${target.number}`;
  const change = voted
    ? sql`insert into votes (item_id, user_id) select id, ${userId}::uuid from target where status in (${open}) on conflict do nothing returning item_id`
    : sql`delete from votes where item_id = (select id from target) and user_id = ${userId}::uuid and exists (select 1 from target where status in (${open})) returning item_id`;
  const [row] = await queryRows<{ status: ItemStatus; before: number; after: number | null; following: boolean }>(
    db,
    sql`with target as (select id, number, team_id, tags, status, vote_count from items where ${which}),
      changed as (${change}),
      counted as (
        update items set vote_count = items.vote_count + ${voted ? 1 : -1}
        where items.id in (select item_id from changed) returning items.id, items.vote_count
      ),
      event as (
        insert into events (type, item_id, team_id, tags, payload)
        select 'item.voted', t.id, t.team_id, t.tags, jsonb_build_object('id', t.id, 'number', t.number, 'votes', c.vote_count)
        from counted c
        join target t on t.id = c.id
        cross join lateral (select pg_advisory_xact_lock(${EVENTS_LOCK_KEY})) as ordering
        returning id
      ),
      notified as (select pg_notify(${EVENTS_CHANNEL}, id::text) from event)
      select t.status, t.vote_count as before,
        (select vote_count from counted) as after,
        exists (select 1 from follows f where f.item_id = t.id and f.user_id = ${userId}::uuid) as following,
        (select count(*) from notified) as notified
      from target t`,
  );
  if (!row) return { ok: false, error: "notFound" };
  if (!canVote(row.status)) return { ok: false, error: "closed", status: row.status };
  return { ok: true, votes: row.after ?? row.before, voted, following: row.following };
}

export async function setFollow(db: Database, userId: string, itemId: string, following: boolean): Promise<void> {
  if (following) {
    await db.insert(follows).values({ itemId, userId }).onConflictDoNothing();
  } else {
    await db.delete(follows).where(and(eq(follows.itemId, itemId), eq(follows.userId, userId)));
  }
}
