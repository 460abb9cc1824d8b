import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { ConfirmForm } from "#app/components/ui/confirm-form";
import { FormAlert } from "#app/components/ui/field";
import { Card, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDateTime, formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { ImportIntentSchema } from "#app/schemas/tickets";
import { requiredTicketFields, ticketFields, type ImportPreset, type TicketField } from "#app/services/tickets/fields";
import {
  cancelImport,
  cleanMapping,
  discardUpload,
  getImportView,
  listImportErrors,
  previewImport,
  startImport,
  type RowError,
} from "#app/services/tickets/imports.server";
import { missingRequiredColumns } from "#app/services/tickets/presets.server";
import { getClientIp, readForm, readSearchParams } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

const ERRORS_SHOWN = 100;

const ConfirmQuerySchema = z.object({ confirm: z.literal("cancel").optional().catch(undefined) });

function mappingFrom(params: URLSearchParams | FormData, headers: readonly string[]) {
  const raw: Record<string, unknown> = {};
  for (const field of ticketFields) raw[field] = params.get(`map.${field}`) ?? undefined;
  return cleanMapping(raw, headers);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.preview ? "tickets:preview.title" : "tickets:progress.title", {
    name: data?.view.filename ?? "",
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "tickets:import");
  const db = getDb();
  const view = await getImportView(db, params.id ?? "");
  if (!view) throw data("Not found", { status: 404 });
  if (view.status === "uploaded") {
    const url = new URL(request.url);
    const chosen = url.searchParams.has("preview");
    const { headers } = await previewImport(db, view, 0);
    const mapping = chosen ? mappingFrom(url.searchParams, headers) : view.mapping;
    const preview = await previewImport(db, view, 10, mapping);
    const missing = missingRequiredColumns(view.preset as ImportPreset, mapping, preview.headers);
    return { view, preview, mapping, missing, errors: [] as RowError[] };
  }
  const finished =
    view.shownStatus === "succeeded" || view.shownStatus === "failed" || view.shownStatus === "cancelled";
  const errors = finished ? await listImportErrors(db, view.id, ERRORS_SHOWN) : [];
  // The cancel confirmation lives in the URL, so it survives the page's no-JavaScript refresh.
  const { confirm } = ConfirmQuerySchema.parse(readSearchParams(request));
  const confirmCancel = !finished && confirm === "cancel";
  return { view, preview: null, mapping: view.mapping, missing: [], errors, confirmCancel };
}

type ActionData = {
  missing: Extract<Awaited<ReturnType<typeof startImport>>, { reason: "missing_columns" }>["missing"];
  notStartable: boolean;
  refused?: "cancel" | "discard";
};

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "tickets:import");
  const db = getDb();
  const view = await getImportView(db, params.id ?? "");
  if (!view) throw data("Not found", { status: 404 });
  const formData = await readForm(request);
  const parsed = ImportIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) throw data("Unknown intent", { status: 400 });
  const actor = { id: admin.id, ip: getClientIp(request) };
  switch (parsed.data.intent) {
    case "cancel": {
      const result = await cancelImport(db, actor, view.id);
      if (!result.ok) return data<ActionData>({ missing: [], notStartable: false, refused: "cancel" }, { status: 409 });
      return redirect(`/admin/imports/${view.id}`);
    }
    case "discard": {
      if (!(await discardUpload(db, actor, view.id))) {
        return data<ActionData>({ missing: [], notStartable: false, refused: "discard" }, { status: 409 });
      }
      return redirect("/admin/imports?discarded=1");
    }
    case "start": {
      const { headers } = await previewImport(db, view, 0);
      const result = await startImport(db, view.id, mappingFrom(formData, headers), admin.id);
      if (!result.ok) {
        return data<ActionData>(
          result.reason === "missing_columns"
            ? { missing: result.missing, notStartable: false }
            : { missing: [], notStartable: true },
          { status: 400 },
        );
      }
      return redirect(`/admin/imports/${view.id}`);
    }
  }
}

type Progress = { status: string; percent: number; rows: number; inserted: number; updated: number; failed: number };

