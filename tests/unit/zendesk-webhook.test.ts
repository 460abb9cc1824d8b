import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  planZendeskChange,
  verifyZendeskSignature,
  zendeskChannel,
  type ZendeskChange,
} from "#app/services/tickets/zendesk-webhook.server";

describe("verifyZendeskSignature", () => {
  const secret = "dGVzdC1zaWduaW5nLXNlY3JldA";
  const body = '{"type":"zen:event-type:ticket.created","detail":{"id":"1"}}';
  const timestamp = "2024-03-05T09:00:00Z";
  const now = new Date("2024-03-05T09:02:00Z");
  const signature = createHmac("sha256", secret)
    .update(timestamp + body)
    .digest("base64");

  it("accepts the base64 HMAC-SHA256 of timestamp + body", () => {
    expect(verifyZendeskSignature({ secret, signature, timestamp, body, now })).toEqual({ ok: true });
  });

  it("refuses a changed body, a changed timestamp, another secret or garbage", () => {
    expect(verifyZendeskSignature({ secret, signature, timestamp, body: body.replace('"1"', '"2"'), now })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyZendeskSignature({ secret, signature, timestamp: "2024-03-05T09:00:01Z", body, now })).toMatchObject({
      reason: "mismatch",
    });
    expect(verifyZendeskSignature({ secret: "other", signature, timestamp, body, now })).toMatchObject({
      reason: "mismatch",
    });
    expect(verifyZendeskSignature({ secret, signature: "not base64 at all!", timestamp, body, now })).toMatchObject({
      reason: "mismatch",
    });
  });

  it("refuses a timestamp more than 5 minutes off either way, or unreadable, and missing headers", () => {
    const late = new Date("2024-03-05T09:05:01Z");
    expect(verifyZendeskSignature({ secret, signature, timestamp, body, now: late })).toEqual({
      ok: false,
      reason: "stale",
    });
    const early = new Date("2024-03-05T08:54:59Z");
    expect(verifyZendeskSignature({ secret, signature, timestamp, body, now: early })).toMatchObject({
      reason: "stale",
    });
    expect(verifyZendeskSignature({ secret, signature, timestamp: "yesterday", body, now })).toMatchObject({
      reason: "stale",
    });
    expect(verifyZendeskSignature({ secret, signature: null, timestamp, body, now })).toMatchObject({
      reason: "missing",
    });
    expect(verifyZendeskSignature({ secret, signature, timestamp: null, body, now })).toMatchObject({
      reason: "missing",
    });
  });
});

describe("zendeskChannel", () => {
  it.each([
    ["email", "email"],
    ["web", "web_form"],
    ["web_form", "web_form"],
    ["web_widget", "web_form"],
    ["help_center", "web_form"],
    ["chat", "chat"],
    ["voice", "phone"],
    ["PHONE", "phone"],
    ["twitter", "social"],
    ["facebook", "social"],
    ["whatsapp", "messaging"],
    ["sms", "messaging"],
    ["native_messaging", "messaging"],
    ["web_service", null],
    ["api", null],
    ["mobile_sdk", null],
    [undefined, null],
    [42, null],
  ])("maps %j to %j", (value, channel) => {
    expect(zendeskChannel(value)).toBe(channel);
  });
});

describe("planZendeskChange", () => {
  const t = (iso: string) => new Date(iso);
  const detail = {
    id: "77",
    subject: "Addebito doppio",
    description: "Due addebiti",
    created_at: "2024-03-05T08:00:00Z",
    status: "NEW",
  };
  const stored = {
    subject: "Addebito doppio",
    body: "Due addebiti",
    status: "open" as const,
    channel: "chat" as const,
    product: "Conto",
    language: "it",
    openedAt: t("2024-03-05T08:00:00Z"),
    firstResponseAt: t("2024-03-05T08:30:00Z"),
    resolvedAt: null,
    csatScore: 4,
    csatGood: true,
    interactions: 3,
    sourceUpdatedAt: null as Date | null,
  };
  const statusChange = (current: string, time: string): ZendeskChange => ({
    kind: "status",
    time: t(time),
    detail,
    current,
  });

  it.each([
    ["NEW", "open"],
    ["open", "open"],
    ["HOLD", "open"],
    ["Pending", "pending"],
    ["SOLVED", "resolved"],
    ["CLOSED", "closed"],
  ])("maps the status %s to %s", (current, status) => {
    const plan = planZendeskChange(null, statusChange(current, "2024-03-06T10:00:00Z"));
    expect(plan).toMatchObject({ ok: true, record: { status } });
  });

  it("refuses a status it does not know, naming the field the value came from", () => {
    const plan = planZendeskChange(stored, statusChange("ARCHIVED", "2024-03-06T10:00:00Z"));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.issues.map((issue) => issue.path)).toEqual([["event", "current"]]);
  });

  it("sets the resolved time once and keeps what the event does not mention", () => {
    const solved = planZendeskChange(stored, statusChange("SOLVED", "2024-03-06T10:00:00Z"));
    expect(solved).toMatchObject({
      ok: true,
      changed: true,
      record: {
        status: "resolved",
        resolvedAt: t("2024-03-06T10:00:00Z"),
        channel: "chat",
        csatScore: 4,
        interactions: 3,
        product: "Conto",
      },
    });
    const resolvedStore = { ...stored, status: "resolved" as const, resolvedAt: t("2024-03-06T10:00:00Z") };
    const closed = planZendeskChange(resolvedStore, statusChange("CLOSED", "2024-03-09T10:00:00Z"));
    expect(closed).toMatchObject({
      ok: true,
      changed: true,
      record: { status: "closed", resolvedAt: t("2024-03-06T10:00:00Z") },
    });
    const again = planZendeskChange(resolvedStore, statusChange("SOLVED", "2024-03-06T10:00:00Z"));
    expect(again).toMatchObject({ ok: true, changed: false });
  });

  it("changes nothing for a created event about a known ticket", () => {
    const plan = planZendeskChange(stored, {
      kind: "created",
      time: t("2024-03-05T08:00:00Z"),
      detail: { ...detail, subject: "Altro" },
      current: undefined,
    });
    expect(plan).toMatchObject({ ok: true, changed: false });
  });

  it("lets what the ticket became since win over a retried older event, as when a late 'solved' follows a reopening", () => {
    // Solved at 10:00, reopened at 11:00; then Zendesk retries the 10:00 event.
    const reopened = {
      ...stored,
      status: "open" as const,
      resolvedAt: null,
      sourceUpdatedAt: t("2024-03-06T11:00:00Z"),
    };
    expect(planZendeskChange(reopened, statusChange("SOLVED", "2024-03-06T10:00:00Z"))).toMatchObject({
      ok: true,
      changed: false,
      record: { status: "open", resolvedAt: null },
    });
    const lateSubject = planZendeskChange(reopened, {
      kind: "subject",
      time: t("2024-03-06T09:00:00Z"),
      detail,
      current: "Vecchio oggetto",
    });
    expect(lateSubject).toMatchObject({ ok: true, changed: false, record: { subject: "Addebito doppio" } });
    // A newer event still applies.
    expect(planZendeskChange(reopened, statusChange("SOLVED", "2024-03-06T12:00:00Z"))).toMatchObject({
      ok: true,
      changed: true,
      record: { status: "resolved", resolvedAt: t("2024-03-06T12:00:00Z") },
    });
  });
});
