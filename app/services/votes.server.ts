import { and, eq, sql } from "drizzle-orm";
import { queryPrepared, type Database, type Transaction } from "#db/client.server";
import { follows, items, votes } from "#db/schema/index";
import { EVENTS_CHANNEL, EVENTS_LOCK_KEY } from "./events.server";
import { isUuid } from "./item-ref.server";
import { canVote, itemStatuses, type ItemStatus } from "./workflow";

const votableStatuses = itemStatuses.filter(canVote);

export type VoteResult =
  | { ok: true; votes: number; voted: boolean; following: boolean }
  | { ok: false; error: "notFound" }
  | { ok: false; error: "closed"; status: ItemStatus };

/** An item by its uuid, or by its short number as URLs and the API name it. */
export type VoteTarget = string | { number: number };

/** Enough to absorb a burst in one commit, small enough to keep each statement short. */
const MAX_BATCH = 200;
const MAX_ATTEMPTS = 3;
/** Batches written at once by one writer; their items are locked in id order, so they cannot deadlock. */
const MAX_BATCHES_IN_FLIGHT = 3;
const open = votableStatuses.map((status) => `'${status}'`).join(", ");

/**
 * The votes of one batch, in one statement: atomic without BEGIN and COMMIT round trips, and
 * one commit, one counter update per item and one NOTIFY for the whole batch. Per item it
 * writes the event `itemEvent("item.voted", item, { votes })` makes, the way `recordEvent`
 * writes it (ordering lock first, then the row, then NOTIFY). Rows of `items` are locked in id
 * order so that two batches touching the same items cannot deadlock each other.
 */
const BATCH_STATEMENT = `
with input as (
  select * from jsonb_to_recordset($1::text::jsonb) as i(ord int, user_id uuid, item_id uuid, item_number int, voted boolean)
),
target as (
  select i.ord, i.user_id, i.voted, it.id, it.number, it.team_id, it.tags, it.status, it.vote_count,
    row_number() over (partition by i.user_id, it.id order by i.ord) as nth
  from input i
  cross join lateral (
    select id, number, team_id, tags, status, vote_count from items where id = i.item_id
    union all
    select id, number, team_id, tags, status, vote_count from items where i.item_id is null and number = i.item_number
  ) it
),
added as (
  insert into votes (item_id, user_id)
  select id, user_id from target where nth = 1 and voted and status in (${open})
  on conflict do nothing
  returning item_id
),
removed as (
  delete from votes v using target t
  where t.nth = 1 and not t.voted and t.status in (${open}) and v.item_id = t.id and v.user_id = t.user_id
  returning v.item_id
),
delta as materialized (
  select item_id, sum(change)::int as change
  from (select item_id, 1 as change from added union all select item_id, -1 from removed) as changes
  group by item_id
  having sum(change) <> 0
),
locked as materialized (
  select items.id from items where items.id in (select item_id from delta) order by items.id for no key update
),
counted as (
  update items set vote_count = items.vote_count + delta.change
  from delta, locked
  where items.id = delta.item_id and locked.id = items.id
  returning items.id, items.number, items.team_id, items.tags, items.vote_count
),
event as (
  insert into events (type, item_id, team_id, tags, payload)
  select 'item.voted', c.id, c.team_id, c.tags, jsonb_build_object('id', c.id, 'number', c.number, 'votes', c.vote_count)
  from counted c
  cross join lateral (select pg_advisory_xact_lock(${EVENTS_LOCK_KEY})) as ordering
  returning id
),
notified as (select pg_notify('${EVENTS_CHANNEL}', max(id)::text) from event having count(*) > 0)
select i.ord, t.nth::int as nth, t.status, coalesce(c.vote_count, t.vote_count) as votes, coalesce(fo.following, false) as following,
  (select count(*) from notified) as notified
from input i
left join target t on t.ord = i.ord
left join counted c on c.id = t.id
left join lateral (select true as following from follows f where f.item_id = t.id and f.user_id = i.user_id limit 1) fo on true
`;

type BatchRow = {
  ord: number;
  nth: number | null;
  status: ItemStatus | null;
  votes: number | null;
  following: boolean | null;
};

type PendingVote = {
  userId: string;
  target: VoteTarget;
  voted: boolean;
  resolve: (result: VoteResult) => void;
  reject: (error: unknown) => void;
};

function pairKey(vote: PendingVote): string {
  return `${vote.userId}:${typeof vote.target === "string" ? vote.target.toLowerCase() : `#${vote.target.number}`}`;
}

function isDeadlock(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "40P01"
  );
}

/**
 * Votes are the busiest write. One writer per database turns the votes that arrive while
 * batches are being written into the next batch: no waiting when it is quiet, and under a
 * burst far fewer statements and commits than votes. A few batches are written at once, so
 * one batch's round trip and commit do not leave the others waiting. A person's votes are in
 * at most one batch being written at a time, and the same person's votes on the same item in
 * separate batches, in the order they arrived.
 */
class VoteWriter {
  private queue: PendingVote[] = [];
  private inFlight = 0;
  /** People with a vote in a batch being written: their next votes wait for it to finish. */
  private readonly writingFor = new Set<string>();