/** Polls the progress resource every second while the import runs, then reloads the page data. */
function useLiveProgress(id: string, fromServer: Progress, active: boolean): Progress {
  const [live, setLive] = useState<Progress | null>(null);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/admin/imports/${id}/progress`, { headers: { Accept: "application/json" } });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as Progress;
        setLive(next);
        if (next.status === "succeeded" || next.status === "failed" || next.status === "cancelled") {
          stopped = true;
          clearInterval(timer);
          revalidate.current();
        }
      } catch {
        // The next tick tries again.
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, active]);
  return active && live ? live : fromServer;
}

function FieldLabel({ field }: { field: TicketField }) {
  const { t } = useTranslation();
  const required = (requiredTicketFields as readonly string[]).includes(field);
  return (
    <>
      {t(`tickets:fields.${field}`)}
      {required ? (
        <>
          <span aria-hidden="true"> *</span>
          <span className="sr-only"> ({t("tickets:preview.required")})</span>
        </>
      ) : null}
    </>
  );
}

/** The text for a stored import problem code ("unclosed_quote:1502"), or null for an unknown code. */
function problemKey(code: string | null): { key: string; values: Record<string, string> } | null {
  if (!code) return null;
  const [kind, detail = ""] = code.split(/:(.*)/s, 2) as [string, string?];
  if (kind === "missing_columns")
    return { key: "tickets:progress.failedMissing", values: { columns: detail.split("|").join("”, “") } };
  if (kind === "unclosed_quote") return { key: "tickets:problems.unclosedQuote", values: { line: detail } };
  if (kind === "unsupported_encoding")
    return { key: "tickets:problems.unsupportedEncoding", values: { encoding: detail.toUpperCase() } };
  if (kind === "empty_file") return { key: "tickets:progress.failedEmpty", values: {} };
  if (kind === "import_failed") return { key: "tickets:problems.importFailed", values: {} };
  return null;
}

function ProblemList({ problems }: { problems: RowError["problems"] }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-0.5">
      {problems.map((problem) => (
        <li key={`${problem.field}-${problem.message}`}>
          {problem.field ? (
            <span className="font-semibold">
              {t(`tickets:fields.${problem.field}`, { defaultValue: problem.field })}:{" "}
            </span>
          ) : null}
          {t(problem.message, { defaultValue: problem.message })}
        </li>
      ))}
    </ul>
  );
}

export default function AdminImportPage() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const { view, preview, mapping, missing, errors } = loaderData;
  const confirmCancel = "confirmCancel" in loaderData && loaderData.confirmCancel;
  const actionData = useActionData<typeof action>();
  const refused = actionData?.refused ? (
    <div className="mb-4">
      <FormAlert
        errors={[
          actionData.refused === "cancel" ? "tickets:progress.notCancellable" : "tickets:preview.notDiscardable",
        ]}
      />
    </div>
  ) : null;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const active = view.shownStatus === "queued" || view.shownStatus === "running";
  const progress = useLiveProgress(view.id, toProgress(view), active);

  if (preview) {
    const shownMissing = actionData?.missing?.length ? actionData.missing : missing;
    // A file that cannot be read at all is said so, instead of listing the columns it seems to lack.
    const uploadProblem = problemKey(view.error);
    const missingText = shownMissing
      .map((entry) =>
        entry.column
          ? t("tickets:preview.missingColumn", { field: t(`tickets:fields.${entry.field}`), column: entry.column })
          : t(`tickets:fields.${entry.field}`),
      )
      .join(", ");
    return (
      <>
        <PageHeader
          title={t("tickets:preview.title", { name: view.filename })}
          description={t("tickets:preview.detected", {
            encoding: view.encoding === "utf-8" ? "UTF-8" : "Windows-1252",
            delimiter: view.delimiter === "\t" ? "TAB" : view.delimiter,
          })}
          actions={
            <>
              <Link to="/admin/imports" className={buttonClass("secondary")}>
                {t("tickets:preview.back")}
              </Link>
              <ConfirmForm
                intent="discard"
                label={t("tickets:discard.button")}
                question={t("tickets:discard.question", { name: view.filename })}
                confirmLabel={t("tickets:discard.confirm")}
              />
            </>
          }
        />
        {refused}
        {actionData?.notStartable ? (
          <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t("tickets:preview.notStartable")}
          </p>
        ) : null}
        {uploadProblem ? (
          <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t(uploadProblem.key, uploadProblem.values)}
          </p>
        ) : null}
        {shownMissing.length > 0 && !uploadProblem ? (
          <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {t("tickets:preview.missingColumns", { fields: missingText })}
          </p>
        ) : null}
        <Form method="get" className="space-y-6">
          <input type="hidden" name="preview" value="1" />
          <Card>
            <h2 className="text-lg font-semibold">{t("tickets:preview.mappingTitle")}</h2>
            <p className="mt-1 text-sm text-slate-700">{t("tickets:preview.mappingHint")}</p>
            <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {ticketFields.map((field) => (
                <div key={field}>
                  <label htmlFor={`map-${field}`} className="block text-sm font-medium text-slate-800">
                    <FieldLabel field={field} />
                  </label>
                  <select
                    id={`map-${field}`}
                    name={`map.${field}`}
                    defaultValue={mapping[field] ?? ""}
                    className="mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600"
                  >
                    <option value="">{t("tickets:preview.notImported")}</option>
                    {preview.headers.map((header) => (
                      <option key={header} value={header}>
                        {header}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
            <div className="mt-4 flex flex-wrap gap-3">
              <Button variant="secondary">{t("tickets:preview.refresh")}</Button>
              <Button
                formMethod="post"
                name="intent"
                value="start"
                disabled={navigation.state !== "idle" || shownMissing.length > 0 || Boolean(uploadProblem)}
              >
                {t("tickets:preview.start")}
              </Button>
            </div>
          </Card>
        </Form>
        <h2 className="mb-3 mt-8 text-lg font-semibold">{t("tickets:preview.rowsTitle")}</h2>
        {preview.rows.length === 0 ? (
          <p className="text-slate-700">{t("tickets:preview.noRows")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:preview.line")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:fields.externalId")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:fields.subject")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:fields.status")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:fields.channel")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:fields.openedAt")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:preview.result")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 align-top">
                {preview.rows.map((row) => (
                  <tr key={row.line}>
                    <td className="px-3 py-2 tabular-nums">{row.line}</td>
                    {row.mapped.ok ? (
                      <>
                        <td className="px-3 py-2">{row.mapped.record.externalId}</td>
                        <td className="max-w-xs truncate px-3 py-2">{row.mapped.record.subject}</td>
                        <td className="px-3 py-2">{t(`tickets:ticketStatus.${row.mapped.record.status}`)}</td>
                        <td className="px-3 py-2">
                          {row.mapped.record.channel ? t(`items:channel.${row.mapped.record.channel}`) : "—"}
                        </td>
                        <td className="whitespace-nowrap px-3 py-2">
                          {formatDateTime(locale, row.mapped.record.openedAt)}
                        </td>
                        <td className="px-3 py-2 font-semibold text-emerald-800">{t("tickets:preview.ok")}</td>
                      </>
                    ) : (
                      <>
                        <td className="px-3 py-2">{row.mapped.error.externalId ?? "—"}</td>
                        <td colSpan={4} className="px-3 py-2 text-slate-600">
                          —
                        </td>
                        <td className="px-3 py-2 text-red-800">
                          <ProblemList problems={row.mapped.error.problems} />
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    );
  }

  const finished = !active;
  const imported = view.inserted + view.updated;
  const failedReason = view.error ?? (view.shownStatus === "failed" ? (view.job?.error ?? "") : null);
  const failedProblem = problemKey(failedReason);
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
              : failedReason
                ? t("tickets:progress.failedJob", { error: failedReason })
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
      {finished && errors.length > 0 ? (
        <section className="mt-8">
          <h2 className="mb-3 text-lg font-semibold">{t("tickets:progress.failedTitle")}</h2>
          {view.failed > errors.length ? (
            <p className="mb-2 text-sm text-slate-700">
              {t("tickets:progress.failedMore", { shown: errors.length, count: view.failed })}
            </p>
          ) : null}
          <a href={`/admin/imports/${view.id}/errors.csv`} className={buttonClass("secondary", "mb-3")} download>
            {t("tickets:progress.download")}
          </a>
          <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:preview.line")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:progress.externalId")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("tickets:progress.problem")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 align-top">
                {errors.map((error) => (
                  <tr key={error.line}>
                    <td className="px-3 py-2 tabular-nums">{error.line}</td>
                    <td className="px-3 py-2">{error.externalId ?? "—"}</td>
                    <td className="px-3 py-2 text-red-800">
                      <ProblemList problems={error.problems} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

function toProgress(view: {
  shownStatus: string;
  percent: number;
  rowsProcessed: number;
  inserted: number;
  updated: number;
  failed: number;
}): Progress {
  return {
    status: view.shownStatus,
    percent: view.percent,
    rows: view.rowsProcessed,
    inserted: view.inserted,
    updated: view.updated,
    failed: view.failed,
  };
}
