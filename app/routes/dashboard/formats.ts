import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";

/** Whole numbers, one decimal and days, as the dashboard's figures and summaries write them. */
export function dashboardFormats(t: TFunction, locale: Locale) {
  const int = (value: number) => formatNumber(locale, value);
  const dec = (value: number | null) =>
    value === null ? "—" : formatNumber(locale, value, { maximumFractionDigits: 1 });
  const days = (value: number | null) => (value === null ? "—" : t("dashboard:units.days", { value: dec(value) }));
  return { int, dec, days };
}
