import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resources } from "#app/i18n/config";
import { action, loader } from "#app/routes/admin.api-keys";
import * as meRoute from "#app/routes/api.v1.me";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { apiScopes } from "#app/services/api-scopes";
import { setUserActive } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { apiKeys, auditLog } from "#db/schema/index";
import { createKey } from "#tests/factories/api";
import { createUser, sessionCookie } from "#tests/factories/index";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";
import { apiErrorOf, callApi } from "#tests/support/api";

async function keyRow(id: string) {
  const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

async function auditRows(action: string) {
  return getDb().select().from(auditLog).where(eq(auditLog.action, action));
}

/** Every text column of every table, to prove a secret is stored nowhere. */
async function databaseContains(text: string): Promise<boolean> {
  const result = await getDb().execute<{ found: boolean }>(sql`
    select exists (
      select 1 from api_keys where name = ${text} or prefix = ${text} or token_hash = ${text} or ${text} = any(scopes)
      union all
      select 1 from audit_log where details::text like ${`%${text}%`}
    ) as found`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: Array<{ found: boolean }> }).rows;
  return Boolean(rows[0]?.found);
}

function postForm(cookie: string, entries: Array<[string, string]>) {
  const request = new Request("http://localhost:3000/admin/api-keys", {
    method: "POST",
    headers: { cookie, "x-floorboard-remote-addr": "10.0.0.7" },
    body: new URLSearchParams(entries),
  });
  return runRoute(() => action({ request, params: {}, context: {} }));
}

async function adminWithCookie() {
  const admin = await createUser({ role: "admin", name: "Giulia Admin" });
  return { admin, cookie: await sessionCookie(admin.id) };
}

