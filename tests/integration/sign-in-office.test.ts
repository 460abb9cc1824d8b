import { describe, expect, it, vi } from "vitest";
import { signIn, type SignInResult } from "#app/auth/sign-in.server";
import { ADDRESS_FREE_FAILURES, PAIR_FREE_FAILURES } from "#app/auth/throttle.server";
import { getDb } from "#db/client.server";
import { TEST_PASSWORD, createUser } from "#tests/factories/index";

// Throttling is what is under test: a cheap stand-in for argon2 keeps 2,000 sign-ins fast.
vi.mock("#app/auth/password.server", () => ({
  hashPassword: (password: string) => Promise.resolve(`test:${password}`),
  verifyPassword: (hash: string, password: string) => Promise.resolve(hash === `test:${password}`),
  getDummyHash: () => Promise.resolve("test:dummy-never-matches\u0000"),
}));

const OFFICE = "203.0.113.10";
const PEOPLE = 300;
const morning = new Date("2026-03-03T08:00:00Z");
const at = (seconds: number) => new Date(morning.getTime() + seconds * 1000);

describe("an office of 300 behind one address, while an attacker guesses from it", () => {
  it("lets every person with the right password in, and holds the attacker to a handful of guesses per account", async () => {
    const people = [];
    for (let i = 0; i < PEOPLE; i += 1) people.push(await createUser({ email: `agente.${i}@example.it` }));
    // Yesterday everyone signed in from the office: each browser holds its device cookie.
    const devices = new Map<string, string>();
    for (const person of people) {
      const result = await signIn(
        getDb(),
        { email: person.email, password: TEST_PASSWORD, ip: OFFICE },
        new Date(morning.getTime() - 86_400_000),
      );
      if (!result.ok) throw new Error(`yesterday's sign-in failed for ${person.email}`);
      devices.set(person.email, result.deviceToken);
    }

    const victim = people[0]!;
    const attacker: SignInResult[] = [];
    const atVictim: SignInResult[] = [];
    let guess = 0;
    const attack = async (second: number) => {
      guess += 1;
      // One guess in five at one named account, the rest sprayed over everyone's addresses.
      const email = guess % 5 === 0 ? victim.email : `agente.${guess % PEOPLE}@example.it`;
      const result = await signIn(getDb(), { email, password: `Password${guess}!`, ip: OFFICE }, at(second));
      (email === victim.email ? atVictim : attacker).push(result);
    };

    const outcomes: SignInResult[] = [];
    for (let i = 0; i < PEOPLE; i += 1) {
      const second = i * 10; // the whole office within the hour
      for (let k = 0; k < 6; k += 1) await attack(second);
      const person = people[i]!;
      const device = devices.get(person.email);
      // One in ten mistypes first.
      if (i % 10 === 3) {
        expect(
          await signIn(
            getDb(),
            { email: person.email, password: "wrong password", ip: OFFICE, deviceToken: device },
            at(second),
          ),
        ).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      outcomes.push(
        await signIn(
          getDb(),
          { email: person.email, password: TEST_PASSWORD, ip: OFFICE, deviceToken: device },
          at(second + 1),
        ),
      );
    }

    // Every one of the 300 got in at once, the victim included.
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(PEOPLE);

    // The attacker, 1,800 tries: against the named account only the free failures, then waits.
    const verifiedAtVictim = atVictim.filter((result) => !result.ok && result.reason === "invalid").length;
    expect(verifiedAtVictim).toBeLessThanOrEqual(PAIR_FREE_FAILURES);
    const waits = [...atVictim, ...attacker].flatMap((result) =>
      !result.ok && result.reason === "throttled" ? [result.retryAfterSeconds] : [],
    );
    expect(waits.length).toBeGreaterThan(0);
    for (const wait of waits) expect(wait).toBeGreaterThan(0);
    // Sprayed over the office: no more than the address allows in an hour, then each try waits.
    const verifiedSpray = attacker.filter((result) => !result.ok && result.reason === "invalid").length;
    expect(verifiedSpray).toBeLessThanOrEqual(ADDRESS_FREE_FAILURES + 10);
    expect(attacker.some((result) => result.ok)).toBe(false);
    expect(atVictim.some((result) => result.ok)).toBe(false);
    // About 2,400 sign-ins: some 10 s alone, longer on a busy machine.
  }, 120_000);
});
