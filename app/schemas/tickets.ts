import { z } from "zod";
import { channel, type Channel, type TicketStatus } from "#db/schema/enums";
import { appTimeToDate } from "#app/i18n/format";
import { FIRST_YEAR, LAST_YEAR } from "./dates";
import { noNul } from "./text";

// Tickets as they arrive from a helpdesk CSV export or the API, normalised to one shape.
// Error messages are i18n keys ("tickets:rowErrors.…"); the API shows them in English.

export const ticketFields = [
  "externalId",
  "subject",
  "body",
  "status",
  "channel",
  "product",
  "language",
  "openedAt",
  "firstResponseAt",
  "firstReplyMinutes",
  "resolvedAt",
  "csat",
  "interactions",
] as const;
export type TicketField = (typeof ticketFields)[number];

/** Columns an import cannot do without: it stops before writing anything when one is missing. */
export const requiredTicketFields = ["externalId", "subject", "openedAt"] as const satisfies readonly TicketField[];

export const importPresets = ["zendesk", "freshdesk", "manual"] as const;
export type ImportPreset = (typeof importPresets)[number];

/**
 * The column headers of each helpdesk's CSV export, first match wins. Zendesk: the
 * "Export as CSV" of a view or the full ticket export; it has no first-reply timestamp,
 * only "First reply time in minutes". Freshdesk: Tickets → Export with the default fields.
 */
const presetColumns: Record<Exclude<ImportPreset, "manual">, Partial<Record<TicketField, string[]>>> = {
  zendesk: {
    externalId: ["Id", "Ticket ID"],
    subject: ["Subject"],
    body: ["Description"],
    status: ["Status"],
    channel: ["Via"],
    product: ["Product"],
    language: ["Requester language", "Language"],
    openedAt: ["Created at"],
    firstReplyMinutes: ["First reply time in minutes"],
    resolvedAt: ["Solved at"],
    csat: ["Satisfaction Score"],
    interactions: ["Replies"],
  },
  freshdesk: {
    externalId: ["Ticket ID", "Ticket Id"],
    subject: ["Subject"],
    body: ["Description"],
    status: ["Status"],
    channel: ["Source"],
    product: ["Product"],
    language: ["Language", "Contact language"],
    openedAt: ["Created time"],
    firstResponseAt: ["Initial response time"],
    resolvedAt: ["Resolved time", "Closed time"],
    csat: ["Customer Satisfaction", "Satisfaction rating"],
    interactions: ["Agent interactions"],
  },
};

/** The ticket source stored for each preset; a hand-made mapping imports as "csv". */
export const presetSource: Record<ImportPreset, string> = { zendesk: "zendesk", freshdesk: "freshdesk", manual: "csv" };

export type ColumnMapping = Partial<Record<TicketField, string>>;

function normaliseHeader(header: string): string {
  return header.trim().toLowerCase();
}

/** The preset's columns found in `headers` (spelled as in the file). */
export function presetMapping(preset: ImportPreset, headers: readonly string[]): ColumnMapping {
  if (preset === "manual") return {};
  const byName = new Map(headers.map((header) => [normaliseHeader(header), header]));
  const mapping: ColumnMapping = {};
  for (const [field, candidates] of Object.entries(presetColumns[preset]) as Array<[TicketField, string[]]>) {
    const found = candidates.map((candidate) => byName.get(normaliseHeader(candidate))).find(Boolean);
    if (found) mapping[field] = found;
  }
  return mapping;
}

/** Required fields with no column in the file: each with the column name the admin should look for. */
export function missingRequiredColumns(
  preset: ImportPreset,
  mapping: ColumnMapping,
  headers: readonly string[],
): Array<{ field: TicketField; column: string | null }> {
  const present = new Set(headers);
  return requiredTicketFields
    .filter((field) => !mapping[field] || !present.has(mapping[field]))
    .map((field) => ({
      field,
      column: mapping[field] ?? (preset === "manual" ? null : (presetColumns[preset][field]?.[0] ?? null)),
    }));
}

// --- Value parsing ---------------------------------------------------------------------------

const statusWords: Record<string, TicketStatus> = {
  new: "open",
  open: "open",
  hold: "open",
  "on-hold": "open",
  "on hold": "open",
  nuovo: "open",
  aperto: "open",
  "in lavorazione": "open",
  pending: "pending",
  "waiting on customer": "pending",
  "waiting on third party": "pending",
  "in attesa": "pending",
  solved: "resolved",
  resolved: "resolved",
  risolto: "resolved",
  closed: "closed",
  chiuso: "closed",
};

