import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import type { Channel } from "#db/schema/enums";
import { tickets, type Ticket } from "#db/schema/index";
import { TicketInputSchema } from "#app/schemas/tickets";
import { parseChannel, parseTicketDate, toTicketRecord, type TicketRecord } from "./normalise";
import { scrubPii } from "./pii";
import { requestClusterAssignment, upsertTickets } from "./upsert.server";

// Zendesk's event-subscribed webhooks (Admin Center → Webhooks, ticket events). Each event
// carries the ticket as it is (`detail`) and what changed (`event`). Tickets land in the
// same upsert as the API and CSV imports, under the source "zendesk" and Zendesk's ticket id,
// so a CSV export of the same tickets updates them instead of duplicating them.

const ZENDESK_SOURCE = "zendesk";

/** How far a signed request's timestamp may be from our clock before it counts as a replay. */
const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export const SIGNATURE_HEADER = "x-zendesk-webhook-signature";
export const SIGNATURE_TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp";

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

/**
 * Zendesk signs `timestamp + body` with HMAC-SHA256 and sends it base64-encoded. The
 * timestamp is part of what is signed, so checking its age stops old requests being replayed.
 */
export function verifyZendeskSignature(input: {
  secret: string;
  signature: string | null;
  timestamp: string | null;
  body: string;
  now?: Date;
}): SignatureCheck {
  if (!input.signature || !input.timestamp) return { ok: false, reason: "missing" };
  const signedAt = parseSignatureTimestamp(input.timestamp);
  const now = (input.now ?? new Date()).getTime();
  if (signedAt === null || Math.abs(now - signedAt) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: "stale" };
  const expected = createHmac("sha256", input.secret)
    .update(input.timestamp + input.body, "utf8")
    .digest();
  const given = Buffer.from(input.signature.trim(), "base64");
  // The digest's length is public, so refusing a wrong length early leaks nothing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

/** ISO 8601 with a zone, as Zendesk sends it; Unix seconds are accepted too. */
function parseSignatureTimestamp(value: string): number | null {
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}

// --- Mapping ---------------------------------------------------------------------------------

/** Zendesk's `via.channel` values that the shared channel rules would misread. */
const zendeskChannels: Record<string, Channel | null> = {
  // Tickets made through Zendesk's API or by its own rules say nothing about the customer's channel.
  web_service: null,
  api: null,
  rule: null,
  any_channel: null,
  sample_ticket: null,
  closed_ticket: null,
  help_center: "web_form",
};

/** Zendesk's `via.channel` as a Floorboard channel, with the rules of the CSV import ("voice" → phone). */
export function zendeskChannel(value: unknown): Channel | null {
  if (typeof value !== "string") return null;
  const key = value.trim().toLowerCase();
  if (key in zendeskChannels) return zendeskChannels[key] ?? null;
  return parseChannel(key);
}

// --- Input -----------------------------------------------------------------------------------

const handledTypes = {
  "zen:event-type:ticket.created": "created",
  "zen:event-type:ticket.status_changed": "status",
  "zen:event-type:ticket.subject_changed": "subject",
  "zen:event-type:ticket.description_changed": "description",
} as const;
export type ZendeskEventKind = (typeof handledTypes)[keyof typeof handledTypes];
export const handledZendeskEventTypes = Object.keys(handledTypes);

const optionalText = z.string("Use a string.").nullish();

const ZendeskDetailSchema = z.looseObject({
  id: z
    .union([z.string().trim().min(1), z.number().int().nonnegative()], 'Give the ticket id as a string, e.g. "1234".')
    .transform(String),
  subject: optionalText,
  description: optionalText,
  created_at: optionalText,
  status: optionalText,
  via: z.looseObject({ channel: z.unknown().optional() }).nullish(),
});
export type ZendeskDetail = z.output<typeof ZendeskDetailSchema>;

const eventTime = z.string("Give the event time in ISO 8601, e.g. 2024-03-05T09:00:00Z.").transform((value, ctx) => {
  const time = parseTicketDate(value);
  if (!time) ctx.addIssue({ code: "custom", message: "Use ISO 8601 with a zone, e.g. 2024-03-05T09:00:00Z." });
  return time ?? new Date(0);
});

const ZendeskEventSchema = z.looseObject({
  id: z.string("Give the event id.").trim().min(1, "Give the event id."),
  type: z.string(),
  time: eventTime,
  detail: ZendeskDetailSchema,
  event: z.looseObject({ current: z.unknown().optional() }).nullish(),
});

const EnvelopeSchema = z.looseObject({
  type: z
    .string("Give the event type, e.g. zen:event-type:ticket.created.")
    .min(1, "Give the event type, e.g. zen:event-type:ticket.created."),
});

// --- Applying an event -----------------------------------------------------------------------

export type ZendeskChange = { kind: ZendeskEventKind; time: Date; detail: ZendeskDetail; current: unknown };

export type PlannedChange =
  { ok: true; record: TicketRecord; changed: boolean } | { ok: false; issues: z.core.$ZodIssue[] };

type Stored = Pick<
  Ticket,
  | "subject"
  | "body"
  | "status"
  | "channel"
  | "product"
  | "language"
  | "openedAt"
  | "firstResponseAt"
  | "resolvedAt"
  | "csatScore"
  | "csatGood"
  | "interactions"
  | "sourceUpdatedAt"
>;

const isResolved = (status: string) => status === "resolved" || status === "closed";

/**
 * What the ticket should become after one event. Pure, so every rule is testable on its own:
 * a known ticket keeps what the event does not change (CSAT, product… from a CSV import);
 * `created` for a known ticket changes nothing, since the ticket we hold is at least as new;
 * solving sets the resolved time once; reopening clears it. An event older than the last one
 * applied (or than the resolution), or a status event for a closed ticket, is a late retry and
 * changes nothing.
 */
export function planZendeskChange(stored: Stored | null, change: ZendeskChange): PlannedChange {
  const { kind, detail } = change;
  const current = typeof change.current === "string" ? change.current : undefined;
  const candidate = {
    externalId: detail.id,
    subject: kind === "subject" ? (current ?? detail.subject) : stored ? stored.subject : detail.subject,
    body: kind === "description" ? (current ?? detail.description) : stored ? stored.body : detail.description,
    status: kind === "status" ? (current ?? detail.status) : stored ? stored.status : detail.status,
    channel: stored ? stored.channel : zendeskChannel(detail.via?.channel),
    openedAt: stored ? stored.openedAt.toISOString() : detail.created_at,
  };
  const parsed = TicketInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const fromEvent: Record<string, boolean> =
      current !== undefined
        ? { subject: kind === "subject", body: kind === "description", status: kind === "status" }
        : {};
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ ...issue, path: zendeskPath(issue.path, fromEvent) })),
    };
  }
  const record = toTicketRecord(parsed.data);
  if (!stored) {
    record.resolvedAt = isResolved(record.status) ? change.time : null;
    return { ok: true, record, changed: true };
  }
  if (kind === "created") return { ok: true, record: { ...record, ...kept(stored) }, changed: false };
  // Zendesk may deliver a retried event after later ones: what the ticket became since wins.
  if (stored.sourceUpdatedAt !== null && change.time < stored.sourceUpdatedAt) {
    return {
      ok: true,
      record: { ...record, ...kept(stored), subject: stored.subject, body: stored.body, status: stored.status },
      changed: false,
    };
  }

  const next: TicketRecord = { ...record, ...kept(stored) };
  if (kind === "status") {
    // Zendesk never reopens a closed ticket, and an event from before the resolution is a late retry.
    const stale = stored.status === "closed" || (stored.resolvedAt !== null && change.time < stored.resolvedAt);
    if (stale) {
      next.status = stored.status;
    } else if (isResolved(next.status)) {
      next.resolvedAt = stored.resolvedAt ?? change.time;
    } else {
      next.resolvedAt = null;
    }
  } else {
    next.status = stored.status;
  }
  return { ok: true, record: next, changed: differs(stored, next) };
}