describe("API keys: the service", () => {
  it("returns the plain key once and stores only its SHA-256", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await createApiKey(
      getDb(),
      { id: admin.id },
      { name: "Zendesk", scopes: ["items:write", "items:read"] },
    );

    expect(created.key).toMatch(/^fb_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    expect(created.scopes).toEqual(["items:read", "items:write"]);
    const row = await keyRow(created.id);
    expect(row).toMatchObject({
      name: "Zendesk",
      prefix: created.prefix,
      createdById: admin.id,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(row?.tokenHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(await databaseContains(created.key)).toBe(false);
    // The check above can see a stored secret: the hash, which is stored, is found.
    expect(await databaseContains(row!.tokenHash)).toBe(true);
  });

  it("makes a different key every time", async () => {
    const admin = await createUser({ role: "admin" });
    const a = await createKey(admin);
    const b = await createKey(admin);
    expect(a.key).not.toBe(b.key);
    expect((await keyRow(a.id))?.tokenHash).not.toBe((await keyRow(b.id))?.tokenHash);
  });

  it("writes an audit row for creating and for revoking, without the key", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await createApiKey(
      getDb(),
      { id: admin.id, ip: "10.0.0.1" },
      { name: "Script", scopes: ["items:read"] },
    );
    const [create] = await auditRows("api_key.create");
    expect(create).toMatchObject({
      actorId: admin.id,
      ip: "10.0.0.1",
      targetType: "api_key",
      targetId: created.id,
      details: { name: "Script", prefix: created.prefix, scopes: ["items:read"] },
    });
    expect(JSON.stringify(create)).not.toContain(created.key);

    expect(await revokeApiKey(getDb(), { id: admin.id }, created.id)).toBe(true);
    expect(await revokeApiKey(getDb(), { id: admin.id }, created.id)).toBe(false);
    const revokes = await auditRows("api_key.revoke");
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({
      actorId: admin.id,
      targetId: created.id,
      details: { name: "Script", prefix: created.prefix },
    });
    expect((await keyRow(created.id))?.revokedAt).toBeInstanceOf(Date);
  });

  it("refuses to create a key without a known scope, and writes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    await expect(
      createApiKey(getDb(), { id: admin.id }, { name: "Nothing", scopes: ["items:delete"] }),
    ).rejects.toThrow(/scope/);
    expect(await getDb().select().from(apiKeys)).toEqual([]);
    expect(await auditRows("api_key.create")).toEqual([]);
  });

  it("authenticates a key with the person it acts for, and not a revoked or unknown one", async () => {
    const admin = await createUser({ role: "admin", name: "Marco Admin" });
    const created = await createKey(admin, ["items:read"]);
    const found = await authenticateApiKey(getDb(), created.key);
    expect(found).toMatchObject({
      id: created.id,
      scopes: ["items:read"],
      user: { id: admin.id, name: "Marco Admin", role: "admin" },
    });

    expect(await authenticateApiKey(getDb(), `${created.key}x`)).toBeNull();
    expect(await authenticateApiKey(getDb(), created.key.slice(3))).toBeNull();
    await revokeApiKey(getDb(), { id: admin.id }, created.id);
    expect(await authenticateApiKey(getDb(), created.key)).toBeNull();
  });

  it("revokes a key when the admin who created it is deactivated, for good: reactivation does not bring it back", async () => {
    const creator = await createUser({ role: "admin" });
    const other = await createUser({ role: "admin" });
    const created = await createKey(creator);
    const alreadyRevoked = await createKey(creator);
    const revokedAt = new Date("2030-01-01T00:00:00Z");
    await revokeApiKey(getDb(), { id: creator.id }, alreadyRevoked.id, revokedAt);
    const othersKey = await createKey(other);
    await setUserActive(getDb(), { id: other.id }, { userId: creator.id, active: false });
    expect(await authenticateApiKey(getDb(), created.key)).toBeNull();
    expect((await keyRow(created.id))?.revokedAt).toBeInstanceOf(Date);
    expect((await keyRow(alreadyRevoked.id))?.revokedAt).toEqual(revokedAt);
    await setUserActive(getDb(), { id: other.id }, { userId: creator.id, active: true });
    expect(await authenticateApiKey(getDb(), created.key)).toBeNull();
    expect(await authenticateApiKey(getDb(), othersKey.key)).not.toBeNull();
  });

  it("records the last use at most once a minute", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await createKey(admin);
    const t0 = new Date("2030-03-01T09:00:00Z");
    await authenticateApiKey(getDb(), created.key, t0);
    expect((await keyRow(created.id))?.lastUsedAt).toEqual(t0);
    await authenticateApiKey(getDb(), created.key, new Date(t0.getTime() + 30_000));
    expect((await keyRow(created.id))?.lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await authenticateApiKey(getDb(), created.key, later);
    expect((await keyRow(created.id))?.lastUsedAt).toEqual(later);
  });

  it("lists active keys first, newest first, with who created them and never the hash", async () => {
    const admin = await createUser({ role: "admin", name: "Sara Admin" });
    const old = await createApiKey(
      getDb(),
      { id: admin.id },
      { name: "Old", scopes: ["items:read"] },
      new Date("2030-01-01T00:00:00Z"),
    );
    await createApiKey(
      getDb(),
      { id: admin.id },
      { name: "New", scopes: ["tickets:write"] },
      new Date("2030-02-01T00:00:00Z"),
    );
    const revoked = await createApiKey(
      getDb(),
      { id: admin.id },
      { name: "Gone", scopes: ["items:read"] },
      new Date("2030-03-01T00:00:00Z"),
    );
    await revokeApiKey(getDb(), { id: admin.id }, revoked.id);
    const listed = await listApiKeys(getDb());
    expect(listed.map((key) => [key.name, key.createdByName, key.revokedAt !== null])).toEqual([
      ["New", "Sara Admin", false],
      ["Old", "Sara Admin", false],
      ["Gone", "Sara Admin", true],
    ]);
    expect(listed.find((key) => key.id === old.id)?.scopes).toEqual(["items:read"]);
    expect(Object.keys(listed[0]!)).not.toContain("tokenHash");
  });
});

