import type { Queryable } from "#db/client.server";
import type { DashboardFilters } from "#app/schemas/dashboard";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { flow, type Flow } from "./flow.server";
import { outcome, type Outcome } from "./outcome.server";
import { pain, type Pain } from "./pain.server";
import { participation, type Participation } from "./participation.server";
import { promises, type Promises } from "./promises.server";

// The insights dashboard: one file per section, each with its own queries and row types.
export { flow, outcome, pain, participation, promises };
export type { Flow, Outcome, Pain, Participation, Promises };

export type Dashboard = {
  participation: Participation;
  flow: Flow;
  promises: Promises;
  outcome: Outcome;
  pain: Pain;
};

export async function loadDashboard(
  db: Queryable,
  filters: DashboardFilters,
  now = new Date(),
  locale: Locale = defaultLocale,
): Promise<Dashboard> {
  const [p, f, pr, o, c] = await Promise.all([
    participation(db, filters),
    flow(db, filters, now),
    promises(db, filters, now),
    outcome(db, filters, now),
    pain(db, filters, locale),
  ]);
  return { participation: p, flow: f, promises: pr, outcome: o, pain: c };
}