function kept(stored: Stored) {
  return {
    channel: stored.channel,
    product: stored.product,
    language: stored.language,
    openedAt: stored.openedAt,
    firstResponseAt: stored.firstResponseAt,
    resolvedAt: stored.resolvedAt,
    csatScore: stored.csatScore,
    csatGood: stored.csatGood,
    interactions: stored.interactions,
  };
}

/** Stored text is already scrubbed, so the new text is compared as it would be stored. */
function differs(stored: Stored, next: TicketRecord): boolean {
  return (
    stored.subject !== scrubPii(next.subject) ||
    stored.body !== scrubPii(next.body) ||
    stored.status !== next.status ||
    (stored.resolvedAt?.getTime() ?? null) !== (next.resolvedAt?.getTime() ?? null)
  );
}

const zendeskNames: Record<string, string> = {
  externalId: "detail.id",
  subject: "detail.subject",
  body: "detail.description",
  status: "detail.status",
  openedAt: "detail.created_at",
};

/** Error paths in the caller's terms: Zendesk's field names, not Floorboard's. */
function zendeskPath(path: readonly PropertyKey[], fromEvent: Record<string, boolean>): PropertyKey[] {
  const field = String(path[0] ?? "");
  if (fromEvent[field]) return ["event", "current"];
  return zendeskNames[field] ? zendeskNames[field].split(".") : [...path];
}

