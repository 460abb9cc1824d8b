import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { decimal, signedPercent } from "#app/components/charts/format";
import { SeriesChart } from "#app/components/charts/series-chart";
import { Sparkline } from "#app/components/charts/sparkline";
import { Button } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import type { ItemClusterPanel } from "#app/services/clusters/panel.server";

/** Linked ticket clusters, the item's impact, and for done items the volume before and after. */
export function ClustersPanel({ panel, locale, error }: { panel: ItemClusterPanel; locale: Locale; error?: string }) {
  const { t } = useTranslation("clusters");
  const { clusters, impact, afterDone, choices, canManage, canOpenClusters } = panel;
  if (clusters.length === 0 && !canManage) return null;
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("item.title")}</h2>
      <p className="mt-1 text-sm text-slate-800" data-testid="item-impact">
        {t("item.impact", { value: decimal(locale, impact.perWeek) })}
      </p>
      {error ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-900">
          {t(error)}
        </p>
      ) : null}
      {clusters.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">{t("item.none")}</p>
      ) : (
        <ul className="mt-3 space-y-2">
          {clusters.map((cluster) => (
            <li key={cluster.id} className="flex flex-wrap items-center gap-2 text-sm">
              {canOpenClusters ? (
                <Link to={`/clusters/${cluster.number}`} className="font-medium text-slate-900 underline">
                  {cluster.label}
                </Link>
              ) : (
                <span className="font-medium text-slate-900">{cluster.label}</span>
              )}
              <span className="text-slate-700">{t("item.size", { count: cluster.size })}</span>
              <Sparkline values={cluster.weekly} width={80} height={24} />
              <span className="sr-only">{t("item.trend", { values: cluster.weekly.join(", ") })}</span>
              {canManage ? (
                <Form method="post" className="ml-auto">
                  <input type="hidden" name="intent" value="cluster-unlink" />
                  <input type="hidden" name="cluster" value={cluster.id} />
                  <button
                    type="submit"
                    className="text-sm font-semibold text-red-800 underline"
                    aria-label={t("item.unlinkNamed", { label: cluster.label })}
                  >
                    {t("item.unlink")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage && choices.length ? (
        <Form method="post" className="mt-4 flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="cluster-link" />
          <div className="min-w-0 flex-1">
            <label htmlFor="link-cluster" className="block text-sm font-medium text-slate-800">
              {t("item.link")}
            </label>
            {/* No cluster preselected: a link is a manager's choice, not the largest by default. */}
            <select
              id="link-cluster"
              name="cluster"
              required
              defaultValue=""
              className="mt-1 block w-full rounded-md px-2 py-2 text-sm ring-1 ring-inset ring-slate-400"
            >
              <option value="" disabled>
                {t("item.linkChoose")}
              </option>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label} ({choice.size})
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary">{t("item.linkButton")}</Button>
        </Form>
      ) : null}
      {afterDone ? (
        <div className="mt-4">
          <SeriesChart
            title={t("item.afterDoneTitle")}
            kind="bar"
            marker={t("item.weekOffset", { offset: 0 })}
            points={afterDone.weeks.map((week) => ({
              label: t("item.weekOffset", { offset: week.offset }),
              value: week.offset < 0 || week.complete ? week.tickets : null,
            }))}
            tableLabel={t("detail.showTable")}
            columnLabel={t("item.weekColumn")}
            valueLabel={t("detail.tickets")}
            footer={
              <p className="mt-2 text-sm text-slate-900" data-testid="after-done-change">
                {afterDone.changePercent === null
                  ? t("item.afterDoneNoBase")
                  : t("item.afterDoneChange", {
                      change: signedPercent(locale, afterDone.changePercent),
                      before: decimal(locale, afterDone.beforePerWeek),
                      after: decimal(locale, afterDone.afterPerWeek),
                      count: afterDone.weeksAfter,
                    })}
              </p>
            }
          />
        </div>
      ) : null}
    </Card>
  );
}
