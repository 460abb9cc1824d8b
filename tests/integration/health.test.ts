import { describe, expect, it, vi } from "vitest";
import { loader as healthz } from "#app/routes/healthz";
import { setDatabaseHandle, type Database, type DatabaseHandle } from "#db/client.server";
import { getTestDatabase } from "#tests/setup/test-database";

describe("/healthz", () => {
  it("answers 200 and is never cached when the database answers", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { status: string; database: string; ms: number };
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(body.ms).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 when the database does not", async () => {
    const unreachable = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    };
    const broken = { driver: "postgres", db: { execute: unreachable } as unknown as Database, close: async () => {} };
    setDatabaseHandle(broken as unknown as DatabaseHandle);
    const output = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ status: "error", database: "unreachable" });
      const logged = output.mock.calls.map(([chunk]) => String(chunk)).join("");
      expect(logged).toContain("health check failed");
      expect(logged).toContain("ECONNREFUSED");
    } finally {
      output.mockRestore();
      setDatabaseHandle(await getTestDatabase());
    }
  });

  it("answers 503 within a second when the database hangs", async () => {
    const hanging = () => new Promise(() => {});
    const stuck = { driver: "postgres", db: { execute: hanging } as unknown as Database, close: async () => {} };
    setDatabaseHandle(stuck as unknown as DatabaseHandle);
    const output = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const started = Date.now();
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      output.mockRestore();
      setDatabaseHandle(await getTestDatabase());
    }
  });
});