export type ZendeskWebhookResult =
  | { kind: "ignored"; eventType: string }
  | { kind: "invalid"; status: 400 | 422; issues: z.core.$ZodIssue[] }
  | {
      kind: "applied";
      eventId: string;
      eventType: string;
      ticket: { id: string; externalId: string; outcome: "inserted" | "updated" | "unchanged" };
    };

// The two-key advisory lock space is apart from the one-key locks used elsewhere.
const ZENDESK_LOCK_CLASS = 0x7a64;

/**
 * Applies one webhook event. Events for one ticket are serialised by an advisory lock, so a
 * `created` and a `status_changed` arriving together cannot overwrite each other. A retry
 * finds nothing to change and writes nothing; new tickets are queued for cluster assignment.
 */
export async function applyZendeskEvent(
  db: Database,
  payload: unknown,
  options: { actorId: string | null },
): Promise<ZendeskWebhookResult> {
  const envelope = EnvelopeSchema.safeParse(payload);
  if (!envelope.success) return { kind: "invalid", status: 400, issues: envelope.error.issues };
  const kind = (handledTypes as Record<string, ZendeskEventKind | undefined>)[envelope.data.type];
  if (!kind) return { kind: "ignored", eventType: envelope.data.type };

  const event = ZendeskEventSchema.safeParse(payload);
  if (!event.success) return { kind: "invalid", status: 400, issues: event.error.issues };
  const { id: eventId, type: eventType, time, detail } = event.data;
  const change: ZendeskChange = { kind, time, detail, current: event.data.event?.current };

  return db.transaction(async (tx): Promise<ZendeskWebhookResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ZENDESK_LOCK_CLASS}::int, hashtext(${detail.id}))`);
    const [stored] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.source, ZENDESK_SOURCE), eq(tickets.externalId, detail.id)));
    const plan = planZendeskChange(stored ?? null, change);
    if (!plan.ok) return { kind: "invalid", status: 422, issues: plan.issues };
    if (stored && !plan.changed) {
      return {
        kind: "applied",
        eventId,
        eventType,
        ticket: { id: stored.id, externalId: detail.id, outcome: "unchanged" },
      };
    }
    const written = await upsertTickets(tx, ZENDESK_SOURCE, [plan.record]);
    await tx
      .update(tickets)
      .set({ sourceUpdatedAt: sql`greatest(${tickets.sourceUpdatedAt}, ${time.toISOString()}::timestamptz)` })
      .where(eq(tickets.id, written.ids[0]!));
    if (written.inserted > 0) await requestClusterAssignment(tx, written.ids, options.actorId);
    return {
      kind: "applied",
      eventId,
      eventType,
      ticket: { id: written.ids[0]!, externalId: detail.id, outcome: written.inserted > 0 ? "inserted" : "updated" },
    };
  });
}
