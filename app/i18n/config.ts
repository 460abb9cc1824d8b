import enAdmin from "#app/locales/en/admin.json";
import enTickets from "#app/locales/en/tickets.json";
import enApi from "#app/locales/en/api.json";
import enAuth from "#app/locales/en/auth.json";
import enClusters from "#app/locales/en/clusters.json";
import enItems from "#app/locales/en/items.json";
import enCommon from "#app/locales/en/common.json";
import enEmail from "#app/locales/en/email.json";
import enValidation from "#app/locales/en/validation.json";
import enDisplays from "#app/locales/en/displays.json";
import enLive from "#app/locales/en/live.json";
import enWall from "#app/locales/en/wall.json";
import enDashboard from "#app/locales/en/dashboard.json";
import enMe from "#app/locales/en/me.json";
import itAdmin from "#app/locales/it/admin.json";
import itTickets from "#app/locales/it/tickets.json";
import itApi from "#app/locales/it/api.json";
import itAuth from "#app/locales/it/auth.json";
import itClusters from "#app/locales/it/clusters.json";
import itItems from "#app/locales/it/items.json";
import itCommon from "#app/locales/it/common.json";
import itEmail from "#app/locales/it/email.json";
import itValidation from "#app/locales/it/validation.json";
import itDisplays from "#app/locales/it/displays.json";
import itLive from "#app/locales/it/live.json";
import itWall from "#app/locales/it/wall.json";
import itDashboard from "#app/locales/it/dashboard.json";
import itMe from "#app/locales/it/me.json";

export const supportedLocales = ["it", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "it";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    admin: enAdmin,
    validation: enValidation,
    items: enItems,
    email: enEmail,
    api: enApi,
    clusters: enClusters,
    live: enLive,
    wall: enWall,
    displays: enDisplays,
    tickets: enTickets,
    dashboard: enDashboard,
    me: enMe,
  },
  it: {
    common: itCommon,
    auth: itAuth,
    admin: itAdmin,
    validation: itValidation,
    items: itItems,
    email: itEmail,
    api: itApi,
    clusters: itClusters,
    live: itLive,
    wall: itWall,
    displays: itDisplays,
    tickets: itTickets,
    dashboard: itDashboard,
    me: itMe,
  },
} as const;

export const namespaces = [
  "common",
  "auth",
  "admin",
  "validation",
  "items",
  "email",
  "api",
  "clusters",
  "live",
  "wall",
  "displays",
  "tickets",
  "dashboard",
  "me",
] as const;

export const i18nOptions = {
  supportedLngs: [...supportedLocales],
  fallbackLng: defaultLocale,
  defaultNS: "common",
  ns: [...namespaces],
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;
