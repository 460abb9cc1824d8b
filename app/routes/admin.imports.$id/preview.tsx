import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button, buttonClass } from "#app/components/ui/button";
import { ConfirmForm } from "#app/components/ui/confirm-form";
import { Card, PageHeader } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { formatDateTime } from "#app/i18n/format";
import { requiredTicketFields, ticketFields, type TicketField } from "#app/services/tickets/fields";
import type { readFormError } from "#app/utils/forms";
import { ProblemList } from "./problem-list";
import { problemKey } from "./problem-text";
import type { ImportPageData } from "./route";

const MISSING_COLUMNS = "tickets:preview.missingColumns";

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

type Props = Pick<ImportPageData, "view" | "mapping" | "missing"> & {
  preview: NonNullable<ImportPageData["preview"]>;
  /** Why the last "Start" was refused, if it was. */
  startError: ReturnType<typeof readFormError>;
  refused: ReactNode;
  locale: Locale;
};

/** The fields a refused start named, each with the column it was looked for under. */
function missingFrom(values: Record<string, string | number>): Props["missing"] {
  return ticketFields.flatMap((field) =>
    field in values ? [{ field, column: values[field] ? String(values[field]) : null }] : [],
  );
}

/** An upload not yet started: the columns mapped to ticket fields, and the first rows as they would be read. */
export function ImportPreview({ view, preview, mapping, missing, startError, refused, locale }: Props) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const refusedMissing = startError?.message === MISSING_COLUMNS ? missingFrom(startError.values) : [];
  const shownMissing = refusedMissing.length > 0 ? refusedMissing : missing;
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
      {startError && startError.message !== MISSING_COLUMNS ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(startError.message)}
        </p>
      ) : null}
      {uploadProblem ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(uploadProblem.key, uploadProblem.values)}
        </p>
      ) : null}
      {shownMissing.length > 0 && !uploadProblem ? (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(MISSING_COLUMNS, { fields: missingText })}
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
