import type { Locale } from "./config";

const tag: Record<Locale, string> = { it: "it-IT", en: "en-GB" };

// Building an Intl formatter costs far more than using one: keep one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormatter(locale: Locale, style: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${locale}:${style}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(tag[locale], style === "date" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatDate(locale: Locale, value: Date | string | number): string {
  return dateFormatter(locale, "date").format(new Date(value));
}

export function formatDateTime(locale: Locale, value: Date | string | number): string {
  return dateFormatter(locale, "dateTime").format(new Date(value));
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
