import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { users, type EmailMode } from "#db/schema/index";

// 32 random bytes in base64url.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Gives each of these people an unsubscribe token if they have none yet (first email). */
export async function ensureUnsubscribeTokens(db: Queryable, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const missing = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), isNull(users.unsubscribeToken)));
  for (const { id } of missing) {
    // The IS NULL guard keeps the first token if another instance set one meanwhile.
    await db
      .update(users)
      .set({ unsubscribeToken: randomBytes(32).toString("base64url") })
      .where(and(eq(users.id, id), isNull(users.unsubscribeToken)));
  }
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/unsubscribe/${encodeURIComponent(token)}`;
}

/** The person an unsubscribe link belongs to, or undefined for an unknown token. */
export async function findUnsubscribeTarget(
  db: Queryable,
  token: string,
): Promise<{ emailMode: EmailMode } | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const [row] = await db
    .select({ emailMode: users.emailMode })
    .from(users)
    .where(eq(users.unsubscribeToken, token))
    .limit(1);
  return row;
}

/** Turns every email off for the link's owner; false for an unknown token. */
export async function unsubscribeByToken(db: Queryable, token: string, now = new Date()): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const rows = await db
    .update(users)
    .set({ emailMode: "off", updatedAt: now })
    .where(eq(users.unsubscribeToken, token))
    .returning({ id: users.id });
  return rows.length > 0;
}