describe("API keys: the admin page", () => {
  it("lists keys for admins and answers 403 to agents and managers", async () => {
    const { admin, cookie } = await adminWithCookie();
    const created = await createKey(admin, ["items:read"], "Reporting");
    const result = await runRoute(() =>
      loader({ request: makeRequest("/admin/api-keys", { cookie }), params: {}, context: {} }),
    );
    expect(result.status).toBe(200);
    const { keys } = result.data as { keys: Array<{ name: string; prefix: string; scopes: string[] }> };
    expect(keys).toEqual([
      expect.objectContaining({ name: "Reporting", prefix: created.prefix, scopes: ["items:read"] }),
    ]);
    expect(JSON.stringify(result.data)).not.toContain(created.key);

    for (const role of ["agent", "manager"] as const) {
      const user = await createUser({ role });
      const userCookie = await sessionCookie(user.id);
      const denied = await runRoute(() =>
        loader({ request: makeRequest("/admin/api-keys", { cookie: userCookie }), params: {}, context: {} }),
      );
      expect(denied.status, role).toBe(403);
    }
  });

  it("creates a key, shows it once, and stores it hashed with an audit row", async () => {
    const { admin, cookie } = await adminWithCookie();
    const result = await postForm(cookie, [
      ["intent", "create"],
      ["name", "  Zendesk sync  "],
      ["scopes", "items:read"],
      ["scopes", "items:write"],
    ]);
    expect(result.status).toBe(200);
    const created = (result.data as { created: { name: string; key: string } }).created;
    expect(created.name).toBe("Zendesk sync");
    expect(created.key).toMatch(/^fb_/);

    const [row] = await getDb().select().from(apiKeys);
    expect(row).toMatchObject({
      name: "Zendesk sync",
      scopes: ["items:read", "items:write"],
      createdById: admin.id,
      prefix: created.key.slice(0, 10),
    });
    expect(row?.tokenHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(await databaseContains(created.key)).toBe(false);

    // Shown once: the page, loaded again, never carries the key.
    const page = await runRoute(() =>
      loader({ request: makeRequest("/admin/api-keys", { cookie }), params: {}, context: {} }),
    );
    expect(JSON.stringify(page.data)).not.toContain(created.key);
    expect(JSON.stringify(page.data)).toContain(created.key.slice(0, 10));

    const audit = await auditRows("api_key.create");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, ip: "10.0.0.7", targetId: row!.id });

    // The key works at once, as its creator.
    const me = await callApi(meRoute, "/api/v1/me", { apiKey: created.key });
    expect(me).toMatchObject({ status: 200, body: { id: admin.id } });
  });

  it("reads a single ticked scope as a list", async () => {
    const { cookie } = await adminWithCookie();
    const result = await postForm(cookie, [
      ["intent", "create"],
      ["name", "Ticket import"],
      ["scopes", "tickets:write"],
    ]);
    expect(result.status).toBe(200);
    const [row] = await getDb().select().from(apiKeys);
    expect(row?.scopes).toEqual(["tickets:write"]);
  });

  it("refuses a form without a scope, with an unknown scope or with a bad name, and creates nothing", async () => {
    const { cookie } = await adminWithCookie();
    const cases: Array<[Array<[string, string]>, string, string]> = [
      [[["name", "Script"]], "scopes", "api:errors.scopesRequired"],
      [
        [
          ["name", "Script"],
          ["scopes", "items:delete"],
        ],
        "scopes[0]",
        "api:errors.scopeInvalid",
      ],
      [
        [
          ["name", "X"],
          ["scopes", "items:read"],
        ],
        "name",
        "api:errors.nameLength",
      ],
      [
        [
          ["name", "x".repeat(61)],
          ["scopes", "items:read"],
        ],
        "name",
        "api:errors.nameLength",
      ],
      [[["scopes", "items:read"]], "name", "validation:required"],
    ];
    for (const [entries, field, key] of cases) {
      const result = await postForm(cookie, [["intent", "create"], ...entries]);
      expect(result.status, key).toBe(400);
      const errors = fieldErrors((result.data as { create: unknown }).create);
      expect(errors[field], JSON.stringify(errors)).toEqual([key]);
      expect(result.data).not.toHaveProperty("created");
    }
    expect(await getDb().select().from(apiKeys)).toEqual([]);
    expect(await auditRows("api_key.create")).toEqual([]);
  });

  it("revokes a key: the API refuses it afterwards and the audit log has the row", async () => {
    const { admin, cookie } = await adminWithCookie();
    const created = await createKey(admin);
    expect((await callApi(meRoute, "/api/v1/me", { apiKey: created.key })).status).toBe(200);

    const result = await postForm(cookie, [
      ["intent", "revoke"],
      ["keyId", created.id],
    ]);
    expect(result).toMatchObject({ status: 200, data: { revoked: created.id } });
    expect((await keyRow(created.id))?.revokedAt).toBeInstanceOf(Date);
    expect(await auditRows("api_key.revoke")).toEqual([
      expect.objectContaining({ actorId: admin.id, targetId: created.id }),
    ]);

    const refused = await callApi(meRoute, "/api/v1/me", { apiKey: created.key });
    expect(refused.status).toBe(401);
    expect(apiErrorOf(refused).code).toBe("invalid_api_key");

    const again = await postForm(cookie, [
      ["intent", "revoke"],
      ["keyId", created.id],
    ]);
    expect(again).toMatchObject({
      status: 400,
      data: { formError: { intent: "revoke", message: "api:errors.revokeFailed", target: created.id } },
    });
    expect(await auditRows("api_key.revoke")).toHaveLength(1);
  });

  it("lets one admin revoke a key another admin created", async () => {
    const creator = await createUser({ role: "admin" });
    const { admin, cookie } = await adminWithCookie();
    const created = await createKey(creator);
    const result = await postForm(cookie, [
      ["intent", "revoke"],
      ["keyId", created.id],
    ]);
    expect(result.status).toBe(200);
    expect((await auditRows("api_key.revoke"))[0]?.actorId).toBe(admin.id);
  });

  it("answers 403 to an agent or a manager who posts the forms, and changes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const existing = await createKey(admin);
    for (const role of ["agent", "manager"] as const) {
      const user = await createUser({ role });
      const cookie = await sessionCookie(user.id);
      const create = await postForm(cookie, [
        ["intent", "create"],
        ["name", "Mine"],
        ["scopes", "items:read"],
      ]);
      expect(create.status, role).toBe(403);
      const revoke = await postForm(cookie, [
        ["intent", "revoke"],
        ["keyId", existing.id],
      ]);
      expect(revoke.status, role).toBe(403);
    }
    expect(await getDb().select().from(apiKeys)).toHaveLength(1);
    expect((await keyRow(existing.id))?.revokedAt).toBeNull();
    expect(await auditRows("api_key.revoke")).toEqual([]);
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const result = await runRoute(() => loader({ request: makeRequest("/admin/api-keys"), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/admin/api-keys" })}`);
  });

  it("answers 400 to an unknown intent", async () => {
    const { cookie } = await adminWithCookie();
    const result = await postForm(cookie, [["intent", "delete"]]);
    expect(result.status).toBe(400);
    expect(result.thrown).toBe(true);
  });

  it("has every text of the page and its errors in both languages", () => {
    const keys = [
      "nav",
      "errors.nameLength",
      "errors.scopesRequired",
      "errors.scopeInvalid",
      "errors.revokeFailed",
      ...apiScopes.flatMap((scope) => [
        `scopes.${scope.replace(":", ".")}.label`,
        `scopes.${scope.replace(":", ".")}.hint`,
      ]),
    ];
    for (const locale of ["en", "it"] as const) {
      for (const key of keys) {
        const value = key
          .split(".")
          .reduce<unknown>(
            (node, part) => (node as Record<string, unknown> | undefined)?.[part],
            resources[locale].api,
          );
        expect(typeof value, `${locale} api:${key}`).toBe("string");
      }
    }
  });
});
