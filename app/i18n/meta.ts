import { createInstance, type TFunction, type TOptions } from "i18next";
import { defaultLocale, i18nOptions, isLocale, resources, type Locale } from "./config";

type Match = { id: string; data?: unknown };

const translators = new Map<Locale, TFunction>();

/** A translator for `meta` functions, which run outside React (on the server and in the browser). */
function translatorFor(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = createInstance({ ...i18nOptions, lng: locale, resources, initImmediate: false });
    void instance.init();
    t = instance.t;
    translators.set(locale, t);
  }
  return t;
}

function localeOf(matches: Match[]): Locale {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

/** The browser tab's title: the page's own name, then the product ("Bacheca · Floorboard"). */
export function pageTitle(matches: Match[], key: string, options?: TOptions) {
  const t = translatorFor(localeOf(matches));
  return [{ title: `${String(t(key, options))} · ${String(t("common:appName"))}` }];
}

/** A title that is already text, such as an item's own ("#18 Rimborsi più rapidi · Floorboard"). */
export function textTitle(text: string) {
  return [{ title: `${text} · Floorboard` }];
}
