import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as webhookRoute from "#app/routes/api.v1.webhooks.zendesk";
import * as envModule from "#app/utils/env.server";
import { getDb } from "#db/client.server";
import { jobs, tickets } from "#db/schema/index";
import { createKey } from "#tests/factories/api";
import { createUser } from "#tests/factories/index";
import { apiErrorOf, callApi } from "#tests/support/api";

const PATH = "/api/v1/webhooks/zendesk";
const SECRET = "whsec-test-4f1c9a";

afterEach(() => {
  vi.restoreAllMocks();
});

async function ticketKey(scopes: Parameters<typeof createKey>[1] = ["tickets:write"]) {
  const admin = await createUser({ role: "admin" });
  const { key } = await createKey(admin, scopes);
  return key;
}

function zendeskEvent(
  type: string,
  overrides: { id?: string; time?: string; detail?: Record<string, unknown>; event?: unknown } = {},
) {
  return {
    id: overrides.id ?? `evt-${type}-${Math.random().toString(36).slice(2)}`,
    type: `zen:event-type:${type}`,
    time: overrides.time ?? "2024-03-05T09:00:00Z",
    subject: "zen:ticket:8812",
    zendesk_event_version: "2022-11-06",
    account_id: 99,
    detail: {
      id: "8812",
      subject: "Bonifico non arrivato",
      description:
        "Scrivo da luca.bianchi@example.it: il bonifico sull'IBAN IT60X0542811101000000123456 non è arrivato.",
      created_at: "2024-03-05T08:55:00Z",
      updated_at: "2024-03-05T09:00:00Z",
      status: "NEW",
      priority: "NORMAL",
      tags: ["bonifici"],
      via: { channel: "email" },
      ...overrides.detail,
    },
    event: overrides.event ?? {},
  };
}

const statusChange = (current: string, time: string, previous = "OPEN") =>
  zendeskEvent("ticket.status_changed", { time, detail: { status: current }, event: { current, previous } });

/** Turns the signing secret on for one test only: getEnv() caches, so it is stubbed and restored. */
function withSecret() {
  vi.spyOn(envModule, "getEnv").mockReturnValue({ ...envModule.getEnv(), ZENDESK_WEBHOOK_SECRET: SECRET });
}

function sign(body: string, timestamp: string, secret = SECRET) {
  return createHmac("sha256", secret)
    .update(timestamp + body)
    .digest("base64");
}

async function stored() {
  return getDb().select().from(tickets).where(eq(tickets.source, "zendesk"));
}

