import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as ticketsRoute from "#app/routes/api.v1.tickets";
import { getDb } from "#db/client.server";
import { jobs, tickets } from "#db/schema/index";
import { createKey } from "#tests/factories/api";
import { createUser, sessionCookie } from "#tests/factories/index";
import { apiErrorOf, callApi } from "#tests/support/api";

async function ticketKey(scopes: Parameters<typeof createKey>[1] = ["tickets:write"]) {
  const admin = await createUser({ role: "admin" });
  const { key } = await createKey(admin, scopes);
  return { admin, key };
}

function ticket(n: number, overrides: Record<string, unknown> = {}) {
  return {
    externalId: `T-${n}`,
    subject: `Problema ${n}`,
    body: `Il cliente (mario.rossi${n}@example.it) segnala un problema.`,
    openedAt: "2024-03-05T09:00:00+01:00",
    status: "open",
    channel: "email",
    csat: 5,
    interactions: 2,
    ...overrides,
  };
}

type IngestBody = {
  accepted: number;
  inserted: number;
  updated: number;
  errors: Array<{ index: number; externalId?: string; fields?: Record<string, string[]>; message?: string }>;
};

describe("POST /api/v1/tickets", () => {
  it("inserts new tickets, updates known ones, scrubs PII and requests cluster assignment", async () => {
    const { key } = await ticketKey();
    const first = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: { tickets: [ticket(1), ticket(2)] },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, inserted: 2, updated: 0, errors: [] });

    const second = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: {
        tickets: [
          ticket(2, { status: "resolved", resolvedAt: "2024-03-06T10:00:00Z" }),
          ticket(3, { source: "zendesk" }),
        ],
      },
    });
    expect(second.body).toEqual({ accepted: 2, inserted: 1, updated: 1, errors: [] });

    const rows = await getDb().select().from(tickets).orderBy(asc(tickets.externalId));
    expect(rows.map((row) => [row.source, row.externalId, row.status])).toEqual([
      ["api", "T-1", "open"],
      ["api", "T-2", "resolved"],
      ["zendesk", "T-3", "open"],
    ]);
    expect(rows[0]).toMatchObject({
      body: "Il cliente ([email]) segnala un problema.",
      csatScore: 5,
      csatGood: true,
      channel: "email",
    });
    expect(rows[0]!.openedAt.toISOString()).toBe("2024-03-05T08:00:00.000Z");

    const assign = await getDb().select().from(jobs).where(eq(jobs.type, "clusters.assign"));
    expect(assign).toHaveLength(2);
    const ids = assign.flatMap((job) => (job.payload.ticketIds as string[]) ?? []);
    expect(new Set(ids)).toEqual(new Set(rows.map((row) => row.id)));
  });

  it("reports invalid rows by index and stores the others", async () => {
    const { key } = await ticketKey();
    const result = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: {
        tickets: [
          ticket(1),
          ticket(2, { openedAt: "ieri" }),
          { subject: "senza id", openedAt: "2024-03-05T09:00:00Z" },
          ticket(4, { status: "boh", source: "Not Valid!" }),
          "not an object",
        ],
      },
    });
    expect(result.status).toBe(200);
    const body = result.body as IngestBody;
    expect(body).toMatchObject({ accepted: 1, inserted: 1, updated: 0 });
    expect(body.errors).toEqual([
      { index: 1, externalId: "T-2", fields: { openedAt: [expect.stringContaining("Not a date")] } },
      { index: 2, fields: { externalId: ["The ticket id is missing."] } },
      {
        index: 3,
        externalId: "T-4",
        fields: {
          source: [expect.stringContaining("lower-case")],
          status: [expect.stringContaining("Unknown status")],
        },
      },
      { index: 4, message: "Each ticket must be a JSON object." },
    ]);
    expect(await getDb().select().from(tickets)).toHaveLength(1);
  });

  it("answers 422 when no ticket is accepted", async () => {
    const { key } = await ticketKey();
    const result = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: { tickets: [{ externalId: "x" }] },
    });
    expect(result.status).toBe(422);
    expect(apiErrorOf(result).code).toBe("validation_failed");
    expect(result.body).toMatchObject({ accepted: 0, errors: [{ index: 0, externalId: "x" }] });
    expect(await getDb().select().from(jobs)).toHaveLength(0);
  });

  it("refuses more than 1,000 tickets and bodies over the limit with 413", async () => {
    const { key } = await ticketKey();
    const many = Array.from({ length: 1001 }, (_, i) => ({
      externalId: String(i),
      subject: "s",
      openedAt: "2024-01-01",
    }));
    const tooMany = await callApi(ticketsRoute, "/api/v1/tickets", { apiKey: key, json: { tickets: many } });
    expect(tooMany.status).toBe(413);
    expect(apiErrorOf(tooMany).code).toBe("payload_too_large");

    const huge = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      body: JSON.stringify({ tickets: [ticket(1, { body: "x".repeat(6 * 1024 * 1024) })] }),
    });
    expect(huge.status).toBe(413);
    expect(await getDb().select().from(tickets)).toHaveLength(0);
  });

  it("answers 400 to malformed JSON and to a body without a tickets list", async () => {
    const { key } = await ticketKey();
    const broken = await callApi(ticketsRoute, "/api/v1/tickets", { apiKey: key, body: '{"tickets": [' });
    expect(broken.status).toBe(400);
    expect(apiErrorOf(broken).code).toBe("invalid_json");
    const noList = await callApi(ticketsRoute, "/api/v1/tickets", { apiKey: key, json: { tickets: "many" } });
    expect(noList.status).toBe(400);
    expect(apiErrorOf(noList)).toMatchObject({ code: "validation_failed", fields: { tickets: [expect.any(String)] } });
  });

  it("answers 401 to a bad key and 403 to a key without tickets:write or a non-admin", async () => {
    const bad = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: "fb_not-a-real-key",
      json: { tickets: [ticket(1)] },
    });
    expect(bad.status).toBe(401);
    expect(apiErrorOf(bad).code).toBe("invalid_api_key");

    const { key } = await ticketKey(["items:read", "items:write"]);
    const wrongScope = await callApi(ticketsRoute, "/api/v1/tickets", { apiKey: key, json: { tickets: [ticket(1)] } });
    expect(wrongScope.status).toBe(403);
    expect(apiErrorOf(wrongScope).code).toBe("insufficient_scope");

    const agent = await createUser({ role: "agent" });
    const asAgent = await callApi(ticketsRoute, "/api/v1/tickets", {
      cookie: await sessionCookie(agent.id),
      json: { tickets: [ticket(1)] },
    });
    expect(asAgent.status).toBe(403);
    expect(apiErrorOf(asAgent).code).toBe("forbidden");

    const anonymous = await callApi(ticketsRoute, "/api/v1/tickets", { json: { tickets: [ticket(1)] } });
    expect(anonymous.status).toBe(401);
    expect(await getDb().select().from(tickets)).toHaveLength(0);
  });

  it("keeps the last of two tickets with the same id in one request", async () => {
    const { key } = await ticketKey();
    const result = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: { tickets: [ticket(1, { subject: "prima" }), ticket(1, { subject: "seconda" })] },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 2, inserted: 1 });
    const rows = await getDb().select().from(tickets);
    expect(rows.map((row) => row.subject)).toEqual(["seconda"]);
  });
});
