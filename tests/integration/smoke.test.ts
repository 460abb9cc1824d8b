import { describe, expect, it } from "vitest";
import { loader as healthz } from "#app/routes/healthz";
import { countActiveAdmins } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { createUser } from "#tests/factories/index";

describe("test database", () => {
  it("starts each test empty and migrated", async () => {
    expect(await countActiveAdmins(getDb())).toBe(0);
    await createUser({ role: "admin" });
    expect(await countActiveAdmins(getDb())).toBe(1);
  });

  it("was truncated after the previous test", async () => {
    expect(await countActiveAdmins(getDb())).toBe(0);
  });

  it("answers the health check", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