  constructor(private readonly db: Database) {}

  submit(userId: string, target: VoteTarget, voted: boolean): Promise<VoteResult> {
    return new Promise<VoteResult>((resolve, reject) => {
      this.queue.push({ userId, target, voted, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < MAX_BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const vote of batch) this.writingFor.add(vote.userId);
      void this.writeBatch(batch);
    }
  }

  private async writeBatch(batch: PendingVote[]): Promise<void> {
    try {
      const results = await this.write(batch);
      const again: PendingVote[] = [];
      batch.forEach((vote, index) => {
        const result = results[index];
        if (result) vote.resolve(result);
        else again.push(vote);
      });
      // The same vote named twice (by id and by number): the second goes ahead of the person's later votes.
      this.queue = [...again, ...this.queue];
    } catch (error) {
      for (const vote of batch) vote.reject(error);
    } finally {
      for (const vote of batch) this.writingFor.delete(vote.userId);
      this.inFlight--;
      this.startBatches();
    }
  }

  private takeBatch(): PendingVote[] {
    const batch: PendingVote[] = [];
    const later: PendingVote[] = [];
    const pairs = new Set<string>();
    for (const vote of this.queue) {
      const key = pairKey(vote);
      if (batch.length < MAX_BATCH && !pairs.has(key) && !this.writingFor.has(vote.userId)) batch.push(vote);
      else later.push(vote);
      // A later vote on a pair waiting for the next batch must wait too, to keep the order.
      pairs.add(key);
    }
    this.queue = later;
    return batch;
  }

  /** An answer per vote, or undefined for one to write again in the next batch. */
  private async write(batch: PendingVote[]): Promise<(VoteResult | undefined)[]> {
    const results = new Array<VoteResult | undefined>(batch.length);
    const input: {
      ord: number;
      user_id: string;
      item_id: string | null;
      item_number: number | null;
      voted: boolean;
    }[] = [];
    batch.forEach((vote, ord) => {
      const byId = typeof vote.target === "string" ? vote.target : null;
      if ((byId !== null && !isUuid(byId)) || !isUuid(vote.userId)) {
        results[ord] = { ok: false, error: "notFound" };
        return;
      }
      const itemNumber = typeof vote.target === "string" ? null : vote.target.number;
      input.push({ ord, user_id: vote.userId, item_id: byId, item_number: itemNumber, voted: vote.voted });
    });
    if (input.length === 0) return results;
    const rows = await this.run(JSON.stringify(input));
    for (const row of rows) {
      const vote = batch[row.ord]!;
      if (row.nth !== null && row.nth > 1) continue;
      if (row.status === null) results[row.ord] = { ok: false, error: "notFound" };
      else if (!canVote(row.status)) results[row.ord] = { ok: false, error: "closed", status: row.status };
      else results[row.ord] = { ok: true, votes: row.votes ?? 0, voted: vote.voted, following: row.following === true };
    }
    return results;
  }

  private async run(input: string): Promise<BatchRow[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await queryPrepared<BatchRow>(this.db, BATCH_STATEMENT, [input]);
      } catch (error) {
        // The statement is atomic: after a deadlock nothing of it was written, so it is safe to run again.
        if (!isDeadlock(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

const writers = new WeakMap<Database, VoteWriter>();

/**
 * Idempotent: voting twice, or retrying after a lost response, leaves one row. The counter
 * moves with the row, in the same statement, and only when a row was added or removed; the
 * event goes with them. `votes` is the item's count once the vote is written.
 */
export function setVote(db: Database, userId: string, target: VoteTarget, voted: boolean): Promise<VoteResult> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new VoteWriter(db);
    writers.set(db, writer);
  }
  return writer.submit(userId, target, voted);
}

/** Votes and followers move to the surviving item of a merge; a person who voted on both counts once. */
export async function moveVotesAndFollows(
  tx: Transaction,
  sourceId: string,
  targetId: string,
  now: Date,
): Promise<void> {
  await tx.execute(sql`
    insert into ${votes} (item_id, user_id, created_at)
    select ${targetId}, user_id, created_at from ${votes} where item_id = ${sourceId}
    on conflict do nothing`);
  await tx.delete(votes).where(eq(votes.itemId, sourceId));
  await tx.execute(sql`
    insert into ${follows} (item_id, user_id, created_at)
    select ${targetId}, user_id, created_at from ${follows} where item_id = ${sourceId}
    on conflict do nothing`);
  await tx
    .update(items)
    .set({ voteCount: sql`(select count(*)::int from ${votes} where ${votes.itemId} = ${targetId})`, updatedAt: now })
    .where(eq(items.id, targetId));
  await tx.update(items).set({ voteCount: 0 }).where(eq(items.id, sourceId));
}

export async function setFollow(db: Database, userId: string, itemId: string, following: boolean): Promise<void> {
  if (following) {
    await db.insert(follows).values({ itemId, userId }).onConflictDoNothing();
  } else {
    await db.delete(follows).where(and(eq(follows.itemId, itemId), eq(follows.userId, userId)));
  }
}
