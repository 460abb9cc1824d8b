import { and, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { follows } from "#db/schema/index";
import { itemEvent, recordEvent } from "./events.server";
import { queryRows } from "./clusters/shared.server";
import { canVote, itemStatuses, type ItemStatus } from "./workflow";

const votableStatuses = itemStatuses.filter(canVote);

export type VoteResult =
  | { ok: true; votes: number; voted: boolean; following: boolean }
  | { ok: false; error: "notFound" | "closed" };

/**
 * Idempotent: voting twice, or retrying after a lost response, leaves one row. The
 * counter moves in the same transaction as the row, and only when a row was added or removed.
 */
export async function setVote(db: Database, userId: string, itemId: string, voted: boolean): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    // One statement reads the item, adds or removes the row and moves the counter: votes are
    // the busiest write, and each round trip inside the transaction adds to its latency.
    const open = sql.join(
      votableStatuses.map((status) => sql`${status}`),
      sql`, `,
    );
    const change = voted
      ? sql`insert into votes (item_id, user_id) select id, ${userId}::uuid from target where status in (${open}) on conflict do nothing returning item_id`
      : sql`delete from votes where item_id = ${itemId}::uuid and user_id = ${userId}::uuid and exists (select 1 from target where status in (${open})) returning item_id`;
    const [row] = await queryRows<{
      number: number;
      team_id: string | null;
      tags: string[];
      status: ItemStatus;
      before: number;
      after: number | null;
      following: boolean;
    }>(
      tx,
      sql`with target as (select id, number, team_id, tags, status, vote_count from items where id = ${itemId}::uuid),
        changed as (${change}),
        counted as (
          update items set vote_count = items.vote_count + ${voted ? 1 : -1}
          where items.id in (select item_id from changed) returning items.vote_count
        )
        select t.number, t.team_id, t.tags, t.status, t.vote_count as before,
          (select vote_count from counted) as after,
          exists (select 1 from follows f where f.item_id = t.id and f.user_id = ${userId}::uuid) as following
        from target t`,
    );
    if (!row) return { ok: false, error: "notFound" } as const;
    if (!canVote(row.status)) return { ok: false, error: "closed" } as const;
    const count = row.after ?? row.before;
    if (row.after !== null) {
      const item = { id: itemId, number: row.number, teamId: row.team_id, tags: row.tags };
      await recordEvent(tx, itemEvent("item.voted", item, { votes: count }));
    }
    return { ok: true, votes: count, voted, following: row.following } as const;
  });
}

export async function setFollow(db: Database, userId: string, itemId: string, following: boolean): Promise<void> {
  if (following) {
    await db.insert(follows).values({ itemId, userId }).onConflictDoNothing();
  } else {
    await db.delete(follows).where(and(eq(follows.itemId, itemId), eq(follows.userId, userId)));
  }
}
