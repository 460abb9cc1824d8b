import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button, buttonClass } from "#app/components/ui/button";
import { Card, PageHeader } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { formatDateTime, formatNumber } from "#app/i18n/format";
import { FailedRows } from "./failed-rows";
import { problemKey } from "./problem-text";
import type { ImportPageData } from "./route";
import { toProgress, useLiveProgress } from "./use-live-progress";

type Props = Pick<ImportPageData, "view" | "errors"> & { confirmCancel: boolean; refused: ReactNode; locale: Locale };

/** A started import: its progress live, cancelling it, then its counts and the rows it rejected. */
export function ImportProgress({ view, errors, confirmCancel, refused, locale }: Props) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const active = view.shownStatus === "queued" || view.shownStatus === "running";
  const progress = useLiveProgress(view.id, toProgress(view), active);
  const finished = !active;
  const imported = view.inserted + view.updated;
  const failedProblem = problemKey(view.error);
  // A job that failed for good without a stored reason says what stopped it.
  const jobError = view.shownStatus === "failed" ? (view.job?.error ?? "") : null;
  return (
    <>
      <PageHeader
        title={t("tickets:progress.title", { name: view.filename })}
        description={formatDateTime(locale, view.createdAt)}
        actions={
          <Link to="/admin/imports" className={buttonClass("secondary")}>
            {t("tickets:preview.back")}
          </Link>
        }
      />
      {active && !confirmCancel ? (
        <noscript>
          <meta httpEquiv="refresh" content="3" />
        </noscript>
      ) : null}
      {refused}
      <Card>
        <p className="font-semibold" aria-live="polite">
          {t(`tickets:imports.status.${progress.status}`, { defaultValue: progress.status })}
        </p>
        <div
          role="progressbar"
          aria-label={t("tickets:progress.label")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress.percent}
          className="mt-3 h-4 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress.percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-slate-700">
          {t("tickets:progress.percent", { percent: progress.percent })} ·{" "}
          {t("tickets:progress.rows", { count: progress.rows, formatted: formatNumber(locale, progress.rows) })}
        </p>
        {active ? (
          <p className="mt-2 text-sm text-slate-700">
            {t("tickets:progress.refreshHint")}{" "}
            <Link to="." reloadDocument className="font-semibold text-brand-700 underline">
              {t("tickets:progress.refresh")}
            </Link>
          </p>
        ) : null}
        {active && progress.status !== "cancelled" ? (
          confirmCancel ? (
            <Form
              method="post"
              action={`/admin/imports/${view.id}`}
              className="mt-4 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3"
            >
              <p className="text-sm text-amber-950">{t("tickets:cancel.question", { name: view.filename })}</p>
              <input type="hidden" name="intent" value="cancel" />
              <div className="flex flex-wrap gap-3">
                <Button variant="danger" disabled={navigation.state !== "idle"}>
                  {t("tickets:cancel.confirm")}
                </Button>
                <Link to="." replace className={buttonClass("secondary")}>
                  {t("tickets:cancel.keep")}
                </Link>
              </div>
            </Form>
          ) : (
            <Link to="?confirm=cancel" replace className={buttonClass("secondary", "mt-4")}>
              {t("tickets:cancel.button")}
            </Link>
          )
        ) : null}
        {finished && view.shownStatus === "cancelled" ? (
          <p role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            {imported === 0 ? t("tickets:cancel.doneNone") : t("tickets:cancel.done", { count: imported })}
          </p>
        ) : null}
        {finished && view.shownStatus === "failed" ? (
          <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {failedProblem
              ? t(failedProblem.key, failedProblem.values)
              : jobError
                ? t("tickets:progress.failedJob", { error: jobError })
                : t("tickets:progress.failedImport")}
          </p>
        ) : null}
        {finished ? (
          <dl className="mt-4 grid grid-cols-3 gap-4 text-center">
            <div className="rounded-md bg-emerald-50 p-3">
              <dt className="text-sm text-emerald-900">{t("tickets:progress.inserted")}</dt>
              <dd className="text-2xl font-bold tabular-nums text-emerald-900" data-testid="count-inserted">
                {formatNumber(locale, view.inserted)}
              </dd>
            </div>
            <div className="rounded-md bg-sky-50 p-3">
              <dt className="text-sm text-sky-900">{t("tickets:progress.updated")}</dt>
              <dd className="text-2xl font-bold tabular-nums text-sky-900" data-testid="count-updated">
                {formatNumber(locale, view.updated)}
              </dd>
            </div>
            <div className="rounded-md bg-red-50 p-3">
              <dt className="text-sm text-red-900">{t("tickets:progress.failed")}</dt>
              <dd className="text-2xl font-bold tabular-nums text-red-900" data-testid="count-failed">
                {formatNumber(locale, view.failed)}
              </dd>
            </div>
          </dl>
        ) : null}
      </Card>
      {finished ? <FailedRows view={view} errors={errors} /> : null}
    </>
  );
}
