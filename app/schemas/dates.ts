import { z } from "zod";

/** Years a date typed into Floorboard can have; PostgreSQL has no year 0, and 2026-02-31 is no day. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= FIRST_YEAR && year <= LAST_YEAR && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `yyyy-mm-dd` naming a day that exists, between 1900 and 2100. */
export function calendarDate(message: string) {
  return z.string().refine(isCalendarDate, { error: message });
}
