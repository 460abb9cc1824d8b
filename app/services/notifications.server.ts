import { and, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { follows, items, notifications, users, type NotificationType } from "#db/schema/index";

export type NewNotification = {
  type: NotificationType;
  itemId?: string | null;
  commentId?: string | null;
  /** Null hides who did it (anonymous authors). */
  actorId?: string | null;
  data?: Record<string, unknown>;
};

/** One notification per recipient; the person who acted is never told about their own act. */
export async function notify(
  db: Queryable,
  recipients: Iterable<string>,
  notification: NewNotification,
  options: { exclude?: string | null; now?: Date } = {},
): Promise<number> {
  const ids = [...new Set(recipients)].filter((id) => id !== options.exclude);
  if (ids.length === 0) return 0;
  await db.insert(notifications).values(
    ids.map((userId) => ({
      userId,
      type: notification.type,
      itemId: notification.itemId ?? null,
      commentId: notification.commentId ?? null,
      actorId: notification.actorId ?? null,
      data: notification.data ?? {},
      createdAt: options.now ?? new Date(),
    })),
  );
  return ids.length;
}

export async function followerIds(db: Queryable, itemId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: follows.userId })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(and(eq(follows.itemId, itemId), isNull(users.deactivatedAt)));
  return rows.map((row) => row.userId);
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

const NOTIFICATION_PAGE_SIZE = 30;

export async function listNotifications(db: Queryable, userId: string, options: { before?: number } = {}) {
  const rows = await db
    .select({
      id: notifications.id,
      type: notifications.type,
      data: notifications.data,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actorName: users.name,
      itemNumber: items.number,
      itemTitle: items.title,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(items, eq(items.id, notifications.itemId))
    .where(and(eq(notifications.userId, userId), options.before ? lt(notifications.id, options.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATION_PAGE_SIZE + 1);
  const page = rows.slice(0, NOTIFICATION_PAGE_SIZE);
  return { notifications: page, nextBefore: rows.length > NOTIFICATION_PAGE_SIZE ? page.at(-1)?.id : undefined };
}

/** Marks the given notifications (or all) read; only the owner's rows are touched. */
export async function markRead(db: Queryable, userId: string, ids: number[] | "all", now = new Date()): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : ids.length ? inArray(notifications.id, ids) : sql`false`,
      ),
    );
}
