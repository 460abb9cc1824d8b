import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "#app/utils/env.server";

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected parseEnv to throw an EnvError");
}

describe("parseEnv", () => {
  it("bounds how long start-up waits for the database", () => {
    expect(parseEnv({ DATABASE_WAIT_SECONDS: "0" }).DATABASE_WAIT_SECONDS).toBe(0);
    expect(() => parseEnv({ DATABASE_WAIT_SECONDS: "-1" })).toThrow(/DATABASE_WAIT_SECONDS/);
  });

  it("fills in every default for an empty environment", () => {
    const env = parseEnv({});
    // toMatchObject: variables added later keep their own tests.
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_POOL_MAX: 10,
      DATABASE_WAIT_SECONDS: 60,
      PGLITE_DATA_DIR: "./.data/pglite",
      TRUST_PROXY: false,
      SEED_DEMO_DATA: "auto",
      LOG_LEVEL: "info",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBeUndefined();
  });

  it("runs one web process and a one-second render cache unless told otherwise", () => {
    expect(parseEnv({})).toMatchObject({ WEB_CONCURRENCY: 1, RENDER_CACHE_TTL_MS: 1000 });
    expect(parseEnv({ WEB_CONCURRENCY: "auto", RENDER_CACHE_TTL_MS: "0" })).toMatchObject({
      WEB_CONCURRENCY: "auto",
      RENDER_CACHE_TTL_MS: 0,
    });
    expect(parseEnv({ WEB_CONCURRENCY: "4" }).WEB_CONCURRENCY).toBe(4);
  });

  it("shows times in Rome unless APP_TIME_ZONE names another zone, and names a zone that does not exist", () => {
    expect(parseEnv({}).APP_TIME_ZONE).toBe("Europe/Rome");
    expect(parseEnv({ APP_TIME_ZONE: "Europe/Lisbon" }).APP_TIME_ZONE).toBe("Europe/Lisbon");
    expect(envError({ APP_TIME_ZONE: "Europe/Atlantis" }).message).toContain(
      'APP_TIME_ZONE: must be an IANA time zone, e.g. Europe/Rome (got "Europe/Atlantis")',
    );
  });

  it("names a bad number of web processes or cache lifetime and what it should be", () => {
    expect(envError({ WEB_CONCURRENCY: "0" }).message).toContain(
      "WEB_CONCURRENCY: must be a number from 1 to 64, or auto",
    );
    expect(envError({ WEB_CONCURRENCY: "many" }).message).toContain("WEB_CONCURRENCY");
    expect(envError({ RENDER_CACHE_TTL_MS: "-5" }).message).toContain("RENDER_CACHE_TTL_MS");
  });

  it("reads and converts the values it is given", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgresql://app@db:5432/floorboard",
      DATABASE_POOL_MAX: "25",
      PGLITE_DATA_DIR: "/var/lib/floorboard",
      PUBLIC_URL: "https://floorboard.example.it",
      TRUST_PROXY: "true",
      SEED_DEMO_DATA: "never",
      LOG_LEVEL: "warn",
    });
    expect(env).toMatchObject({
      NODE_ENV: "production",
      PORT: 8080,
      HOST: "127.0.0.1",
      DATABASE_URL: "postgresql://app@db:5432/floorboard",
      DATABASE_POOL_MAX: 25,
      PGLITE_DATA_DIR: "/var/lib/floorboard",
      PUBLIC_URL: "https://floorboard.example.it",
      TRUST_PROXY: true,
      SEED_DEMO_DATA: "never",
      LOG_LEVEL: "warn",
    });
  });

  it("accepts postgres:// as well as postgresql://", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1/test" }).DATABASE_URL).toBe(
      "postgres://postgres@127.0.0.1/test",
    );
  });

  it("treats empty DATABASE_URL and PUBLIC_URL as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PUBLIC_URL: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBeUndefined();
  });

  it.each([
    ["true", true],
    ["1", true],
    ["false", false],
    ["0", false],
    ["", false],
  ])("reads TRUST_PROXY=%j as %s", (value, expected) => {
    expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toBe(expected);
  });

  it("reads ZENDESK_WEBHOOK_SECRET, treating an empty or blank one as unset", () => {
    expect(parseEnv({ ZENDESK_WEBHOOK_SECRET: " s3cret " }).ZENDESK_WEBHOOK_SECRET).toBe("s3cret");
    expect(parseEnv({ ZENDESK_WEBHOOK_SECRET: "  " }).ZENDESK_WEBHOOK_SECRET).toBeUndefined();
    expect(parseEnv({}).ZENDESK_WEBHOOK_SECRET).toBeUndefined();
  });

  it("ignores variables it does not know", () => {
    expect(parseEnv({ PATH: "/usr/bin", HOME: "/root" })).not.toHaveProperty("PATH");
  });

  it("names PORT when it is not a number", () => {
    const error = envError({ PORT: "abc" });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^\s*PORT: /m);
    expect(error.message).toContain('"abc"');
    expect(error.message).not.toMatch(/DATABASE_URL/);
  });

  it.each(["0", "70000", "3000.5"])("refuses PORT=%s", (port) => {
    expect(envError({ PORT: port }).message).toMatch(/^\s*PORT: /m);
  });

  it("names DATABASE_URL when it is not a PostgreSQL URL", () => {
    const error = envError({ DATABASE_URL: "mysql://root@localhost/floorboard" });
    expect(error.message).toMatch(/^\s*DATABASE_URL: /m);
    expect(error.message).toContain("postgres://");
    expect(error.message).toContain("mysql://root@localhost/floorboard");
  });

  it("names every bad variable at once", () => {
    const error = envError({ PORT: "abc", DATABASE_URL: "mysql://x", LOG_LEVEL: "verbose", PUBLIC_URL: "not a url" });
    for (const name of ["PORT", "DATABASE_URL", "LOG_LEVEL", "PUBLIC_URL"]) {
      expect(error.message).toMatch(new RegExp(`^\\s*${name}: `, "m"));
    }
  });

  it.each([
    ["NODE_ENV", "staging"],
    ["SEED_DEMO_DATA", "always"],
    ["TRUST_PROXY", "yes"],
    ["DATABASE_POOL_MAX", "0"],
  ])("refuses %s=%s", (name, value) => {
    expect(envError({ [name]: value }).message).toMatch(new RegExp(`^\\s*${name}: `, "m"));
  });
});
