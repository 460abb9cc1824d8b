import type { Database } from "#db/client.server";
import { findUserByEmail } from "#app/services/users.server";
import { getDummyHash, verifyPassword } from "./password.server";
import {
  ACCOUNT_FREE_FAILURES,
  IP_FREE_FAILURES,
  accountKey,
  clearFailures,
  ipKey,
  recordFailure,
  secondsUntilAllowed,
} from "./throttle.server";

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "deactivated" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a password. An unknown email and a wrong password take the same path (a full
 * argon2 verification and the same counters), so neither message nor timing tells them apart.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const keys = [accountKey(input.email), ipKey(input.ip)];
  const wait = await secondsUntilAllowed(db, keys, now);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !valid) {
    await recordFailure(
      db,
      [
        { key: keys[0]!, freeFailures: ACCOUNT_FREE_FAILURES },
        { key: keys[1]!, freeFailures: IP_FREE_FAILURES },
      ],
      now,
    );
    const locked = await secondsUntilAllowed(db, keys, now);
    return locked > 0 ? { ok: false, reason: "throttled", retryAfterSeconds: locked } : { ok: false, reason: "invalid" };
  }
  await clearFailures(db, keys[0]!);
  if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
  return { ok: true, userId: user.id };
}
