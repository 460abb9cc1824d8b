import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { supportedLocales } from "#app/i18n/config";

/** Plain form buttons: switching language works without JavaScript. */
export function LanguageSwitcher({ current, tone = "light" }: { current: string; tone?: "light" | "dark" }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="flex items-center gap-1" aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {supportedLocales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          title={t(`language.${locale}`)}
          className={`lang-button lang-button-${tone}`}
        >
          <span aria-hidden="true">{locale}</span>
          <span className="sr-only">{t(`language.${locale}`)}</span>
        </button>
      ))}
    </Form>
  );
}
