import { decimal, hours, percent, signedPercent } from "#app/components/charts/format";
import type { Locale } from "#app/i18n/config";
import { useTranslation } from "react-i18next";
import type { ClusterPageData } from "./route";

/** The cluster's figures at a glance. */
export function ClusterKpis({ cluster, locale }: { cluster: ClusterPageData["cluster"]; locale: Locale }) {
  const { t } = useTranslation("clusters");
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {[
        [t("columns.size"), String(cluster.size)],
        [t("columns.change"), signedPercent(locale, cluster.changePercent)],
        [t("columns.csat"), percent(locale, cluster.csat)],
        [t("columns.firstResponse"), hours(locale, cluster.medianFirstResponseHours)],
        [t("columns.resolution"), hours(locale, cluster.medianResolutionHours)],
        [t("columns.backlog"), String(cluster.backlog)],
        [t("columns.interactions"), decimal(locale, cluster.interactionsPerTicket)],
        [t("columns.resolutionRate"), percent(locale, cluster.resolutionRate)],
      ].map(([label, value]) => (
        <div key={label} className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
          <dt className="text-xs font-medium text-slate-700">{label}</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
