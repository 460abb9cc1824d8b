import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLocale, i18nOptions, isLocale, resources, supportedLocales, type Locale } from "./config";

export const localeCookie = createCookie("fb_lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: { ...i18nOptions, resources },
});

/** The person's saved preference, else the cookie, else Accept-Language, else Italian. */
export async function detectLocale(request: Request, preferred?: string | null): Promise<Locale> {
  if (isLocale(preferred)) return preferred;
  const detected = await i18nServer.getLocale(request);
  return isLocale(detected) ? detected : defaultLocale;
}

export function getServerT(locale: Locale) {
  return i18nServer.getFixedT(locale, [...i18nOptions.ns]);
}
