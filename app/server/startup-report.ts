import { createInstance, type TFunction } from "i18next";
import { i18nOptions, resources, type Locale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";
import type { Logger } from "#app/utils/logger.server";

export type StartupStep =
  | { step: "migrating" }
  | { step: "seeding" }
  | { step: "seeded"; people: number; items: number; tickets: number; clusters: number }
  | { step: "ready"; url: string; database: string }
  | { step: "demoLogins"; url: string; logins: string[]; password: string };

/** The language of the person at the terminal: English when the system says so, else Italian. */
export function terminalLocale(env: Record<string, string | undefined>): Locale {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^en\b|^en_/i.test(lang) ? "en" : "it";
}

function startupSentence(t: TFunction, locale: Locale, event: StartupStep): string {
  const n = (value: number) => formatNumber(locale, value);
  switch (event.step) {
    case "migrating":
      return t("startup.migrating");
    case "seeding":
      return t("startup.seeding");
    case "seeded":
      return t("startup.seeded", {
        people: n(event.people),
        items: n(event.items),
        tickets: n(event.tickets),
        clusters: n(event.clusters),
      });
    case "ready":
      return t("startup.ready", { url: event.url });
    case "demoLogins":
      return t("startup.demoLogins", { url: event.url, logins: event.logins.join(", "), password: event.password });
  }
}

const logMessages: Record<StartupStep["step"], string> = {
  migrating: "migrating the database",
  seeding: "adding demo data",
  seeded: "demo data seeded",
  ready: "Floorboard is ready",
  demoLogins: "Sign in with a demo login",
};

/**
 * What the server is doing while it starts. A person at a terminal (`npm start`) reads
 * sentences in their language; a log collector keeps getting JSON lines.
 */
export async function createStartupReport(options: {
  terminal: boolean;
  locale: Locale;
  log: Logger;
  write?: (line: string) => void;
}) {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, resources, lng: options.locale });
  const t = i18n.getFixedT(options.locale, "common");
  return (event: StartupStep) => {
    if (options.terminal) write(startupSentence(t, options.locale, event));
    else {
      const { step, ...fields } = event;
      options.log.info(logMessages[step], fields);
    }
  };
}
