import { and, asc, count, eq, ilike, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { apiKeys, sessions, teams, users, type EmailMode, type UserLocale, type UserRole } from "#db/schema/index";
import { firstFreeHandle, handleFromName } from "#app/utils/handle";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { accessEvent, recordEvent } from "./events.server";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Queryable, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normaliseEmail(email)}`)
    .limit(1);
  return user;
}

export async function getUser(db: Queryable, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)));
  return row?.n ?? 0;
}

/**
 * Locks the active admins' rows for the rest of the transaction, so that two admins
 * demoting or deactivating each other at once cannot both pass the last-admin check.
 */
async function lockActiveAdmins(tx: Queryable): Promise<void> {
  await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)))
    .for("update");
}

export type NewUser = {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  teamId: string | null;
  locale?: UserLocale | null;
};

async function freeHandle(db: Queryable, name: string): Promise<string> {
  const base = handleFromName(name);
  const taken = await db
    .select({ handle: users.handle })
    .from(users)
    .where(sql`lower(${users.handle}) like ${`${base.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return firstFreeHandle(
    base,
    taken.map((row) => row.handle),
  );
}

export async function insertUser(db: Queryable, input: NewUser) {
  const [user] = await db
    .insert(users)
    .values({ ...input, email: normaliseEmail(input.email), handle: await freeHandle(db, input.name) })
    .returning();
  if (!user) throw new Error("insert returned no row");
  return user;
}

/** People for the admin list, filtered by a search over name and email. */
export async function listUsers(db: Queryable, options: { query?: string; limit?: number } = {}) {
  const query = options.query?.trim();
  const pattern = query ? `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return (
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        teamId: users.teamId,
        teamName: teams.name,
        deactivatedAt: users.deactivatedAt,
        lastSeenAt: users.lastSeenAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .leftJoin(teams, eq(teams.id, users.teamId))
      .where(pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined)
      // Active people first: PostgreSQL sorts NULL last unless told otherwise.
      .orderBy(sql`${users.deactivatedAt} asc nulls first`, asc(users.name))
      .limit(options.limit ?? 200)
  );
}

export type UserChangeResult = { ok: true } | { ok: false; error: "notFound" | "lastAdmin" | "self" | "teamInvalid" };

export async function updateUserRoleAndTeam(
  db: Database,
  actor: Actor,
  input: { userId: string; role: UserRole; teamId: string | null },
): Promise<UserChangeResult> {
  return db.transaction(async (tx) => {
    await lockActiveAdmins(tx);
    const user = await getUser(tx, input.userId);
    if (!user) return { ok: false, error: "notFound" } as const;
    if (input.teamId && !(await isActiveTeam(tx, input.teamId))) return { ok: false, error: "teamInvalid" } as const;
    if (user.role === "admin" && input.role !== "admin" && !user.deactivatedAt) {
      if ((await countActiveAdmins(tx)) <= 1) return { ok: false, error: "lastAdmin" } as const;
    }
    await tx
      .update(users)
      .set({ role: input.role, teamId: input.teamId, updatedAt: new Date() })
      .where(eq(users.id, input.userId));
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "user.update",
      targetType: "user",
      targetId: user.id,
      details: {
        email: user.email,
        from: { role: user.role, teamId: user.teamId },
        to: { role: input.role, teamId: input.teamId },
      },
    });
    // Open streams re-check what they may receive; last, as it takes the events' ordering lock.
    if (user.role !== input.role) await recordEvent(tx, accessEvent("user.role_changed", user.id));
    return { ok: true } as const;
  });
}

/** Deactivating ends every session at once and revokes the person's API keys; they can no longer sign in. */
export async function setUserActive(
  db: Database,
  actor: Actor,
  input: { userId: string; active: boolean },
): Promise<UserChangeResult> {
  if (input.userId === actor.id && !input.active) return { ok: false, error: "self" };
  return db.transaction(async (tx) => {
    await lockActiveAdmins(tx);
    const user = await getUser(tx, input.userId);
    if (!user) return { ok: false, error: "notFound" } as const;
    if (!input.active && user.role === "admin" && !user.deactivatedAt && (await countActiveAdmins(tx)) <= 1) {
      return { ok: false, error: "lastAdmin" } as const;
    }
    await tx
      .update(users)
      .set({ deactivatedAt: input.active ? null : new Date(), updatedAt: new Date() })
      .where(eq(users.id, user.id));
    let revokedKeys = 0;
    if (!input.active) {
      await tx.delete(sessions).where(eq(sessions.userId, user.id));
      // Revoked, not just suspended: reactivating the person must not bring old keys back.
      const revoked = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.createdById, user.id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      revokedKeys = revoked.length;
    }
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: input.active ? "user.reactivate" : "user.deactivate",
      targetType: "user",
      targetId: user.id,
      details: input.active ? { email: user.email } : { email: user.email, revokedApiKeys: revokedKeys },
    });
    // Last in the transaction (it takes the events' ordering lock): open streams close.
    if (!input.active) await recordEvent(tx, accessEvent("session.ended", user.id));
    return { ok: true } as const;
  });
}

export async function updateProfile(
  db: Queryable,
  userId: string,
  input: { name?: string; locale?: UserLocale | null; emailMode?: EmailMode },
): Promise<void> {
  await db
    .update(users)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

// When this process last recorded each person as seen: skips the query on most page loads.
const lastTouched = new Map<string, number>();
const TOUCH_INTERVAL_MS = 60_000;

export async function touchLastSeen(db: Queryable, userId: string, now = new Date()): Promise<void> {
  const previous = lastTouched.get(userId);
  if (previous !== undefined && now.getTime() - previous >= 0 && now.getTime() - previous < TOUCH_INTERVAL_MS) return;
  if (lastTouched.size > 50_000) lastTouched.clear();
  lastTouched.set(userId, now.getTime());
  // At most one write a minute per person, across processes too.
  await db
    .update(users)
    .set({ lastSeenAt: now })
    .where(
      and(eq(users.id, userId), or(isNull(users.lastSeenAt), lt(users.lastSeenAt, new Date(now.getTime() - 60_000)))),
    );
}

/** `currentSessionKey`: the stored key of the session asking (see app/auth/session-adapter.server.ts). */
export async function countOtherSessions(db: Queryable, userId: string, currentSessionKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionKey)));
  return row?.n ?? 0;
}

export async function isActiveTeam(db: Queryable, teamId: string): Promise<boolean> {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, teamId), isNull(teams.archivedAt)))
    .limit(1);
  return Boolean(team);
}

/** Active people who can own an item, by name. */
export async function listAssignableUsers(db: Queryable) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(isNull(users.deactivatedAt))
    .orderBy(asc(users.name));
}

/** Active people whose handle or name starts with what follows an "@", for the mention suggestions. */
export async function suggestMentions(db: Queryable, query: string, limit = 6) {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  if (!q) return [];
  return db
    .select({ handle: users.handle, name: users.name })
    .from(users)
    .where(
      and(
        isNull(users.deactivatedAt),
        or(ilike(users.handle, `${q}%`), ilike(users.name, `${q}%`), ilike(users.name, `% ${q}%`)),
      ),
    )
    .orderBy(asc(users.name))
    .limit(limit);
}

/** The people a set of "@handles" name (deactivated ones too: an old mention still means them). */
export async function findPeopleByHandles(db: Queryable, handles: string[]) {
  if (handles.length === 0) return [];
  return db
    .select({ handle: sql<string>`lower(${users.handle})`, name: users.name })
    .from(users)
    .where(inArray(sql`lower(${users.handle})`, handles));
}
