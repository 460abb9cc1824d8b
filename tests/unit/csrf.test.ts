import { describe, expect, it } from "vitest";
import { isAllowedOrigin, type OriginCheckInput } from "#app/server/csrf";

function check(overrides: Partial<OriginCheckInput>): boolean {
  return isAllowedOrigin({
    method: "POST",
    origin: undefined,
    referer: undefined,
    host: "floorboard.local:3000",
    scheme: "http",
    publicUrl: undefined,
    hasSessionCookie: true,
    ...overrides,
  });
}

describe("isAllowedOrigin", () => {
  it("accepts a same-origin POST", () => {
    expect(check({ origin: "http://floorboard.local:3000" })).toBe(true);
  });

  it("refuses a cross-origin POST", () => {
    expect(check({ origin: "https://evil.example" })).toBe(false);
    // Same host name on another port is another origin.
    expect(check({ origin: "http://floorboard.local:4000" })).toBe(false);
    expect(check({ origin: "http://floorboard.local:3000.evil.example" })).toBe(false);
  });

  it.each(["PUT", "PATCH", "DELETE", "post"])("checks %s like POST", (method) => {
    expect(check({ method, origin: "https://evil.example" })).toBe(false);
    expect(check({ method, origin: "http://floorboard.local:3000" })).toBe(true);
  });

  it.each(["GET", "HEAD", "OPTIONS", "get"])("always allows %s", (method) => {
    expect(check({ method, origin: "https://evil.example" })).toBe(true);
    expect(check({ method, origin: "null" })).toBe(true);
    expect(check({ method })).toBe(true);
  });

  it("accepts the PUBLIC_URL host when the Host header differs (behind a proxy)", () => {
    expect(
      check({
        host: "10.0.0.7:3000",
        publicUrl: "https://floorboard.example.it",
        origin: "https://floorboard.example.it",
      }),
    ).toBe(true);
    expect(
      check({ host: "10.0.0.7:3000", publicUrl: "https://floorboard.example.it", origin: "https://evil.example" }),
    ).toBe(false);
  });

  it("compares the scheme too: an https page is another site than the http one", () => {
    expect(check({ origin: "https://floorboard.local:3000" })).toBe(false);
    expect(check({ referer: "https://floorboard.local:3000/board" })).toBe(false);
    expect(check({ scheme: "https", origin: "http://floorboard.local:3000" })).toBe(false);
    // Behind a TLS proxy the scheme is the forwarded one.
    expect(check({ scheme: "https", host: "floorboard.example.it", origin: "https://floorboard.example.it" })).toBe(
      true,
    );
    expect(
      check({
        host: "10.0.0.7:3000",
        publicUrl: "https://floorboard.example.it",
        origin: "http://floorboard.example.it",
      }),
    ).toBe(false);
  });

  it("treats a default port and no port as the same origin", () => {
    expect(check({ host: "floorboard.local:80", origin: "http://floorboard.local" })).toBe(true);
    expect(check({ scheme: "https", host: "floorboard.local", origin: "https://floorboard.local:443" })).toBe(true);
  });

  it("compares hosts without regard to case", () => {
    expect(check({ host: "Floorboard.Local:3000", origin: "http://FLOORBOARD.local:3000" })).toBe(true);
  });

  it("falls back to Referer when Origin is missing", () => {
    expect(check({ referer: "http://floorboard.local:3000/admin/users?q=rossi" })).toBe(true);
    expect(check({ referer: "https://evil.example/floorboard.local:3000" })).toBe(false);
  });

  it("refuses a request with neither Origin nor Referer that carries a session cookie", () => {
    expect(check({ hasSessionCookie: true })).toBe(false);
  });

  it("allows a request with neither Origin nor Referer and no session cookie", () => {
    expect(check({ hasSessionCookie: false })).toBe(true);
  });

  it('refuses the opaque "null" origin', () => {
    expect(check({ origin: "null", hasSessionCookie: true })).toBe(false);
    expect(check({ origin: "null", hasSessionCookie: false })).toBe(false);
    expect(check({ origin: "null", referer: "https://evil.example/page" })).toBe(false);
  });

  it("refuses an Origin or Referer that is not a URL", () => {
    expect(check({ origin: "floorboard.local:3000" })).toBe(false);
    expect(check({ referer: "not a url" })).toBe(false);
  });

  it("refuses everything cross-site when the Host header is missing and no PUBLIC_URL is set", () => {
    expect(check({ host: undefined, origin: "http://floorboard.local:3000" })).toBe(false);
  });
});
