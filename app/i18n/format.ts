import type { Locale } from "./config";

const tag: Record<Locale, string> = { it: "it-IT", en: "en-GB" };

export function formatDate(locale: Locale, value: Date | string | number): string {
  return new Intl.DateTimeFormat(tag[locale], { dateStyle: "medium" }).format(new Date(value));
}

export function formatDateTime(locale: Locale, value: Date | string | number): string {
  return new Intl.DateTimeFormat(tag[locale], { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(value),
  );
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(tag[locale], options).format(value);
}
