import { useTranslation } from "react-i18next";
import { hours } from "#app/components/charts/format";
import { SeriesChart } from "#app/components/charts/series-chart";
import type { Locale } from "#app/i18n/config";
import { formatDate, formatNumber } from "#app/i18n/format";
import type { ClusterPageData } from "./route";

/** Week by week: tickets, CSAT, response and resolution times, backlog. */
export function ClusterCharts({ weeks, locale }: { weeks: ClusterPageData["weeks"]; locale: Locale }) {
  const { t } = useTranslation("clusters");
  const weekLabel = (week: string) => formatDate(locale, week);
  const chartText = { tableLabel: t("detail.showTable"), columnLabel: t("detail.weekOf") };
  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title" className="text-lg font-semibold text-slate-900">
        {t("detail.charts")}
      </h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <SeriesChart
          title={t("detail.chartTickets")}
          kind="bar"
          points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.tickets }))}
          valueLabel={t("detail.tickets")}
          unit={t("detail.unitTickets")}
          format={(value) => formatNumber(locale, value)}
          {...chartText}
        />
        <SeriesChart
          title={t("detail.chartCsat")}
          points={weeks.map((week) => ({
            label: weekLabel(week.week),
            value: week.csat === null ? null : Math.round(week.csat * 100),
          }))}
          format={(value) => `${formatNumber(locale, value)} %`}
          valueLabel={t("columns.csat")}
          unit={t("detail.unitCsat")}
          {...chartText}
        />
        <SeriesChart
          title={t("detail.chartFirstResponse")}
          points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.medianFirstResponseHours }))}
          format={(value) => hours(locale, value)}
          valueLabel={t("columns.firstResponse")}
          unit={t("detail.unitHours")}
          {...chartText}
        />
        <SeriesChart
          title={t("detail.chartResolution")}
          points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.medianResolutionHours }))}
          format={(value) => hours(locale, value)}
          valueLabel={t("columns.resolution")}
          unit={t("detail.unitHours")}
          {...chartText}
        />
        <SeriesChart
          title={t("detail.chartBacklog")}
          points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.backlog }))}
          valueLabel={t("columns.backlog")}
          unit={t("detail.unitBacklog")}
          format={(value) => formatNumber(locale, value)}
          {...chartText}
        />
      </div>
    </section>
  );
}