const channelRules: Array<[RegExp, Channel]> = [
  [/whatsapp|sms|messenger|telegram|messag/, "messaging"],
  [/twitter|facebook|instagram|social|linkedin|^x$/, "social"],
  [/chat/, "chat"],
  [/phone|call|voice|telefon|voicemail/, "phone"],
  [/mail|posta/, "email"],
  [/web|portal|form|widget|modulo/, "web_form"],
  [/store|shop|negozio|walk/, "store"],
];

export function parseChannel(value: string): Channel | null {
  const text = value.trim().toLowerCase().replace(/_/g, " ");
  if (!text) return null;
  if ((channel.enumValues as readonly string[]).includes(text.replace(/ /g, "_")))
    return text.replace(/ /g, "_") as Channel;
  return channelRules.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;

/** Whether a parsed ticket time lies in the years a ticket can have. */
function inTicketYears(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** ISO 8601 (with or without offset) or dd/mm/yyyy [hh:mm[:ss]]; without an offset the time is the app's (APP_TIME_ZONE). */
export function parseTicketDate(value: string): Date | null {
  const text = value.trim();
  const zoned = ISO_WITH_ZONE.exec(text);
  if (zoned) {
    const zone = zoned[7]!.toUpperCase() === "Z" ? "Z" : zoned[7]!.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    const date = new Date(`${zoned[1]}-${zoned[2]}-${zoned[3]}T${zoned[4]}:${zoned[5]}:${zoned[6] ?? "00"}${zone}`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const local = ISO_LOCAL.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    return appTimeToDate(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  }
  const dmy = DMY.exec(text);
  if (dmy) {
    const [, d, mo, y, h, mi, s] = dmy;
    return appTimeToDate(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  }
  return null;
}

export type Csat = { score: number | null; good: boolean | null };
const csatNone = /^(offered|unoffered|not offered|none|n\/a|-|neutral|neutro)$/;
const csatBad = /\b(bad|negative|unhappy|unsatisfied|dissatisfied|not satisfied|insoddisfatto|negativo|scarso)\b/;
const csatGood = /\b(good|positive|happy|satisfied|soddisfatto|positivo|buono|ottimo)\b/;

/** 1–5 (4 and 5 count as satisfied) or a good/bad rating; null when the text means no rating. */
export function parseCsat(value: string | number): Csat | null {
  if (typeof value === "number" || /^\d+(?:[.,]0+)?$/.test(value.trim())) {
    const score = typeof value === "number" ? value : Number(value.trim().replace(",", "."));
    if (!Number.isInteger(score) || score < 1 || score > 5) return null;
    return { score, good: score >= 4 };
  }
  const text = value.trim().toLowerCase();
  if (!text || csatNone.test(text)) return { score: null, good: null };
  if (csatBad.test(text)) return { score: null, good: false };
  if (csatGood.test(text)) return { score: null, good: true };
  return null;
}

const languageNames: Record<string, string> = { italian: "it", italiano: "it", english: "en", inglese: "en" };

function parseLanguage(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (!text) return null;
  if (languageNames[text]) return languageNames[text];
  const code = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(text);
  return code ? code[1]! : null;
}

// --- The row schema ----------------------------------------------------------------------------

const blank = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");
const asText = (value: unknown) =>
  typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : value;

function date(key: string) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): Date | null => {
      if (blank(value)) return null;
      const parsed = typeof value === "string" ? parseTicketDate(value) : null;
      if (!parsed) ctx.addIssue({ code: "custom", message: key });
      else if (!inTicketYears(parsed)) ctx.addIssue({ code: "custom", message: "tickets:rowErrors.dateRange" });
      return parsed && inTicketYears(parsed) ? parsed : null;
    });
}

/** One ticket, from a CSV row (all strings) or the API (JSON values). Empty strings mean "not given". */
export const TicketInputSchema = z
  .object({
    externalId: z.preprocess(
      (value) => (blank(value) ? undefined : asText(value)),
      noNul(
        z.string("tickets:rowErrors.externalIdRequired").max(200, "tickets:rowErrors.externalIdTooLong"),
        "tickets:rowErrors.nul",
      ),
    ),
    subject: z.preprocess(
      (value) => (blank(value) ? "" : asText(value)),
      noNul(
        z.string("tickets:rowErrors.subjectText").max(1000, "tickets:rowErrors.subjectTooLong"),
        "tickets:rowErrors.nul",
      ),
    ),
    body: z.preprocess(
      (value) => (blank(value) ? "" : asText(value)),
      noNul(
        z.string("tickets:rowErrors.bodyText").max(100_000, "tickets:rowErrors.bodyTooLong"),
        "tickets:rowErrors.nul",
      ),
    ),
    status: z
      .unknown()
      .optional()
      .transform((value, ctx): TicketStatus => {
        if (blank(value)) return "open";
        const status = typeof value === "string" ? statusWords[value.trim().toLowerCase()] : undefined;
        if (!status) ctx.addIssue({ code: "custom", message: "tickets:rowErrors.status" });
        return status ?? "open";
      }),
    channel: z
      .unknown()
      .optional()
      .transform((value) => (typeof value === "string" ? parseChannel(value) : null)),
    product: z.preprocess(
      (value) => (blank(value) ? null : asText(value)),
      noNul(
        z.string("tickets:rowErrors.productText").max(200, "tickets:rowErrors.productTooLong"),
        "tickets:rowErrors.nul",
      ).nullable(),
    ),
    language: z
      .unknown()
      .optional()
      .transform((value) => (typeof value === "string" ? parseLanguage(value) : null)),
    openedAt: z
      .unknown()
      .optional()
      .transform((value, ctx): Date => {
        const parsed = typeof value === "string" && !blank(value) ? parseTicketDate(value) : null;
        if (!parsed) {
          ctx.addIssue({
            code: "custom",
            message: blank(value) ? "tickets:rowErrors.openedAtRequired" : "tickets:rowErrors.date",
          });
        } else if (!inTicketYears(parsed)) {
          ctx.addIssue({ code: "custom", message: "tickets:rowErrors.dateRange" });
        }
        return parsed ?? new Date(0);
      }),
    firstResponseAt: date("tickets:rowErrors.date"),
    firstReplyMinutes: z
      .unknown()
      .optional()
      .transform((value, ctx): number | null => {
        if (blank(value)) return null;
        const minutes = Number(typeof value === "string" ? value.trim().replace(",", ".") : value);
        if (!Number.isFinite(minutes) || minutes < 0)
          ctx.addIssue({ code: "custom", message: "tickets:rowErrors.minutes" });
        return Number.isFinite(minutes) && minutes >= 0 ? minutes : null;
      }),
    resolvedAt: date("tickets:rowErrors.date"),
    csat: z
      .unknown()
      .optional()
      .transform((value, ctx): Csat => {
        if (blank(value)) return { score: null, good: null };
        const csat = typeof value === "string" || typeof value === "number" ? parseCsat(value) : null;
        if (!csat) ctx.addIssue({ code: "custom", message: "tickets:rowErrors.csat" });
        return csat ?? { score: null, good: null };
      }),
    interactions: z
      .unknown()
      .optional()
      .transform((value, ctx): number | null => {
        if (blank(value)) return null;
        const count = Number(typeof value === "string" ? value.trim() : value);
        if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
          ctx.addIssue({ code: "custom", message: "tickets:rowErrors.interactions" });
          return null;
        }
        return count;
      }),
  })
  .superRefine((ticket, ctx) => {
    if (!ticket.subject && !ticket.body) {
      ctx.addIssue({ code: "custom", path: ["subject"], message: "tickets:rowErrors.subjectOrBody" });
    }
  });

export type TicketInput = z.output<typeof TicketInputSchema>;

/** A validated ticket, ready to store (PII not yet scrubbed). */
export type TicketRecord = {
  externalId: string;
  subject: string;
  body: string;
  status: TicketStatus;
  channel: Channel | null;
  product: string | null;
  language: string | null;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  csatScore: number | null;
  csatGood: boolean | null;
  interactions: number | null;
};

export function toTicketRecord(input: TicketInput): TicketRecord {
  const firstResponseAt =
    input.firstResponseAt ??
    (input.firstReplyMinutes !== null
      ? new Date(input.openedAt.getTime() + Math.round(input.firstReplyMinutes * 60_000))
      : null);
  return {
    externalId: input.externalId,
    subject: input.subject,
    body: input.body,
    status: input.status,
    channel: input.channel,
    product: input.product,
    language: input.language,
    openedAt: input.openedAt,
    firstResponseAt,
    resolvedAt: input.resolvedAt,
    csatScore: input.csat.score,
    csatGood: input.csat.good,
    interactions: input.interactions,
  };
}

/** A ticket source in the API: lower-case letters, digits, dashes ("zendesk", "my-crm"). */
export const TicketSourceSchema = z
  .string("tickets:rowErrors.source")
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "tickets:rowErrors.source");

export const MAX_API_TICKETS = 1000;

export const ImportPresetSchema = z.enum(importPresets, "tickets:errors.preset");

/** What a form on an import's page asks for: start it, stop it, or throw the unstarted upload away. */
export const ImportIntentSchema = z.object({ intent: z.enum(["start", "cancel", "discard"]) });
