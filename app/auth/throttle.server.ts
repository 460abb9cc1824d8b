import { createHash } from "node:crypto";
import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { authThrottle } from "#db/schema/index";

/*
 * Sign-in throttling that slows guessing without shutting out anyone who knows their password:
 *
 * - A browser that has signed in to an account before (it holds that account's device cookie)
 *   is counted on its own: nobody else's failures, from any address, ever make it wait.
 * - Any other attempt counts against its account and address together (the pair), and against
 *   two wide counters with limits far above honest failure rates: the account from every
 *   address, and the address for every account (an office of hundreds behind one NAT).
 * - Failures beyond the free ones make the next attempt wait 30 s, then 60, 120… up to 15 min;
 *   the person is told how long.
 */

/** Failures allowed before each further attempt must wait. */
export const PAIR_FREE_FAILURES = 5;
export const DEVICE_FREE_FAILURES = 5;
export const ACCOUNT_FREE_FAILURES = 50;
export const ADDRESS_FREE_FAILURES = 1000;
/** A device cookie vouches for its browser this long after its last sign-in. */
const DEVICE_TRUST_DAYS = 180;
const MAX_DELAY_SECONDS = 15 * 60;
/** Counters older than this start again from zero. */
const WINDOW_SECONDS = 60 * 60;
const BASE_DELAY_SECONDS = 30;

const normalised = (email: string) => email.trim().toLowerCase();

export function accountKey(email: string) {
  return `account:${normalised(email)}`;
}

export function ipKey(ip: string) {
  return `ip:${ip}`;
}

export function pairKey(email: string, ip: string) {
  return `pair:${normalised(email)}|${ip}`;
}

/** The device cookie is stored hashed, like every other token. */
export function deviceKey(email: string, deviceToken: string) {
  return `device:${normalised(email)}|${createHash("sha256").update(deviceToken).digest("hex")}`;
}

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
          failures: sql`case when ${or(isNull(authThrottle.lastFailureAt), lt(authThrottle.lastFailureAt, windowStart))} then 1 else ${authThrottle.failures} + 1 end`,
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

/** Whether this device key signed in successfully within the trust period. */
export async function isTrustedDevice(db: Database, key: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - DEVICE_TRUST_DAYS * 24 * 60 * 60 * 1000);
  const [row] = await db
    .select({ key: authThrottle.key })
    .from(authThrottle)
    .where(and(eq(authThrottle.key, key), gt(authThrottle.lastSuccessAt, since)))
    .limit(1);
  return Boolean(row);
}

/** Records a successful sign-in from this device: its counter starts again, its trust is renewed. */
export async function trustDevice(db: Database, key: string, now = new Date()): Promise<void> {
  await db
    .insert(authThrottle)
    .values({ key, failures: 0, lastSuccessAt: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: { failures: 0, lastFailureAt: null, lockedUntil: null, lastSuccessAt: now },
    });
}
