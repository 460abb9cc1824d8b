import { channel, type Channel, type TicketStatus } from "#db/schema/enums";
import { appTimeToDate } from "#app/i18n/format";
import { FIRST_YEAR, LAST_YEAR } from "#app/schemas/dates";
import type { TicketInput } from "#app/schemas/tickets";

// How helpdesk exports spell a ticket's values (statuses, channels, dates, ratings, languages
// in English and Italian), turned into the values Floorboard stores.

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

/** A helpdesk's status word (English or Italian) as a ticket status; undefined when it is not one. */
export function parseTicketStatus(value: string): TicketStatus | undefined {
  return statusWords[value.trim().toLowerCase()];
}

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
export function inTicketYears(date: Date): boolean {
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

export function parseLanguage(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (!text) return null;
  if (languageNames[text]) return languageNames[text];
  const code = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(text);
  return code ? code[1]! : null;
}

// --- The stored shape --------------------------------------------------------------------------

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
