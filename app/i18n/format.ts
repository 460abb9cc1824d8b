import type { Locale } from "./config";

const tag: Record<Locale, string> = { it: "it-IT", en: "en-GB" };

/** Where the people using the app are; set with APP_TIME_ZONE. */
export const DEFAULT_TIME_ZONE = "Europe/Rome";

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// Times are shown in the app's time zone, not the runtime's: the server (often UTC) and the
// browser must render the same text, or hydration fails and pages without JavaScript show the
// wrong hour. The root loader sends the zone to the browser, which sets it here first thing.
let displayTimeZone = (typeof process !== "undefined" ? process.env.APP_TIME_ZONE : undefined) || DEFAULT_TIME_ZONE;
if (!isTimeZone(displayTimeZone)) displayTimeZone = DEFAULT_TIME_ZONE;

export function getDisplayTimeZone(): string {
  return displayTimeZone;
}

export function setDisplayTimeZone(timeZone: string): void {
  if (timeZone === displayTimeZone || !isTimeZone(timeZone)) return;
  displayTimeZone = timeZone;
  formatters.clear();
}

// Building an Intl formatter costs far more than using one: keep one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormatter(locale: Locale, style: "date" | "dateTime", timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}:${style}:${timeZone}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(
      tag[locale],
      style === "date" ? { dateStyle: "medium", timeZone } : { dateStyle: "medium", timeStyle: "short", timeZone },
    );
    formatters.set(key, formatter);
  }
  return formatter;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date ("2026-12-01", as date columns come) is the same day everywhere; an instant is shown in the app's zone. */
export function formatDate(locale: Locale, value: Date | string | number): string {
  if (typeof value === "string" && DATE_ONLY.test(value))
    return dateFormatter(locale, "date", "UTC").format(new Date(value));
  return dateFormatter(locale, "date", displayTimeZone).format(new Date(value));
}

/** The calendar day ("2026-11-22") it is at `instant` in the app's time zone: what "today" means for due dates. */
export function calendarDate(instant: Date, timeZone = displayTimeZone): string {
  const key = `calendar:${timeZone}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(key, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((one) => one.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
// Zones change their offset only on a quarter hour (Nepal, Chatham), so one lookup per UTC quarter hour is exact.
const QUARTER_HOUR_MS = 900_000;

function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const slot = Math.floor(utcMs / QUARTER_HOUR_MS);
  const key = `${timeZone}:${slot}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(slot * QUARTER_HOUR_MS))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const offset =
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) -
    slot * QUARTER_HOUR_MS;
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** A wall-clock time in the app's time zone as an instant; null for a day or time that does not exist. */
export function appTimeToDate(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  timeZone = displayTimeZone,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const first = guess - zoneOffsetMs(timeZone, guess);
  return new Date(guess - zoneOffsetMs(timeZone, first));
}

export function formatDateTime(locale: Locale, value: Date | string | number): string {
  return dateFormatter(locale, "dateTime", displayTimeZone).format(new Date(value));
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  const key = `${locale}:number:${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(tag[locale], options);
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}
