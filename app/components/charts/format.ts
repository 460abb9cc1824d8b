import { formatNumber } from "#app/i18n/format";
import type { Locale } from "#app/i18n/config";

export const percent = (locale: Locale, share: number | null) =>
  share === null ? "—" : formatNumber(locale, share, { style: "percent", maximumFractionDigits: 0 });

export const hours = (locale: Locale, value: number | null) =>
  value === null ? "—" : `${formatNumber(locale, value, { maximumFractionDigits: value < 10 ? 1 : 0 })} h`;

export const decimal = (locale: Locale, value: number | null) =>
  value === null ? "—" : formatNumber(locale, value, { maximumFractionDigits: 1 });

export const signedPercent = (locale: Locale, value: number | null) =>
  value === null ? "—" : `${value > 0 ? "+" : ""}${formatNumber(locale, value, { maximumFractionDigits: 0 })} %`;
