import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FREE_FAILURES,
  IP_FREE_FAILURES,
  accountKey,
  delayAfterFailures,
  ipKey,
} from "#app/auth/throttle.server";

describe("delayAfterFailures", () => {
  it("allows the free failures without any wait", () => {
    for (let failures = 0; failures < ACCOUNT_FREE_FAILURES; failures += 1) {
      expect(delayAfterFailures(failures, ACCOUNT_FREE_FAILURES)).toBe(0);
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
    expect(delayAfterFailures(29, IP_FREE_FAILURES)).toBe(0);
    expect(delayAfterFailures(30, IP_FREE_FAILURES)).toBe(30);
    expect(delayAfterFailures(31, IP_FREE_FAILURES)).toBe(60);
  });

  it("grows monotonically", () => {
    let previous = 0;
    for (let failures = 0; failures < 40; failures += 1) {
      const delay = delayAfterFailures(failures, 5);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it("uses 5 failures per account and 30 per address", () => {
    expect(ACCOUNT_FREE_FAILURES).toBe(5);
    expect(IP_FREE_FAILURES).toBe(30);
  });
});

describe("throttle keys", () => {
  it("counts an account whatever the case or spacing of the email", () => {
    expect(accountKey("  Giulia.Rossi@Example.IT ")).toBe("email:giulia.rossi@example.it");
    expect(accountKey("giulia.rossi@example.it")).toBe(accountKey("GIULIA.ROSSI@EXAMPLE.IT"));
  });

  it("keeps accounts and addresses apart", () => {
    expect(ipKey("10.0.0.1")).toBe("ip:10.0.0.1");
    expect(accountKey("10.0.0.1")).not.toBe(ipKey("10.0.0.1"));
  });
});
