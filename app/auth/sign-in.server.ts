import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { findUserByEmail } from "#app/services/users.server";
import { getDummyHash, verifyPassword } from "./password.server";
import {
  ACCOUNT_FREE_FAILURES,
  ADDRESS_FREE_FAILURES,
  DEVICE_FREE_FAILURES,
  PAIR_FREE_FAILURES,
  accountKey,
  clearFailures,
  deviceKey,
  ipKey,
  isTrustedDevice,
  pairKey,
  recordFailure,
  secondsUntilAllowed,
  trustDevice,
} from "./throttle.server";

export type SignInResult =
  /** `deviceToken`: for the device cookie, so this browser is never held up by others' failures. */
  | { ok: true; userId: string; deviceToken: string }
  | { ok: false; reason: "invalid" | "deactivated" }
  /** The password was right, but passwords are kept for admins (PASSWORD_SIGN_IN=admins). */
  | { ok: false; reason: "passwordOff" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a password. An unknown email and a wrong password take the same path (a full
 * argon2 verification and the same counters), so neither message nor timing tells them apart.
 * Throttling is described in throttle.server.ts.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; ip: string; deviceToken?: string | null; adminsOnly?: boolean },
  now = new Date(),
): Promise<SignInResult> {
  const device = input.deviceToken ? deviceKey(input.email, input.deviceToken) : null;
  const trusted = device !== null && (await isTrustedDevice(db, device, now));
  const counters = trusted
    ? [{ key: device, freeFailures: DEVICE_FREE_FAILURES }]
    : [
        { key: pairKey(input.email, input.ip), freeFailures: PAIR_FREE_FAILURES },
        { key: accountKey(input.email), freeFailures: ACCOUNT_FREE_FAILURES },
        { key: ipKey(input.ip), freeFailures: ADDRESS_FREE_FAILURES },
      ];
  const keys = counters.map((counter) => counter.key);
  const wait = await secondsUntilAllowed(db, keys, now);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !valid) {
    await recordFailure(db, counters, now);
    const locked = await secondsUntilAllowed(db, keys, now);
    return locked > 0
      ? { ok: false, reason: "throttled", retryAfterSeconds: locked }
      : { ok: false, reason: "invalid" };
  }
  if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
  if (input.adminsOnly && user.role !== "admin") return { ok: false, reason: "passwordOff" };
  // The wide counters stay: signing in to one's own account must not wipe an attacker's count.
  if (!trusted) await clearFailures(db, pairKey(input.email, input.ip));
  const deviceToken = trusted && input.deviceToken ? input.deviceToken : randomBytes(32).toString("base64url");
  await trustDevice(db, deviceKey(input.email, deviceToken), now);
  return { ok: true, userId: user.id, deviceToken };
}
