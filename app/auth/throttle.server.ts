import { inArray, lt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { authThrottle } from "#db/schema/index";

/** Failures allowed before each further attempt must wait. */
export const ACCOUNT_FREE_FAILURES = 5;
export const IP_FREE_FAILURES = 30;
const MAX_DELAY_SECONDS = 15 * 60;
/** Counters older than this start again from zero. */
const WINDOW_SECONDS = 60 * 60;

export function accountKey(email: string) {
  return `email:${email.trim().toLowerCase()}`;
}

export function ipKey(ip: string) {
  return `ip:${ip}`;
}

const BASE_DELAY_SECONDS = 30;

/** Exponential delay once the free failures are used up: 30 s, then 60, 120… up to 15 min. */
export function delayAfterFailures(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - freeFailures));
}

/** Seconds to wait before another attempt is allowed for any of the keys (0: go ahead). */
export async function secondsUntilAllowed(db: Database, keys: string[], now = new Date()): Promise<number> {
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
  let wait = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) {
      wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordFailure(
  db: Database,
  entries: Array<{ key: string; freeFailures: number }>,
  now = new Date(),
): Promise<void> {
  for (const { key, freeFailures } of entries) {
    const windowStart = new Date(now.getTime() - WINDOW_SECONDS * 1000);
    // One statement, so concurrent failures cannot lose a count.
    const [row] = await db
      .insert(authThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          // lt() encodes the Date through the column; a bare Date in sql`` fails on postgres.js.
          failures: sql`case when ${lt(authThrottle.lastFailureAt, windowStart)} then 1 else ${authThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: authThrottle.failures });
    const delay = delayAfterFailures(row?.failures ?? 1, freeFailures);
    if (delay > 0) {
      await db
        .update(authThrottle)
        .set({ lockedUntil: new Date(now.getTime() + delay * 1000) })
        .where(sql`${authThrottle.key} = ${key}`);
    }
  }
}

export async function clearFailures(db: Database, key: string): Promise<void> {
  await db.delete(authThrottle).where(sql`${authThrottle.key} = ${key}`);
}