describe("POST /api/v1/webhooks/zendesk", () => {
  it("stores a created ticket with personal data scrubbed and queues cluster assignment", async () => {
    const key = await ticketKey();
    const result = await callApi(webhookRoute, PATH, { apiKey: key, json: zendeskEvent("ticket.created") });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ received: true, ticket: { externalId: "8812", outcome: "inserted" } });

    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      externalId: "8812",
      subject: "Bonifico non arrivato",
      body: "Scrivo da [email]: il bonifico sull'IBAN [iban] non è arrivato.",
      status: "open",
      channel: "email",
      resolvedAt: null,
    });
    expect(rows[0]!.openedAt.toISOString()).toBe("2024-03-05T08:55:00.000Z");
    const assign = await getDb().select().from(jobs).where(eq(jobs.type, "clusters.assign"));
    expect(assign.map((job) => job.payload.ticketIds)).toEqual([[rows[0]!.id]]);
  });

  it("stores one ticket when the same event arrives twice", async () => {
    const key = await ticketKey();
    const event = zendeskEvent("ticket.created");
    const first = await callApi(webhookRoute, PATH, { apiKey: key, json: event });
    const second = await callApi(webhookRoute, PATH, { apiKey: key, json: event });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ ticket: { outcome: "unchanged" } });
    expect(await stored()).toHaveLength(1);
    expect(await getDb().select().from(jobs)).toHaveLength(1);
  });

  it("sets the resolved time once when the ticket is solved, then closed, then the event is retried", async () => {
    const key = await ticketKey();
    await callApi(webhookRoute, PATH, { apiKey: key, json: zendeskEvent("ticket.created") });

    const solved = statusChange("SOLVED", "2024-03-06T10:00:00Z");
    expect((await callApi(webhookRoute, PATH, { apiKey: key, json: solved })).body).toMatchObject({
      ticket: { outcome: "updated" },
    });
    let [row] = await stored();
    expect(row).toMatchObject({ status: "resolved" });
    expect(row!.resolvedAt?.toISOString()).toBe("2024-03-06T10:00:00.000Z");

    await callApi(webhookRoute, PATH, { apiKey: key, json: statusChange("closed", "2024-03-10T10:00:00Z", "SOLVED") });
    const retry = await callApi(webhookRoute, PATH, { apiKey: key, json: solved });
    expect(retry.status).toBe(200);
    [row] = await stored();
    expect(row).toMatchObject({ status: "closed" });
    expect(row!.resolvedAt?.toISOString()).toBe("2024-03-06T10:00:00.000Z");
  });

  it("reopens a solved ticket, but not for an event older than the resolution", async () => {
    const key = await ticketKey();
    await callApi(webhookRoute, PATH, { apiKey: key, json: zendeskEvent("ticket.created") });
    await callApi(webhookRoute, PATH, { apiKey: key, json: statusChange("SOLVED", "2024-03-06T10:00:00Z") });

    const late = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: statusChange("OPEN", "2024-03-05T09:30:00Z", "NEW"),
    });
    expect(late.body).toMatchObject({ ticket: { outcome: "unchanged" } });
    expect((await stored())[0]).toMatchObject({ status: "resolved" });

    await callApi(webhookRoute, PATH, { apiKey: key, json: statusChange("OPEN", "2024-03-07T09:00:00Z", "SOLVED") });
    expect((await stored())[0]).toMatchObject({ status: "open", resolvedAt: null });

    // Zendesk retries the "solved" of the day before after the reopening: the ticket stays open.
    const retried = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: statusChange("SOLVED", "2024-03-06T10:00:00Z"),
    });
    expect(retried.body).toMatchObject({ ticket: { outcome: "unchanged" } });
    const [row] = await stored();
    expect(row).toMatchObject({ status: "open", resolvedAt: null });
    expect(row!.sourceUpdatedAt?.toISOString()).toBe("2024-03-07T09:00:00.000Z");
  });

  it("updates the subject and the description, scrubbed, keeping the rest", async () => {
    const key = await ticketKey();
    await callApi(webhookRoute, PATH, { apiKey: key, json: zendeskEvent("ticket.created") });
    await callApi(webhookRoute, PATH, { apiKey: key, json: statusChange("PENDING", "2024-03-05T11:00:00Z") });
    await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: zendeskEvent("ticket.subject_changed", {
        time: "2024-03-05T12:00:00Z",
        event: { current: "Bonifico in ritardo", previous: "Bonifico non arrivato" },
      }),
    });
    await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: zendeskEvent("ticket.description_changed", {
        time: "2024-03-05T13:00:00Z",
        event: { current: "Richiamare il 347 123 4567 domani." },
      }),
    });
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subject: "Bonifico in ritardo",
      body: "Richiamare il [phone] domani.",
      status: "pending",
      channel: "email",
    });
  });

  it("creates a ticket it has not seen from the details of a later event", async () => {
    const key = await ticketKey();
    const result = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: zendeskEvent("ticket.status_changed", {
        time: "2024-03-08T12:00:00Z",
        detail: { id: "9001", status: "CLOSED", via: { channel: "voice" } },
        event: { current: "CLOSED", previous: "SOLVED" },
      }),
    });
    expect(result.body).toMatchObject({ ticket: { externalId: "9001", outcome: "inserted" } });
    const [row] = await stored();
    expect(row).toMatchObject({ externalId: "9001", status: "closed", channel: "phone" });
    expect(row!.resolvedAt?.toISOString()).toBe("2024-03-08T12:00:00.000Z");
  });

  it("acknowledges other event types with 202 and writes nothing", async () => {
    const key = await ticketKey();
    const result = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: {
        type: "zen:event-type:ticket.priority_changed",
        id: "evt-1",
        time: "2024-03-05T09:00:00Z",
        detail: { id: "8812" },
      },
    });
    expect(result.status).toBe(202);
    expect(result.body).toMatchObject({ received: true, ignored: true });
    expect(await stored()).toHaveLength(0);
    expect(await getDb().select().from(jobs)).toHaveLength(0);
  });

  it("answers 401 without a key or with a bad one, and 403 to a key without tickets:write", async () => {
    const event = zendeskEvent("ticket.created");
    const anonymous = await callApi(webhookRoute, PATH, { json: event });
    expect(anonymous.status).toBe(401);
    expect(apiErrorOf(anonymous).code).toBe("unauthenticated");

    const bad = await callApi(webhookRoute, PATH, { apiKey: "fb_not-a-real-key", json: event });
    expect(bad.status).toBe(401);
    expect(apiErrorOf(bad).code).toBe("invalid_api_key");

    const wrongScope = await callApi(webhookRoute, PATH, { apiKey: await ticketKey(["items:read"]), json: event });
    expect(wrongScope.status).toBe(403);
    expect(apiErrorOf(wrongScope).code).toBe("insufficient_scope");
    expect(await stored()).toHaveLength(0);
  });

  it("with a signing secret, accepts a good signature and refuses a bad, missing or stale one", async () => {
    withSecret();
    const key = await ticketKey();
    const body = JSON.stringify(zendeskEvent("ticket.created"));
    const now = new Date().toISOString();

    const unsigned = await callApi(webhookRoute, PATH, { apiKey: key, body });
    expect(unsigned.status).toBe(401);
    expect(apiErrorOf(unsigned).code).toBe("invalid_signature");

    const forged = await callApi(webhookRoute, PATH, {
      apiKey: key,
      body,
      headers: {
        "x-zendesk-webhook-signature": sign(body, now, "another-secret"),
        "x-zendesk-webhook-signature-timestamp": now,
      },
    });
    expect(forged.status).toBe(401);
    expect(apiErrorOf(forged).message).toMatch(/does not match/);

    const old = new Date(Date.now() - 6 * 60_000).toISOString();
    const replayed = await callApi(webhookRoute, PATH, {
      apiKey: key,
      body,
      headers: { "x-zendesk-webhook-signature": sign(body, old), "x-zendesk-webhook-signature-timestamp": old },
    });
    expect(replayed.status).toBe(401);
    expect(apiErrorOf(replayed).message).toMatch(/5 minutes/);
    expect(await stored()).toHaveLength(0);

    const good = await callApi(webhookRoute, PATH, {
      apiKey: key,
      body,
      headers: { "x-zendesk-webhook-signature": sign(body, now), "x-zendesk-webhook-signature-timestamp": now },
    });
    expect(good.status).toBe(200);
    expect(await stored()).toHaveLength(1);
  });

  it("does not ask for a signature when no secret is set", async () => {
    expect(envModule.getEnv().ZENDESK_WEBHOOK_SECRET).toBeUndefined();
    const result = await callApi(webhookRoute, PATH, {
      apiKey: await ticketKey(),
      json: zendeskEvent("ticket.created"),
    });
    expect(result.status).toBe(200);
  });

  it("answers 400 to malformed JSON or a body that is not an event, and 422 to a ticket it cannot store", async () => {
    const key = await ticketKey();
    const broken = await callApi(webhookRoute, PATH, {
      apiKey: key,
      body: '{"type": "zen:event-type:ticket.created",',
    });
    expect(broken.status).toBe(400);
    expect(apiErrorOf(broken).code).toBe("invalid_json");

    const noType = await callApi(webhookRoute, PATH, { apiKey: key, json: { detail: {} } });
    expect(noType.status).toBe(400);
    expect(apiErrorOf(noType)).toMatchObject({ code: "validation_failed", fields: { type: [expect.any(String)] } });

    const noDetail = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: { type: "zen:event-type:ticket.created", id: "evt-2", time: "yesterday" },
    });
    expect(noDetail.status).toBe(400);
    expect(apiErrorOf(noDetail).fields).toMatchObject({
      time: [expect.stringContaining("ISO 8601")],
      detail: [expect.any(String)],
    });

    const badTicket = await callApi(webhookRoute, PATH, {
      apiKey: key,
      json: zendeskEvent("ticket.created", { detail: { status: "ARCHIVED", created_at: null } }),
    });
    expect(badTicket.status).toBe(422);
    expect(apiErrorOf(badTicket).fields).toEqual({
      "detail.status": [expect.stringContaining("Unknown status")],
      "detail.created_at": ["The creation date is missing."],
    });
    expect(await stored()).toHaveLength(0);
  });

  it("answers 413 to a body over the limit", async () => {
    const key = await ticketKey();
    const huge = JSON.stringify(
      zendeskEvent("ticket.created", { detail: { description: "x".repeat(2 * 1024 * 1024) } }),
    );
    const result = await callApi(webhookRoute, PATH, { apiKey: key, body: huge });
    expect(result.status).toBe(413);
    expect(apiErrorOf(result).code).toBe("payload_too_large");
    expect(await stored()).toHaveLength(0);
  });
});
