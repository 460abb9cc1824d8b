import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signIn } from "#app/auth/sign-in.server";
import {
  ADDRESS_FREE_FAILURES,
  PAIR_FREE_FAILURES,
  accountKey,
  clearFailures,
  ipKey,
  pairKey,
  recordFailure,
  secondsUntilAllowed,
} from "#app/auth/throttle.server";
import { getDb } from "#db/client.server";
import { authThrottle, users } from "#db/schema/index";
import { TEST_PASSWORD, createUser } from "#tests/factories/index";

const now = new Date("2026-03-02T09:00:00Z");
const seconds = (n: number) => new Date(now.getTime() + n * 1000);

async function counter(key: string) {
  const [row] = await getDb().select().from(authThrottle).where(eq(authThrottle.key, key));
  return row;
}

describe("signIn", () => {
  it("signs in with the right password", async () => {
    const user = await createUser({ email: "giulia.rossi@example.it" });
    const result = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" },
      now,
    );
    expect(result).toEqual({ ok: true, userId: user.id, deviceToken: expect.any(String) });
  });

  it("finds the account whatever the case and spacing of the email", async () => {
    const user = await createUser({ email: "giulia.rossi@example.it" });
    const result = await signIn(
      getDb(),
      { email: "  Giulia.Rossi@Example.IT ", password: TEST_PASSWORD, ip: "10.0.0.1" },
      now,
    );
    expect(result).toMatchObject({ ok: true, userId: user.id });
  });

  it("gives a wrong password and an unknown email exactly the same answer", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const wrongPassword = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: "not the password", ip: "10.0.0.1" },
      now,
    );
    const unknownEmail = await signIn(
      getDb(),
      { email: "nobody@example.it", password: TEST_PASSWORD, ip: "10.0.0.2" },
      now,
    );
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("counts failures for unknown emails just like for known ones", async () => {
    await signIn(getDb(), { email: "nobody@example.it", password: "x", ip: "10.0.0.2" }, now);
    expect((await counter(pairKey("nobody@example.it", "10.0.0.2")))?.failures).toBe(1);
    expect((await counter(accountKey("nobody@example.it")))?.failures).toBe(1);
    expect((await counter(ipKey("10.0.0.2")))?.failures).toBe(1);
  });

  it("does not sign in with the password of another account", async () => {
    await createUser({ email: "a@example.it", password: "password of a, long" });
    await createUser({ email: "b@example.it", password: "password of b, long" });
    expect(
      await signIn(getDb(), { email: "a@example.it", password: "password of b, long", ip: "10.0.0.1" }, now),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("throttles an account from one address after 5 failures; the right password from elsewhere goes through", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const attempt = (password: string, at = now, ip = "10.0.0.1") =>
      signIn(getDb(), { email: "giulia.rossi@example.it", password, ip }, at);
    for (let i = 1; i < PAIR_FREE_FAILURES; i += 1) {
      expect(await attempt(`wrong ${i}`)).toEqual({ ok: false, reason: "invalid" });
    }
    // The 5th failure uses up the free attempts.
    const fifth = await attempt("wrong 5");
    expect(fifth.ok).toBe(false);

    // From that address, even the right password waits, and is told how long.
    expect(await attempt(TEST_PASSWORD, seconds(1))).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 29 });
    // From another address the account is not locked: someone else's guesses lock no one out.
    expect(await attempt(TEST_PASSWORD, seconds(1), "10.9.9.9")).toMatchObject({ ok: true });

    // Once the wait is over, the right password works and clears the counter.
    expect(await attempt(TEST_PASSWORD, seconds(31))).toMatchObject({ ok: true });
    expect(await counter(pairKey("giulia.rossi@example.it", "10.0.0.1"))).toBeUndefined();
  });

  it("lets a browser that signed in before through with the right password, whoever is guessing from its address", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const first = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" },
      now,
    );
    if (!first.ok) throw new Error("expected a sign-in");
    for (let i = 0; i < 20; i += 1)
      await signIn(
        getDb(),
        { email: "giulia.rossi@example.it", password: `guess ${i}`, ip: "10.0.0.1" },
        seconds(i * 100),
      );
    const guess = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: "one more", ip: "10.0.0.1" },
      seconds(2_001),
    );
    expect(guess).toMatchObject({ ok: false, reason: "throttled" });
    // Her own browser, with its device cookie, is not held up.
    const mine = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "10.0.0.1", deviceToken: first.deviceToken },
      seconds(2_001),
    );
    expect(mine).toMatchObject({ ok: true, deviceToken: first.deviceToken });
    // A made-up or another account's device cookie counts for nothing.
    expect(
      await signIn(
        getDb(),
        { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "10.0.0.1", deviceToken: "x".repeat(43) },
        seconds(2_001),
      ),
    ).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("doubles the wait for each further failure", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    const attempt = (password: string, at: Date) =>
      signIn(getDb(), { email: "giulia.rossi@example.it", password, ip: "10.0.0.1" }, at);
    for (let i = 0; i < PAIR_FREE_FAILURES; i += 1) await attempt("wrong", now);
    expect(await attempt("wrong", seconds(31))).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 60 });
    expect(await attempt("wrong", seconds(92))).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 120 });
  });

  it("does not count attempts refused while throttled", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    for (let i = 0; i < PAIR_FREE_FAILURES; i += 1) {
      await signIn(getDb(), { email: "giulia.rossi@example.it", password: "wrong", ip: "10.0.0.1" }, now);
    }
    for (let i = 0; i < 3; i += 1) {
      await signIn(getDb(), { email: "giulia.rossi@example.it", password: "wrong", ip: "10.0.0.1" }, seconds(1));
    }
    expect((await counter(pairKey("giulia.rossi@example.it", "10.0.0.1")))?.failures).toBe(PAIR_FREE_FAILURES);
  });

  it("holds an address back only after 1000 failures across emails, and then not a browser that signed in before", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    await createUser({ email: "marco.bianchi@example.it" });
    const before = await signIn(
      getDb(),
      { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "192.0.2.7" },
      now,
    );
    if (!before.ok) throw new Error("expected a sign-in");
    // An hour of an office's worth of failures, short of the limit, changes nothing.
    await getDb()
      .insert(authThrottle)
      .values({ key: ipKey("192.0.2.7"), failures: ADDRESS_FREE_FAILURES - 2, lastFailureAt: now });
    expect(await signIn(getDb(), { email: "guess-1@example.it", password: "guess", ip: "192.0.2.7" }, now)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      await signIn(getDb(), { email: "marco.bianchi@example.it", password: TEST_PASSWORD, ip: "192.0.2.7" }, now),
    ).toMatchObject({ ok: true });
    await signIn(getDb(), { email: "guess-2@example.it", password: "guess", ip: "192.0.2.7" }, now);
    expect((await counter(ipKey("192.0.2.7")))?.failures).toBe(ADDRESS_FREE_FAILURES);

    // A browser new to the account waits, and is told how long…
    const fresh = await signIn(
      getDb(),
      { email: "marco.bianchi@example.it", password: TEST_PASSWORD, ip: "192.0.2.7" },
      seconds(1),
    );
    expect(fresh).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 29 });
    // …but one that signed in before goes straight through.
    expect(
      await signIn(
        getDb(),
        { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "192.0.2.7", deviceToken: before.deviceToken },
        seconds(1),
      ),
    ).toMatchObject({ ok: true });

    // Other addresses are not affected.
    expect(
      await signIn(
        getDb(),
        { email: "marco.bianchi@example.it", password: TEST_PASSWORD, ip: "198.51.100.1" },
        seconds(1),
      ),
    ).toMatchObject({
      ok: true,
    });
  });

  it("clears the account-and-address counter on success but keeps the account and address counters", async () => {
    await createUser({ email: "giulia.rossi@example.it" });
    for (let i = 0; i < 3; i += 1) {
      await signIn(getDb(), { email: "giulia.rossi@example.it", password: "wrong", ip: "10.0.0.1" }, now);
    }
    expect((await counter(pairKey("giulia.rossi@example.it", "10.0.0.1")))?.failures).toBe(3);
    expect(
      await signIn(getDb(), { email: "giulia.rossi@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" }, now),
    ).toMatchObject({
      ok: true,
    });
    expect(await counter(pairKey("giulia.rossi@example.it", "10.0.0.1"))).toBeUndefined();
    // An attacker who also has an account of their own cannot wipe the wide counts by signing in.
    expect((await counter(accountKey("giulia.rossi@example.it")))?.failures).toBe(3);
    expect((await counter(ipKey("10.0.0.1")))?.failures).toBe(3);

    // The free failures start again from zero.
    for (let i = 1; i < PAIR_FREE_FAILURES; i += 1) {
      expect(
        await signIn(getDb(), { email: "giulia.rossi@example.it", password: "wrong", ip: "10.0.0.1" }, now),
      ).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("refuses a deactivated account with the right password", async () => {
    const user = await createUser({ email: "gone@example.it" });
    await getDb().update(users).set({ deactivatedAt: now }).where(eq(users.id, user.id));
    expect(await signIn(getDb(), { email: "gone@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" }, now)).toEqual({
      ok: false,
      reason: "deactivated",
    });
  });

  it("does not reveal that a deactivated account exists to a wrong password", async () => {
    const user = await createUser({ email: "gone@example.it" });
    await getDb().update(users).set({ deactivatedAt: now }).where(eq(users.id, user.id));
    expect(await signIn(getDb(), { email: "gone@example.it", password: "wrong", ip: "10.0.0.1" }, now)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("throttle counters", () => {
  it("starts again from one after an hour without failures", async () => {
    const entry = [{ key: "email:x@example.it", freeFailures: 5 }];
    for (let i = 0; i < 4; i += 1) await recordFailure(getDb(), entry, now);
    expect((await counter("email:x@example.it"))?.failures).toBe(4);
    await recordFailure(getDb(), entry, seconds(60 * 60 + 1));
    expect((await counter("email:x@example.it"))?.failures).toBe(1);
    expect(await secondsUntilAllowed(getDb(), ["email:x@example.it"], seconds(60 * 60 + 1))).toBe(0);
  });

  it("reports the longest wait among the keys", async () => {
    for (let i = 0; i < 6; i += 1) await recordFailure(getDb(), [{ key: "email:a@example.it", freeFailures: 5 }], now);
    for (let i = 0; i < 5; i += 1) await recordFailure(getDb(), [{ key: "ip:10.0.0.1", freeFailures: 5 }], now);
    expect(await secondsUntilAllowed(getDb(), ["email:a@example.it"], now)).toBe(60);
    expect(await secondsUntilAllowed(getDb(), ["ip:10.0.0.1"], now)).toBe(30);
    expect(await secondsUntilAllowed(getDb(), ["email:a@example.it", "ip:10.0.0.1"], now)).toBe(60);
    expect(await secondsUntilAllowed(getDb(), ["email:a@example.it", "ip:10.0.0.1"], seconds(61))).toBe(0);
    expect(await secondsUntilAllowed(getDb(), ["email:unknown@example.it"], now)).toBe(0);
  });

  it("rounds a partial second up, so a wait is never reported as zero", async () => {
    for (let i = 0; i < 5; i += 1) await recordFailure(getDb(), [{ key: "ip:10.0.0.9", freeFailures: 5 }], now);
    expect(await secondsUntilAllowed(getDb(), ["ip:10.0.0.9"], new Date(now.getTime() + 29_500))).toBe(1);
  });

  it("does not lose counts when failures arrive at once", async () => {
    const entry = [{ key: "ip:203.0.113.5", freeFailures: 100 }];
    await Promise.all(Array.from({ length: 10 }, () => recordFailure(getDb(), entry, now)));
    expect((await counter("ip:203.0.113.5"))?.failures).toBe(10);
  });

  it("clears only the key it is given", async () => {
    await recordFailure(
      getDb(),
      [
        { key: "email:a@example.it", freeFailures: 5 },
        { key: "ip:10.0.0.1", freeFailures: 30 },
      ],
      now,
    );
    await clearFailures(getDb(), "email:a@example.it");
    expect(await counter("email:a@example.it")).toBeUndefined();
    expect(await counter("ip:10.0.0.1")).toBeDefined();
  });
});
