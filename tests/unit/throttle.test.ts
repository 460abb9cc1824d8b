import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FREE_FAILURES,
  ADDRESS_FREE_FAILURES,
  DEVICE_FREE_FAILURES,
  PAIR_FREE_FAILURES,
  accountKey,
  delayAfterFailures,
  deviceKey,
  ipKey,
  pairKey,
} from "#app/auth/throttle.server";

describe("delayAfterFailures", () => {
  it("allows the free failures without any wait", () => {
    for (let failures = 0; failures < PAIR_FREE_FAILURES; failures += 1) {
      expect(delayAfterFailures(failures, PAIR_FREE_FAILURES)).toBe(0);
    }
  });

  it("doubles the wait from 30 seconds once the free failures are used up", () => {
    expect(delayAfterFailures(5, 5)).toBe(30);
    expect(delayAfterFailures(6, 5)).toBe(60);
    expect(delayAfterFailures(7, 5)).toBe(120);
    expect(delayAfterFailures(8, 5)).toBe(240);
    expect(delayAfterFailures(9, 5)).toBe(480);
  });

  it("never waits more than 15 minutes", () => {
    expect(delayAfterFailures(10, 5)).toBe(900);
    expect(delayAfterFailures(50, 5)).toBe(900);
    expect(delayAfterFailures(10_000, 5)).toBe(900);
  });

  it("counts from the threshold it is given", () => {
    expect(delayAfterFailures(999, ADDRESS_FREE_FAILURES)).toBe(0);
    expect(delayAfterFailures(1000, ADDRESS_FREE_FAILURES)).toBe(30);
    expect(delayAfterFailures(1001, ADDRESS_FREE_FAILURES)).toBe(60);
  });

  it("grows monotonically", () => {
    let previous = 0;
    for (let failures = 0; failures < 40; failures += 1) {
      const delay = delayAfterFailures(failures, 5);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it("allows 5 failures per account and address together, per known browser, 50 per account and 1000 per address", () => {
    expect(PAIR_FREE_FAILURES).toBe(5);
    expect(DEVICE_FREE_FAILURES).toBe(5);
    expect(ACCOUNT_FREE_FAILURES).toBe(50);
    expect(ADDRESS_FREE_FAILURES).toBe(1000);
  });
});

describe("throttle keys", () => {
  it("counts an account whatever the case or spacing of the email", () => {
    expect(accountKey("  Giulia.Rossi@Example.IT ")).toBe("account:giulia.rossi@example.it");
    expect(accountKey("giulia.rossi@example.it")).toBe(accountKey("GIULIA.ROSSI@EXAMPLE.IT"));
    expect(pairKey(" Giulia.Rossi@Example.IT", "10.0.0.1")).toBe("pair:giulia.rossi@example.it|10.0.0.1");
  });

  it("keeps accounts and addresses apart", () => {
    expect(ipKey("10.0.0.1")).toBe("ip:10.0.0.1");
    expect(accountKey("10.0.0.1")).not.toBe(ipKey("10.0.0.1"));
  });

  it("stores a device under a hash of its cookie, per account", () => {
    const token = "a-device-token-of-forty-three-characters-xx";
    expect(deviceKey("giulia.rossi@example.it", token)).toMatch(/^device:giulia\.rossi@example\.it\|[0-9a-f]{64}$/);
    expect(deviceKey("giulia.rossi@example.it", token)).not.toContain(token);
    expect(deviceKey("marco@example.it", token)).not.toBe(deviceKey("giulia.rossi@example.it", token));
  });
});
