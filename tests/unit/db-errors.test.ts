import { describe, expect, it } from "vitest";
import { describeError, isDataError, isUnavailableError } from "#db/errors.server";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const failedQuery = (cause: Error) =>
  new Error('Failed query: insert into "tickets" values ($1)\nparams: secret row data', { cause });

describe("database errors", () => {
  it("tells bad input from an outage, through drizzle's wrapper", () => {
    expect(isDataError(failedQuery(withCode("unsupported Unicode escape sequence", "22P05")))).toBe(true);
    expect(isDataError(withCode("new row violates check constraint", "23514"))).toBe(true);
    expect(isDataError(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(false);
    expect(isUnavailableError(failedQuery(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")))).toBe(true);
    expect(isUnavailableError(withCode("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(isUnavailableError(withCode("too many clients", "53300"))).toBe(true);
    expect(isUnavailableError(withCode("value out of range", "22003"))).toBe(false);
  });

  it("describes a failed query without its SQL or parameters", () => {
    const text = describeError(failedQuery(withCode("unsupported Unicode escape sequence", "22P05")));
    expect(text).toBe("22P05: unsupported Unicode escape sequence");
    expect(text).not.toMatch(/insert|params|secret/);
  });
});
