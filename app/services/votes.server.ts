import { and, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { follows, items, votes } from "#db/schema/index";
import { itemEvent, recordEvent } from "./events.server";
import { canVote } from "./workflow";

export type VoteResult =
  | { ok: true; votes: number; voted: boolean; following: boolean }
  | { ok: false; error: "notFound" | "closed" };

/**
 * Idempotent: voting twice, or retrying after a lost response, leaves one row. The
 * counter moves in the same transaction as the row, and only when a row was added or removed.
 */
export async function setVote(db: Database, userId: string, itemId: string, voted: boolean): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: items.id, number: items.number, teamId: items.teamId, tags: items.tags, status: items.status, voteCount: items.voteCount })
      .from(items)
      .where(eq(items.id, itemId))
      .limit(1);
    if (!item) return { ok: false, error: "notFound" } as const;
    if (!canVote(item.status)) return { ok: false, error: "closed" } as const;
    const changed = voted
      ? await tx.insert(votes).values({ itemId, userId }).onConflictDoNothing().returning({ userId: votes.userId })
      : await tx
          .delete(votes)
          .where(and(eq(votes.itemId, itemId), eq(votes.userId, userId)))
          .returning({ userId: votes.userId });
    let count = item.voteCount;
    if (changed.length > 0) {
      const [updated] = await tx
        .update(items)
        .set({ voteCount: sql`${items.voteCount} + ${voted ? 1 : -1}` })
        .where(eq(items.id, itemId))
        .returning({ voteCount: items.voteCount });
      count = updated?.voteCount ?? count;
      await recordEvent(tx, itemEvent("item.voted", item, { votes: count }));
    } else {
      const [current] = await tx.select({ voteCount: items.voteCount }).from(items).where(eq(items.id, itemId));
      count = current?.voteCount ?? count;
    }
    const [follow] = await tx
      .select({ userId: follows.userId })
      .from(follows)
      .where(and(eq(follows.itemId, itemId), eq(follows.userId, userId)));
    return { ok: true, votes: count, voted, following: Boolean(follow) } as const;
  });
}

export async function setFollow(db: Database, userId: string, itemId: string, following: boolean): Promise<void> {
  if (following) {
    await db.insert(follows).values({ itemId, userId }).onConflictDoNothing();
  } else {
    await db.delete(follows).where(and(eq(follows.itemId, itemId), eq(follows.userId, userId)));
  }
}
