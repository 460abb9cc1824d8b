import { desc, eq, lt } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { auditLog, users } from "#db/schema/index";

/** The audit action of an anonymous item: written without an actor, so it names no one. */
export const ANONYMOUS_ITEM_ACTION = "item.create_anonymous";

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

export async function writeAudit(db: Queryable, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated by id. */
export async function listAudit(db: Queryable, options: { before?: number } = {}) {
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      createdAt: auditLog.createdAt,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(options.before ? lt(auditLog.id, options.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const entries = rows
    .slice(0, AUDIT_PAGE_SIZE)
    .map((row) => ({ ...row, anonymousActor: row.action === ANONYMOUS_ITEM_ACTION }));
  return { entries, nextBefore: hasMore ? entries.at(-1)?.id : undefined };
}
