import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { channel, itemArea } from "#db/schema/enums";
import { requirePermission } from "#app/auth/require.server";
import { detectLocale } from "#app/i18n/i18n.server";
import { hours, percent, signedPercent } from "#app/components/charts/format";
import { TableChart, type ChartSpec } from "#app/components/charts/table-chart";
import {
  flowTables,
  outcomeTables,
  painTables,
  participationTables,
  promisesTables,
  type Cell,
  type ChartId,
  type DataTable,
} from "#app/components/dashboard/tables";
import { buttonClass } from "#app/components/ui/button";
import { PageHeader } from "#app/components/ui/page";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { formatDate, formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { dashboardRanges, resolveDashboardQuery } from "#app/schemas/dashboard";
import { loadDashboard } from "#app/services/dashboard/index.server";
import { itemStatuses } from "#app/services/workflow";
import { listTeams } from "#app/services/teams.server";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard:view");
  const url = new URL(request.url);
  const { query, filters, errors } = resolveDashboardQuery(url.searchParams);
  const db = getDb();
  const [dashboard, teams] = await Promise.all([
    loadDashboard(db, filters, new Date(), await detectLocale(request, user.locale)),
    listTeams(db),
  ]);
  const csvParams = new URLSearchParams([...url.searchParams].filter(([key]) => key !== "chart")).toString();
  return {
    query,
    errors,
    period: { from: filters.from.toISOString(), to: new Date(filters.to.getTime() - 1).toISOString() },
    dashboard,
    teams: teams.map(({ id, name }) => ({ id, name })),
    csvParams,
  };
}

const specs: Record<ChartId, ChartSpec> = {
  "items-weekly": { kind: "stacked", x: 0, series: [1, 2] },
  "votes-weekly": { kind: "stacked", x: 0, series: [1, 2] },
  "participation-teams": { kind: "bar", x: 0, series: [1, 2], horizontal: true },
  "status-funnel": { kind: "bar", x: 0, series: [1] },
  // Columns: week, then entered/left for each status in workflow order; drawn as small multiples below.
  "status-flow": { kind: "line", x: 0, series: [] },
  "backlog-age": { kind: "bar", x: 0, series: [1] },
  "overdue-owners": { kind: "bar", x: 0, series: [1], horizontal: true },
  "outcome-weekly": { kind: "bar", x: 0, series: [1] },
  "outcome-items": { kind: "bar", x: 1, ref: 0, series: [3, 4], horizontal: true },
  "outcome-answers": { kind: "bar", x: 0, series: [1] },
  "clusters-top": { kind: "bar", x: 1, ref: 0, series: [2], horizontal: true },
  "clusters-growth": { kind: "bar", x: 1, ref: 0, series: [2, 3], horizontal: true },
  "clusters-unaddressed": { kind: "bar", x: 1, ref: 0, series: [2], horizontal: true },
  "channel-mix": { kind: "stacked", x: 0, series: [] },
};

const fieldClass =
  "mt-1 block w-full rounded-md border-0 bg-white px-2 py-2 text-sm ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600";

