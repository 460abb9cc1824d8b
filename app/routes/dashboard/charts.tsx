import { useTranslation } from "react-i18next";
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
import type { Locale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import { itemStatuses } from "#app/services/workflow";
import { dashboardFormats } from "./formats";
import type { DashboardPageData } from "./route";

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

/** Draws one chart of the dashboard by its id: its table, its one-line summary and its CSV link. */
export function useDashboardChart(dashboard: DashboardPageData["dashboard"], csvParams: string, locale: Locale) {
  const { t } = useTranslation(["dashboard", "items"]);
  const { participation: p, flow: f, promises: pr, outcome: o, pain: c } = dashboard;
  const { int, dec, days } = dashboardFormats(t, locale);
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

  return chart;
}
