import { z } from "zod";
import type { TicketStatus } from "#db/schema/enums";
import { importPresets } from "#app/services/tickets/fields";
import {
  inTicketYears,
  parseChannel,
  parseCsat,
  parseLanguage,
  parseTicketDate,
  parseTicketStatus,
  type Csat,
} from "#app/services/tickets/normalise";
import { noNul } from "./text";

// Tickets as they arrive from a helpdesk CSV export or the API, normalised to one shape.
// Error messages are i18n keys ("tickets:rowErrors.…"); the API shows them in English.

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
        const status = typeof value === "string" ? parseTicketStatus(value) : undefined;
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
