import type { Flow, Outcome, Pain, Participation, Promises } from "#app/services/dashboard/index.server";
import { itemStatuses } from "#app/services/workflow";

/**
 * Every dashboard chart's data as a plain table: the page draws the chart and the table
 * toggle from it, and the CSV download writes the same rows, so the three always agree.
 */
export type CellFormat =
  | "text"
  | "int"
  | "decimal"
  | "percent"
  | "signedPercent"
  | "hours"
  | "date"
  | "status"
  | "answer"
  | "age"
  | "channel"
  | "ref";
export type Column = { id: string; format: CellFormat };
export type Cell = string | number | null;
export type DataTable = { columns: Column[]; rows: Cell[][] };

const dashboardSections = {
  participation: ["items-weekly", "votes-weekly", "participation-teams"],
  flow: ["status-funnel", "status-flow", "backlog-age"],
  promises: ["overdue-owners"],
  outcome: ["outcome-weekly", "outcome-items", "outcome-answers"],
  pain: ["clusters-top", "clusters-growth", "clusters-unaddressed", "channel-mix"],
} as const;
export type DashboardSection = keyof typeof dashboardSections;
export type ChartId = (typeof dashboardSections)[DashboardSection][number];
export const chartIds = Object.values(dashboardSections).flat() as ChartId[];

export function sectionOf(chart: ChartId): DashboardSection {
  const entry = Object.entries(dashboardSections).find(([, charts]) => (charts as readonly string[]).includes(chart));
  return (entry?.[0] ?? "participation") as DashboardSection;
}

const col = (id: string, format: CellFormat = "int"): Column => ({ id, format });

export function participationTables(data: Participation) {
  const kinds = (weeks: Participation["items"]): DataTable => ({
    columns: [col("week", "date"), col("insight"), col("idea")],
    rows: weeks.map((week) => [week.week, week.insight, week.idea]),
  });
  return {
    "items-weekly": kinds(data.items),
    "votes-weekly": kinds(data.votes),
    "participation-teams": {
      columns: [col("team", "text"), col("people"), col("participants"), col("share", "percent")],
      rows: data.byTeam.map((team) => [team.teamName, team.people, team.participants, team.share]),
    },
  } satisfies Record<(typeof dashboardSections)["participation"][number], DataTable>;
}

export function flowTables(data: Flow) {
  return {
    "status-funnel": {
      columns: [col("status", "status"), col("items")],
      rows: data.byStatus.map((row) => [row.status, row.items]),
    },
    "status-flow": {
      columns: [
        col("week", "date"),
        ...itemStatuses.flatMap((status) => [col(`entered_${status}`), col(`left_${status}`)]),
      ],
      rows: data.weeks.map((week) => [
        week.week,
        ...itemStatuses.flatMap((status) => [week.entered[status], week.left[status]]),
      ]),
    },
    "backlog-age": {
      columns: [col("age", "age"), col("items")],
      rows: data.backlog.ages.map((row) => [row.age, row.items]),
    },
  } satisfies Record<(typeof dashboardSections)["flow"][number], DataTable>;
}

export function promisesTables(data: Promises) {
  return {
    "overdue-owners": {
      columns: [col("owner", "text"), col("items"), col("oldest_target_date", "date")],
      rows: data.overdueByOwner.map((row) => [row.ownerName, row.items, row.oldestTargetDate]),
    },
  } satisfies Record<(typeof dashboardSections)["promises"][number], DataTable>;
}

export function outcomeTables(data: Outcome) {
  return {
    "outcome-weekly": {
      columns: [col("week_offset"), col("tickets")],
      rows: data.weeks.map((week) => [week.offset, week.tickets]),
    },
    "outcome-items": {
      columns: [
        col("number", "ref"),
        col("title", "text"),
        col("done_at", "date"),
        col("before_per_week", "decimal"),
        col("after_per_week", "decimal"),
        col("change_percent", "signedPercent"),
      ],
      rows: data.items.map((item) => [
        item.number,
        item.title,
        item.doneAt.slice(0, 10),
        item.beforePerWeek,
        item.afterPerWeek,
        item.changePercent,
      ]),
    },
    "outcome-answers": {
      columns: [col("answer", "answer"), col("items")],
      rows: (["yes", "partly", "no", "unanswered"] as const).map((answer) => [answer, data.answers[answer]]),
    },
  } satisfies Record<(typeof dashboardSections)["outcome"][number], DataTable>;
}

export function painTables(data: Pain) {
  return {
    "clusters-top": {
      columns: [
        col("number", "ref"),
        col("cluster", "text"),
        col("tickets"),
        col("per_week", "decimal"),
        col("csat", "percent"),
        col("resolution_hours", "hours"),
        col("linked_items"),
      ],
      rows: data.top.map((row) => [
        row.number,
        row.name,
        row.tickets,
        row.perWeek,
        row.csat,
        row.medianResolutionHours,
        row.linkedItems,
      ]),
    },
    "clusters-growth": {
      columns: [
        col("number", "ref"),
        col("cluster", "text"),
        col("previous"),
        col("tickets"),
        col("growth"),
        col("growth_percent", "signedPercent"),
      ],
      rows: data.growing.map((row) => [row.number, row.name, row.previous, row.tickets, row.growth, row.growthPercent]),
    },
    "clusters-unaddressed": {
      columns: [col("number", "ref"), col("cluster", "text"), col("tickets"), col("per_week", "decimal")],
      rows: data.unaddressed.map((row) => [row.number, row.name, row.tickets, row.perWeek]),
    },
    "channel-mix": {
      columns: [col("week", "date"), ...data.channelNames.map((name) => col(`channel:${name}`))],
      rows: data.channels.map((week) => [week.week, ...data.channelNames.map((name) => week.counts[name] ?? 0)]),
    },
  } satisfies Record<(typeof dashboardSections)["pain"][number], DataTable>;
}
