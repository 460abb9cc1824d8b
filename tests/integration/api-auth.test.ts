import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as splatRoute from "#app/routes/api.v1.$";
import * as itemsRoute from "#app/routes/api.v1.items";
import * as meRoute from "#app/routes/api.v1.me";
import * as voteRoute from "#app/routes/api.v1.items.$id.vote";
import { sessionKey } from "#app/auth/session.server";
import { revokeApiKey } from "#app/services/api-keys.server";
import { setUserActive } from "#app/services/users.server";
import { apiRoute } from "#app/api/route.server";
import { getLogger } from "#app/utils/logger.server";
import { getDb } from "#db/client.server";
import { apiKeys, items, sessions } from "#db/schema/index";
import { createKey } from "#tests/factories/api";
import { createUser, sessionCookie } from "#tests/factories/index";
import { apiErrorOf, callApi } from "#tests/support/api";

const newItem = { title: "Script di chiusura chiamata troppo lungo", kind: "idea", area: "process" };

describe("API authentication", () => {
  it("GET /api/v1/me answers for a browser session", async () => {
    const agent = await createUser({ role: "agent", name: "Luca Bianchi", email: "luca@example.it" });
    const result = await callApi(meRoute, "/api/v1/me", { cookie: await sessionCookie(agent.id) });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      id: agent.id,
      name: "Luca Bianchi",
      email: "luca@example.it",
      role: "agent",
      locale: null,
    });
    expect(result.headers.get("cache-control")).toBe("no-store");
  });

  it("GET /api/v1/me answers for an API key, as the admin who created it", async () => {
    const admin = await createUser({ role: "admin", name: "Anna Admin" });
    const { key, id } = await createKey(admin, ["items:read"]);
    const result = await callApi(meRoute, "/api/v1/me", { apiKey: key });
    expect(result).toMatchObject({ status: 200, body: { id: admin.id, name: "Anna Admin", role: "admin" } });
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("lets any valid key ask who it is, whatever its scopes", async () => {
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(admin, ["tickets:write"]);
    expect((await callApi(meRoute, "/api/v1/me", { apiKey: key })).status).toBe(200);
    // …but that key cannot read items.
    const items = await callApi(itemsRoute, "/api/v1/items", { apiKey: key });
    expect(items.status).toBe(403);
  });

  it("passes on a renewed session cookie, and clears the cookie of a deactivated person", async () => {
    const agent = await createUser({ role: "agent" });
    const cookie = await sessionCookie(agent.id);
    const sessionId = cookie.split("=")[1]!;
    // Past half its life, Lucia extends the session and the API must send the new cookie.
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000) })
      .where(eq(sessions.id, sessionKey(sessionId)));
    const renewed = await callApi(meRoute, "/api/v1/me", { cookie });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("set-cookie")).toMatch(new RegExp(`^fb_session=${sessionId};`));
    expect((await callApi(meRoute, "/api/v1/me", { cookie })).headers.get("set-cookie")).toBeNull();

    const admin = await createUser({ role: "admin" });
    const stale = await sessionCookie(agent.id);
    await setUserActive(getDb(), { id: admin.id }, { userId: agent.id, active: false });
    const refused = await callApi(meRoute, "/api/v1/me", { cookie: stale });
    expect(refused.status).toBe(401);
    expect(apiErrorOf(refused).code).toBe("unauthenticated");
    expect(refused.headers.get("set-cookie")).toMatch(/^fb_session=;/);
  });

  it("answers 401 without credentials, in the error format", async () => {
    for (const route of [meRoute, itemsRoute]) {
      const result = await callApi(route, "/api/v1/me");
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
      expect(result.headers.get("www-authenticate")).toMatch(/^Bearer realm="floorboard"/);
    }
    const post = await callApi(itemsRoute, "/api/v1/items", { json: newItem });
    expect(post.status).toBe(401);
    expect(await getDb().select().from(items)).toEqual([]);
  });

  it("answers 401 to an unknown key and to a key that is not a bearer token", async () => {
    const unknown = await callApi(meRoute, "/api/v1/me", { apiKey: "fb_thisKeyWasNeverIssuedToAnyoneAtAll0000000000" });
    expect(unknown.status).toBe(401);
    expect(apiErrorOf(unknown).code).toBe("invalid_api_key");
    expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');

    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(admin);
    for (const authorization of [`Basic ${Buffer.from(`x:${key}`).toString("base64")}`, "Bearer", `Token ${key}`]) {
      const result = await callApi(meRoute, "/api/v1/me", { headers: { authorization } });
      expect(result.status, authorization).toBe(401);
      expect(apiErrorOf(result).code, authorization).toBe("unauthenticated");
    }
    // The scheme is case-insensitive (RFC 7235).
    expect((await callApi(meRoute, "/api/v1/me", { headers: { authorization: `bearer ${key}` } })).status).toBe(200);
  });

  it("answers 401 to a revoked key, on reads and on writes", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await createKey(admin);
    expect((await callApi(itemsRoute, "/api/v1/items", { apiKey: created.key })).status).toBe(200);
    await revokeApiKey(getDb(), { id: admin.id }, created.id);

    for (const call of [
      () => callApi(meRoute, "/api/v1/me", { apiKey: created.key }),
      () => callApi(itemsRoute, "/api/v1/items", { apiKey: created.key }),
      () => callApi(itemsRoute, "/api/v1/items", { apiKey: created.key, json: newItem }),
    ]) {
      const result = await call();
      expect(result.status).toBe(401);
      expect(apiErrorOf(result).code).toBe("invalid_api_key");
    }
    expect(await getDb().select().from(items)).toEqual([]);
  });

  it("answers 401 to the key of an admin who has been deactivated", async () => {
    const creator = await createUser({ role: "admin" });
    const other = await createUser({ role: "admin" });
    const { key } = await createKey(creator);
    await setUserActive(getDb(), { id: other.id }, { userId: creator.id, active: false });
    const result = await callApi(meRoute, "/api/v1/me", { apiKey: key });
    expect(result.status).toBe(401);
    expect(apiErrorOf(result).code).toBe("invalid_api_key");
  });

  it("uses the Authorization header when both it and a session cookie are sent", async () => {
    const agent = await createUser({ role: "agent" });
    const cookie = await sessionCookie(agent.id);
    const result = await callApi(meRoute, "/api/v1/me", { cookie, apiKey: "fb_notAKey" });
    expect(result.status).toBe(401);
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(admin);
    expect((await callApi(meRoute, "/api/v1/me", { cookie, apiKey: key })).body).toMatchObject({ id: admin.id });
  });

  it("answers 403 when the key lacks the scope, for reads and for writes", async () => {
    const admin = await createUser({ role: "admin" });
    const readOnly = await createKey(admin, ["items:read"]);
    const writeOnly = await createKey(admin, ["items:write"]);

    const write = await callApi(itemsRoute, "/api/v1/items", { apiKey: readOnly.key, json: newItem });
    expect(write.status).toBe(403);
    expect(apiErrorOf(write)).toMatchObject({
      code: "insufficient_scope",
      message: expect.stringContaining("items:write"),
    });
    expect(write.headers.get("www-authenticate")).toContain('scope="items:write"');
    expect(await getDb().select().from(items)).toEqual([]);

    const read = await callApi(itemsRoute, "/api/v1/items", { apiKey: writeOnly.key });
    expect(read.status).toBe(403);
    expect(apiErrorOf(read).code).toBe("insufficient_scope");

    expect((await callApi(itemsRoute, "/api/v1/items", { apiKey: writeOnly.key, json: newItem })).status).toBe(201);
  });

  it("answers 405 with Allow to a method an endpoint does not take", async () => {
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(admin);
    const post = await callApi(meRoute, "/api/v1/me", { apiKey: key, method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect(apiErrorOf(post).code).toBe("method_not_allowed");

    const get = await callApi(voteRoute, "/api/v1/items/1/vote", { apiKey: key, params: { id: "1" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("PUT, DELETE");

    const patch = await callApi(itemsRoute, "/api/v1/items", { apiKey: key, method: "PATCH", json: newItem });
    expect(patch.status).toBe(405);
    expect(await getDb().select().from(items)).toEqual([]);
  });

  it("answers a JSON 404 for an endpoint that does not exist", async () => {
    for (const method of ["GET", "POST"]) {
      const result = await callApi(splatRoute, "/api/v1/tickets", { method, params: { "*": "tickets" } });
      expect(result.status).toBe(404);
      expect(apiErrorOf(result)).toEqual({ code: "not_found", message: `No endpoint ${method} /api/v1/tickets.` });
    }
  });

  it("turns an unexpected failure into a JSON 500 without details", async () => {
    const logged = vi.spyOn(getLogger(), "error").mockImplementation(() => {});
    const failing = apiRoute(async () => {
      throw new Error("connection reset: secret internals");
    });
    try {
      const result = await callApi({ loader: failing }, "/api/v1/anything");
      expect(result.status).toBe(500);
      expect(apiErrorOf(result).code).toBe("internal_error");
      expect(JSON.stringify(result.body)).not.toContain("secret internals");
      expect(logged).toHaveBeenCalledWith("api request failed", expect.objectContaining({ method: "GET" }));
    } finally {
      logged.mockRestore();
    }
  });
});
