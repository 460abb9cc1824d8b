import { z } from "zod";
import { channel, itemArea } from "#db/schema/enums";
import { calendarDate } from "./dates";
import { DAY_MS } from "#app/utils/time";

export const dashboardRanges = ["4", "12", "52", "custom"] as const;
export type DashboardRange = (typeof dashboardRanges)[number];

/** A custom range longer than this would make weekly charts unreadable and queries slow. */
const MAX_CUSTOM_DAYS = 731;

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const isoDate = calendarDate("dashboard:errors.dateInvalid");

/**
 * The dashboard's query string: a preset range in weeks or custom dates, and filters.
 * Unknown filter values are dropped (as on the board); bad custom dates are reported.
 */
const DashboardQuerySchema = z
  .object({
    range: z.enum(dashboardRanges).catch("12"),
    from: z.preprocess(blankToUndefined, isoDate.optional()),
    to: z.preprocess(blankToUndefined, isoDate.optional()),
    team: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
    area: z.preprocess(blankToUndefined, z.enum([...itemArea.enumValues, "none"]).optional()).catch(undefined),
    channel: z.preprocess(blankToUndefined, z.enum(channel.enumValues).optional()).catch(undefined),
  })
  .superRefine((query, ctx) => {
    if (query.range !== "custom") return;
    if (!query.from) ctx.addIssue({ code: "custom", path: ["from"], message: "dashboard:errors.fromRequired" });
    if (!query.to) ctx.addIssue({ code: "custom", path: ["to"], message: "dashboard:errors.toRequired" });
    if (!query.from || !query.to) return;
    const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS;
    if (days < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "dashboard:errors.toBeforeFrom" });
    else if (days > MAX_CUSTOM_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: "dashboard:errors.rangeTooLong" });
  });
export type DashboardQuery = z.output<typeof DashboardQuerySchema>;

export type DashboardFilters = {
  from: Date;
  to: Date;
  teamId?: string;
  /** "none": items whose root cause nobody has named yet. */
  area?: (typeof itemArea.enumValues)[number] | "none";
  channel?: (typeof channel.enumValues)[number];
};

export type ResolvedDashboardQuery = {
  query: DashboardQuery;
  filters: DashboardFilters;
  /** i18n keys by field, when the custom dates were unusable and the default range was used. */
  errors: Partial<Record<"from" | "to", string>>;
};

/**
 * Reads the query string into the service's filters. A preset range ends now; custom dates
 * are whole UTC days, `to` included. Invalid custom dates fall back to the last 12 weeks
 * and come back as errors for the form.
 */
export function resolveDashboardQuery(params: URLSearchParams, now = new Date()): ResolvedDashboardQuery {
  const raw = Object.fromEntries(params);
  const parsed = DashboardQuerySchema.safeParse(raw);
  const errors: ResolvedDashboardQuery["errors"] = {};
  let query: DashboardQuery;
  if (parsed.success) {
    query = parsed.data;
  } else {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "from" || field === "to") && !errors[field]) errors[field] = issue.message;
    }
    const rest = DashboardQuerySchema.safeParse({ ...raw, range: "12", from: undefined, to: undefined });
    query = rest.success ? { ...rest.data, range: "custom", from: raw.from, to: raw.to } : { range: "12" };
  }
  const usable = Object.keys(errors).length === 0;
  let from: Date;
  let to: Date;
  if (query.range === "custom" && usable && query.from && query.to) {
    from = new Date(`${query.from}T00:00:00Z`);
    to = new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
  } else {
    const weeks = query.range === "custom" ? 12 : Number(query.range);
    to = now;
    from = new Date(now.getTime() - weeks * 7 * DAY_MS);
  }
  return {
    query,
    filters: { from, to, teamId: query.team, area: query.area, channel: query.channel },
    errors,
  };
}
