import { createInstance, type TFunction } from "i18next";
import { i18nOptions, resources, type Locale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";
import type { Logger } from "#app/utils/logger.server";
import { seedStages, type SeedStage } from "#app/services/demo/seed.server";

export type StartupStep =
  | { step: "migrating" }
  | { step: "migration"; current: number; total: number }
  | { step: "seeding" }
  | { step: "seedProgress"; stage: SeedStage; done: number; total: number }
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
    case "migration":
      return t("startup.migratingStep", { current: n(event.current), total: n(event.total) });
    case "seeding":
      return t("startup.seeding");
    case "seedProgress": {
      // The parts already added, then the one under way: a person sees how far along it is.
      const stages = seedStages
        .slice(0, seedStages.indexOf(event.stage) + 1)
        .map((stage) => t(`startup.seedStages.${stage}`))
        .join(", ");
      // Clustering reports a share of its work rather than a count of things.
      if (event.stage === "clusters")
        return t("startup.seedingPercent", { stages, percent: n(Math.round((100 * event.done) / event.total)) });
      return t("startup.seedingStep", { stages, done: n(event.done), total: n(event.total) });
    }
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
  migration: "applying a migration",
  seeding: "adding demo data",
  seedProgress: "adding demo data",
  seeded: "demo data seeded",
  ready: "Floorboard is ready",
  demoLogins: "Sign in with a demo login",
};

/**
 * Steps that come many at a time: a new kind is always shown, then at most one line per interval,
 * and never the same figure twice in a row.
 */
function progressOf(event: StartupStep): { kind: string; figure: number } | undefined {
  if (event.step === "migration") return { kind: "migration", figure: event.current };
  if (event.step === "seedProgress") return { kind: `seed:${event.stage}`, figure: event.done };
  return undefined;
}

/**
 * What the server is doing while it starts. A person at a terminal (`npm start`) reads
 * sentences in their language; a log collector keeps getting JSON lines. Progress is shown
 * often enough to see the work move, not once per step.
 */
export async function createStartupReport(options: {
  terminal: boolean;
  locale: Locale;
  log: Logger;
  write?: (line: string) => void;
  progressEveryMs?: number;
  now?: () => number;
}) {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const every = options.progressEveryMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, resources, lng: options.locale });
  const t = i18n.getFixedT(options.locale, "common");
  let lastProgress: { kind: string; figure: number; at: number } | undefined;
  return (event: StartupStep) => {
    const progress = progressOf(event);
    if (progress) {
      const at = now();
      const last = lastProgress;
      if (last?.kind === progress.kind && (at - last.at < every || last.figure === progress.figure)) return;
      lastProgress = { ...progress, at };
    }
    if (options.terminal) write(startupSentence(t, options.locale, event));
    else {
      const { step, ...fields } = event;
      options.log.info(logMessages[step], fields);
    }
  };
}