export default function DashboardPage() {
  const { t } = useTranslation(["dashboard", "items"]);
  const { query, errors, period, dashboard, teams, csvParams } = useLoaderData<typeof loader>();
  const locale: Locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const { participation: p, flow: f, promises: pr, outcome: o, pain: c } = dashboard;
  const int = (value: number) => formatNumber(locale, value);
  const dec = (value: number | null) =>
    value === null ? "—" : formatNumber(locale, value, { maximumFractionDigits: 1 });
  const days = (value: number | null) => (value === null ? "—" : t("dashboard:units.days", { value: dec(value) }));
  const statusLabel = (status: string) => t(`items:status.${status}`);
  const channelLabel = (name: string) =>
    name === "unknown" ? t("dashboard:unknownChannel") : t(`items:channel.${name}`);

  const columnLabel = (id: string) => {
    const moved = /^(entered|left)_(.+)$/.exec(id);
    if (moved) return t(`dashboard:columns.${moved[1]}`, { status: statusLabel(moved[2] ?? "") });
    if (id.startsWith("channel:")) return channelLabel(id.slice("channel:".length));
    return t(`dashboard:columns.${id}`);
  };
  const formatter = (table: DataTable) => (value: Cell, index: number) => {
    const format = table.columns[index]?.format ?? "text";
    if (value === null) return format === "text" && table.columns[index]?.id === "team" ? t("dashboard:noTeam") : "—";
    if (typeof value === "number") {
      if (format === "percent") return percent(locale, value);
      if (format === "signedPercent") return signedPercent(locale, value);
      if (format === "hours") return hours(locale, value);
      if (format === "decimal") return dec(value);
      if (format === "ref") return `#${value}`;
      return int(value);
    }
    if (format === "date") return formatDate(locale, value);
    if (format === "status") return statusLabel(value);
    if (format === "answer") return t(`dashboard:answers.${value}`);
    if (format === "age") return t(`dashboard:ages.${value}`);
    return value;
  };

  const tables: Record<ChartId, DataTable> = {
    ...participationTables(p),
    ...flowTables(f),
    ...promisesTables(pr),
    ...outcomeTables(o),
    ...painTables(c),
  };
  const weeks = p.items.length;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const entered = (status: "new" | "under_review" | "done" | "declined") =>
    sum(f.weeks.map((week) => week.entered[status]));
  const topChannel = c.channelNames
    .map((name) => ({ name, tickets: sum(c.channels.map((week) => week.counts[name] ?? 0)) }))
    .sort((a, b) => b.tickets - a.tickets)[0];
  const summaries: Record<ChartId, string> = {
    "items-weekly": t("dashboard:charts.items-weekly.summary", {
      items: int(p.totals.items),
      insights: int(sum(p.items.map((week) => week.insight))),
      ideas: int(sum(p.items.map((week) => week.idea))),
    }),
    "votes-weekly": t("dashboard:charts.votes-weekly.summary", {
      votes: int(p.totals.votes),
      perWeek: dec(p.totals.votes / weeks),
    }),
    "participation-teams": t("dashboard:charts.participation-teams.summary", {
      participants: int(p.participants),
      people: int(p.people),
      share: percent(locale, p.share),
    }),
    "status-funnel": t("dashboard:charts.status-funnel.summary", {
      items: int(sum(f.byStatus.map((row) => row.items))),
      done: int(f.byStatus.find((row) => row.status === "done")?.items ?? 0),
      waiting: int(f.byStatus.find((row) => row.status === "new")?.items ?? 0),
    }),
    "status-flow": t("dashboard:charts.status-flow.summary", {
      posted: int(entered("new")),
      reviewed: int(entered("under_review")),
      done: int(entered("done")),
      declined: int(entered("declined")),
    }),
    "backlog-age": t("dashboard:charts.backlog-age.summary", {
      items: int(f.backlog.items),
      oldest: days(f.backlog.oldestAgeDays),
    }),
    "overdue-owners": t("dashboard:charts.overdue-owners.summary", {
      overdue: int(pr.overdue),
      owners: t("dashboard:charts.overdue-owners.owners", { count: pr.overdueByOwner.length }),
    }),
    "outcome-weekly": t("dashboard:charts.outcome-weekly.summary", {
      items: int(o.items.length),
      before: dec(o.beforePerWeek),
      after: dec(o.afterPerWeek),
      change: signedPercent(locale, o.changePercent),
    }),
    "outcome-items": t("dashboard:charts.outcome-items.summary"),
    "outcome-answers": t("dashboard:charts.outcome-answers.summary", {
      answered: int(o.answers.done - o.answers.unanswered),
      done: int(o.answers.done),
      yes: int(o.answers.yes),
      partly: int(o.answers.partly),
      no: int(o.answers.no),
    }),
    "clusters-top": t("dashboard:charts.clusters-top.summary", {
      tickets: int(c.tickets),
      top: c.top[0]?.name ?? t("dashboard:none"),
    }),
    "clusters-growth":
      c.previousTickets === 0
        ? t("dashboard:charts.clusters-growth.noPrevious")
        : t("dashboard:charts.clusters-growth.summary", { count: c.growing.length }),
    "clusters-unaddressed": t("dashboard:charts.clusters-unaddressed.summary", { count: c.unaddressed.length }),
    "channel-mix": t("dashboard:charts.channel-mix.summary", {
      tickets: int(c.tickets),
      top: topChannel ? channelLabel(topChannel.name) : t("dashboard:none"),
    }),
  };

  // Every status with what entered it and what left it, each on its own small chart.
  const flowMultiples = {
    groups: itemStatuses.map((status, index) => ({
      title: statusLabel(status),
      series: [1 + 2 * index, 2 + 2 * index],
    })),
    seriesName: (index: number) => t(index === 0 ? "dashboard:columns.enteredShort" : "dashboard:columns.leftShort"),
  };

  const chart = (id: ChartId) => {
    const table = tables[id];
    const spec =
      id === "channel-mix"
        ? { ...specs[id], series: table.columns.slice(1).map((_, index) => index + 1) }
        : id === "status-flow"
          ? { ...specs[id], series: table.columns.slice(1).map((_, index) => index + 1), multiples: flowMultiples }
          : specs[id];
    return (
      <TableChart
        key={id}
        id={id}
        title={t(`dashboard:charts.${id}.title`)}
        summary={summaries[id]}
        table={table}
        spec={spec}
        columnLabel={columnLabel}
        formatCell={formatter(table)}
        tableLabel={t("dashboard:showTable")}
        csvLabel={t("dashboard:downloadCsv")}
        csvHref={`/dashboard.csv?chart=${id}${csvParams ? `&${csvParams}` : ""}`}
        emptyLabel={t("dashboard:noData")}
      />
    );
  };

  const select = (name: "team" | "area" | "channel", options: Array<{ value: string; label: string }>) => (
    <div>
      <label htmlFor={`dashboard-${name}`} className="block text-sm font-medium text-slate-800">
        {t(`dashboard:filters.${name}`)}
      </label>
      <select id={`dashboard-${name}`} name={name} defaultValue={query[name] ?? ""} className={fieldClass}>
        <option value="">{t("dashboard:filters.any")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  const dateField = (name: "from" | "to") => (
    <div>
      <label htmlFor={`dashboard-${name}`} className="block text-sm font-medium text-slate-800">
        {t(`dashboard:filters.${name}`)}
      </label>
      <input
        id={`dashboard-${name}`}
        type="date"
        name={name}
        defaultValue={query[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `dashboard-${name}-error` : undefined}
        className={fieldClass}
      />
      {errors[name] ? (
        <p id={`dashboard-${name}-error`} className="mt-1 text-sm text-red-800">
          {t(errors[name])}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader title={t("dashboard:title")} description={t("dashboard:description")} />

      <Form method="get" className="rounded-lg bg-white p-4 ring-1 ring-slate-200" aria-labelledby="dashboard-filters">
        <h2 id="dashboard-filters" className="text-sm font-semibold text-slate-900">
          {t("dashboard:filters.legend")}
        </h2>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
          <div>
            <label htmlFor="dashboard-range" className="block text-sm font-medium text-slate-800">
              {t("dashboard:filters.range")}
            </label>
            <select id="dashboard-range" name="range" defaultValue={query.range} className={fieldClass}>
              {dashboardRanges.map((range) => (
                <option key={range} value={range}>
                  {t(`dashboard:filters.ranges.${range}`)}
                </option>
              ))}
            </select>
          </div>
          {dateField("from")}
          {dateField("to")}
          {select(
            "team",
            teams.map((team) => ({ value: team.id, label: team.name })),
          )}
          {select("area", [
            ...itemArea.enumValues.map((value) => ({ value, label: t(`items:area.${value}`) })),
            { value: "none", label: t("items:form.areaNone") },
          ])}
          {select(
            "channel",
            channel.enumValues.map((value) => ({ value, label: t(`items:channel.${value}`) })),
          )}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass("primary")}>
            {t("dashboard:filters.apply")}
          </button>
          <Link to="/dashboard" className={buttonClass("secondary")}>
            {t("dashboard:filters.reset")}
          </Link>
          <p className="text-sm text-slate-700" data-testid="dashboard-period">
            {t("dashboard:period", { from: formatDate(locale, period.from), to: formatDate(locale, period.to) })}
          </p>
        </div>
        {Object.keys(errors).length ? (
          <p role="alert" className="mt-3 rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
            {t("dashboard:errors.fallback")}
          </p>
        ) : null}
        <p className="mt-3 text-xs text-slate-700">{t("dashboard:filters.ticketsNote")}</p>
      </Form>

      <Section id="participation" title={t("dashboard:sections.participation")}>
        <Stats
          items={[
            [t("dashboard:stats.share"), `${percent(locale, p.share)} (${int(p.participants)}/${int(p.people)})`],
          ]}
        />
        <Charts>{(["items-weekly", "votes-weekly", "participation-teams"] as const).map(chart)}</Charts>
      </Section>

      <Section id="flow" title={t("dashboard:sections.flow")}>
        <Stats
          items={[
            [t("dashboard:stats.toAnswer"), hours(locale, f.medianHoursToAnswer)],
            [t("dashboard:stats.toDone"), days(f.medianDaysToDone)],
            [t("dashboard:stats.backlog"), int(f.backlog.items)],
            [t("dashboard:stats.backlogAge"), days(f.backlog.medianAgeDays)],
          ]}
        />
        <Charts>{(["status-funnel", "status-flow", "backlog-age"] as const).map(chart)}</Charts>
      </Section>

      <Section id="promises" title={t("dashboard:sections.promises")}>
        <Stats
          items={[
            [t("dashboard:stats.open"), int(pr.open)],
            [
              t("dashboard:stats.kept"),
              `${percent(locale, pr.keptShare)} (${t("dashboard:units.ofDue", { kept: int(pr.keptOnTime), due: int(pr.due) })})`,
            ],
            [t("dashboard:stats.overdue"), int(pr.overdue)],
            [
              t("dashboard:stats.moves"),
              t("dashboard:units.movedItems", { moves: int(pr.dateMoves), items: int(pr.itemsMoved) }),
            ],
          ]}
        />
        <Charts>{chart("overdue-owners")}</Charts>
      </Section>

      <Section id="outcome" title={t("dashboard:sections.outcome")}>
        <Stats
          items={[
            [t("dashboard:stats.before"), dec(o.beforePerWeek)],
            [t("dashboard:stats.after"), `${dec(o.afterPerWeek)} (${signedPercent(locale, o.changePercent)})`],
          ]}
        />
        <Charts>{(["outcome-weekly", "outcome-items", "outcome-answers"] as const).map(chart)}</Charts>
      </Section>

      <Section id="pain" title={t("dashboard:sections.pain")}>
        <Charts>
          {(["clusters-top", "clusters-growth", "clusters-unaddressed", "channel-mix"] as const).map(chart)}
        </Charts>
      </Section>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`section-${id}`} className="mt-8">
      <h2 id={`section-${id}`} className="text-xl font-bold tracking-tight text-slate-900">
        {title}
      </h2>
      <div className="mt-3 space-y-4">{children}</div>
    </section>
  );
}

function Stats({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-700">{label}</dt>
          <dd className="mt-1 text-lg font-semibold text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Charts({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">{children}</div>;
}
