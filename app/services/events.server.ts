import { asc, eq, gt, lt, sql } from "drizzle-orm";
import { queryRows, type Queryable } from "#db/client.server";
import { comments, events, type EventRow } from "#db/schema/index";

export const EVENTS_CHANNEL = "floorboard_events";
/** Events are kept this long for replay after a network drop or a restart. */
const EVENTS_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Taken by every transaction that writes an event, just before it commits: event ids then
 * commit in the order they were handed out, so a reader that has seen id N has seen every
 * committed id below N, and "everything after Last-Event-ID" never skips a late commit.
 */
export const EVENTS_LOCK_KEY = 7_240_518;

export const eventTypes = [
  "item.created",
  "item.updated",
  "item.voted",
  "item.status",
  "comment.created",
  "comment.edited",
  "comment.deleted",
  "comment.hidden",
  "comment.unhidden",
  "cluster.updated",
  "import.progress",
  "display.updated",
  "display.revoked",
  "session.ended",
  "user.role_changed",
] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * A person's access changed: a session ended (sign out, sign out everywhere, deactivation) or
 * their role did. Never sent to clients; every open stream of that person re-checks its own
 * session on it, in every app instance, and closes if it may no longer receive what it did.
 */
export const accessEventTypes: ReadonlySet<string> = new Set<EventType>(["session.ended", "user.role_changed"]);

export function accessEvent(type: "session.ended" | "user.role_changed", userId: string): NewEvent {
  return { type, payload: { userId } };
}

export type NewEvent = {
  type: EventType;
  itemId?: string | null;
  commentId?: string | null;
  /** For filtering displays by team and tag; never sent to clients. */
  teamId?: string | null;
  tags?: readonly string[];
  /** What clients receive, with `type`. Never an anonymous author's name, never comment text. */
  payload: Record<string, unknown>;
};

/**
 * Writes the event in the caller's transaction and NOTIFYs its id, which PostgreSQL only
 * delivers if the transaction commits: a rolled-back change leaves neither row nor signal.
 * Call it last in the transaction, since it holds the ordering lock until commit.
 */
export async function recordEvent(tx: Queryable, event: NewEvent): Promise<number> {
  // One statement: take the ordering lock, insert, notify. The lock is held until commit,
  // so every round trip after it would lengthen the section all writers queue for.
  const tags = event.tags?.length
    ? sql`array[${sql.join(
        event.tags.map((tag) => sql`${tag}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
  const [row] = await queryRows<{ id: string | number }>(
    tx,
    sql`with inserted as (
      insert into events (type, item_id, comment_id, team_id, tags, payload)
      select ${event.type}, ${event.itemId ?? null}::uuid, ${event.commentId ?? null}::uuid, ${event.teamId ?? null}::uuid, ${tags}, ${JSON.stringify(event.payload)}::jsonb
      from (select pg_advisory_xact_lock(${EVENTS_LOCK_KEY})) as ordering
      returning id
    )
    select id, pg_notify(${EVENTS_CHANNEL}, id::text) from inserted`,
  );
  if (!row) throw new Error("insert returned no row");
  return Number(row.id);
}

type ItemForEvent = {
  id: string;
  number: number;
  teamId: string | null;
  tags: readonly string[];
};

/** The event of an item change, carrying the item's team and tags for display filters. */
export function itemEvent(type: EventType, item: ItemForEvent, payload: Record<string, unknown> = {}): NewEvent {
  return {
    type,
    itemId: item.id,
    teamId: item.teamId,
    tags: item.tags,
    payload: { id: item.id, number: item.number, ...payload },
  };
}

/** An event as the live hub and the replay read it: the row, and whether its comment has gone. */
export type StoredEvent = EventRow & { commentGone: boolean };

/** Events after `afterId`, oldest first. */
export async function loadEventsAfter(db: Queryable, afterId: number, limit = 1000): Promise<StoredEvent[]> {
  const rows = await db
    .select({
      event: events,
      hiddenAt: comments.hiddenAt,
      deletedAt: comments.deletedAt,
    })
    .from(events)
    .leftJoin(comments, eq(comments.id, events.commentId))
    .where(gt(events.id, afterId))
    .orderBy(asc(events.id))
    .limit(limit);
  return rows.map((row) => ({
    ...row.event,
    commentGone: Boolean(row.event.commentId && (row.hiddenAt || row.deletedAt)),
  }));
}

/** The newest event id (0 when there is none) and the oldest one still kept. */
export async function eventBounds(db: Queryable): Promise<{ newest: number; oldest: number | null }> {
  const [row] = await db
    .select({ newest: sql<string | null>`max(${events.id})`, oldest: sql<string | null>`min(${events.id})` })
    .from(events);
  return { newest: Number(row?.newest ?? 0), oldest: row?.oldest == null ? null : Number(row.oldest) };
}

/** Deletes events older than the retention; returns how many went. */
export async function pruneEvents(db: Queryable, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - EVENTS_RETENTION_MS);
  const deleted = await db.delete(events).where(lt(events.createdAt, cutoff)).returning({ id: events.id });
  return deleted.length;
}
