import enAdmin from "#app/locales/en/admin.json";
import enApi from "#app/locales/en/api.json";
import enAuth from "#app/locales/en/auth.json";
import enItems from "#app/locales/en/items.json";
import enCommon from "#app/locales/en/common.json";
import enEmail from "#app/locales/en/email.json";
import enValidation from "#app/locales/en/validation.json";
import itAdmin from "#app/locales/it/admin.json";
import itApi from "#app/locales/it/api.json";
import itAuth from "#app/locales/it/auth.json";
import itItems from "#app/locales/it/items.json";
import itCommon from "#app/locales/it/common.json";
import itEmail from "#app/locales/it/email.json";
import itValidation from "#app/locales/it/validation.json";

export const supportedLocales = ["it", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "it";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

export const resources = {
  en: { common: enCommon, auth: enAuth, admin: enAdmin, validation: enValidation, items: enItems, email: enEmail, api: enApi },
  it: { common: itCommon, auth: itAuth, admin: itAdmin, validation: itValidation, items: itItems, email: itEmail, api: itApi },
} as const;

export const namespaces = ["common", "auth", "admin", "validation", "items", "email", "api"] as const;

export const i18nOptions = {
  supportedLngs: [...supportedLocales],
  fallbackLng: defaultLocale,
  defaultNS: "common",
  ns: [...namespaces],
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;
