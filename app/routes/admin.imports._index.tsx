import {
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { ConfirmForm } from "#app/components/ui/confirm-form";
import { FormAlert, Notice } from "#app/components/ui/field";
import { Card, EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDateTime, formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { ImportPresetSchema } from "#app/schemas/tickets";
import { importPresets } from "#app/services/tickets/fields";
import { MAX_UPLOAD_BYTES, UploadTooLargeError } from "#app/services/tickets/csv-file.server";
import { choosePreset, createImportFromStream, listImports } from "#app/services/tickets/imports.server";
import { originalFilename, withQuotedSemicolons } from "#app/utils/multipart.server";
import { ticketImports } from "#db/schema/index";
import { eq } from "drizzle-orm";
import { formError, readSearchParams } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

const ListQuerySchema = z.object({ discarded: z.literal("1").optional().catch(undefined) });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tickets:imports.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "tickets:import");
  const { discarded } = ListQuerySchema.parse(readSearchParams(request));
  return { imports: await listImports(getDb()), discarded: discarded === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "tickets:import");
  const db = getDb();
  let importId: string | undefined;
  let emptyFile = false;
  // Errors of our own handler (the database) are not the client's fault; the parser's are.
  let handlerError: unknown;
  // The file streams straight into the database; the other fields are small.
  const fileHandler: UploadHandler = async ({ name, filename, data: bytes }) => {
    if (name !== "file") return undefined;
    if (!filename) {
      for await (const _chunk of bytes) {
        // Drain the empty part of a form sent without a file.
      }
      return undefined;
    }
    const created = await createImportFromStream(db, {
      filename: originalFilename(filename),
      createdById: admin.id,
      data: bytes,
      limit: MAX_UPLOAD_BYTES,
    }).catch((error: unknown) => {
      handlerError = error;
      throw error;
    });
    if (created.sizeBytes === 0) {
      emptyFile = true;
      await db.delete(ticketImports).where(eq(ticketImports.id, created.id));
      return undefined;
    }
    importId = created.id;
    return created.id;
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(withQuotedSemicolons(request), async (part) =>
      part.name === "file" ? fileHandler(part) : unstable_createMemoryUploadHandler({ maxPartSize: 10_000 })(part),
    );
  } catch (error) {
    if (error instanceof UploadTooLargeError) return formError("upload", "tickets:errors.tooLarge", { status: 413 });
    if (error === handlerError) throw error;
    return formError("upload", "tickets:errors.malformedUpload");
  }
  const preset = ImportPresetSchema.safeParse(formData.get("preset"));
  if (!importId) return formError("upload", emptyFile ? "tickets:errors.fileEmpty" : "tickets:errors.fileRequired");
  if (!preset.success) {
    await db.delete(ticketImports).where(eq(ticketImports.id, importId));
    return formError("upload", "tickets:errors.preset");
  }
  await choosePreset(db, importId, preset.data);
  return redirect(`/admin/imports/${importId}`);
}

export default function AdminImportsPage() {
  const { t } = useTranslation();
  const { imports, discarded } = useLoaderData<typeof loader>();
  const uploadError = formErrorFor(useActionData<typeof action>(), "upload");
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  return (
    <>
      <PageHeader title={t("tickets:imports.title")} description={t("tickets:imports.description")} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h2 className="mb-3 text-lg font-semibold">{t("tickets:imports.listTitle")}</h2>
          {discarded ? (
            <div className="mb-3">
              <Notice>{t("tickets:discard.done")}</Notice>
            </div>
          ) : null}
          {imports.length === 0 ? (
            <EmptyState title={t("tickets:imports.empty")} />
          ) : (
            <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              <table className="min-w-full text-left text-sm">
                <thead className="bg-slate-50 text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      {t("tickets:imports.columns.file")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("tickets:imports.columns.status")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      {t("tickets:imports.columns.inserted")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      {t("tickets:imports.columns.updated")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      {t("tickets:imports.columns.failed")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      <span className="sr-only">{t("tickets:imports.columns.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {imports.map((item) => (
                    <tr key={item.id}>
                      <td className="px-3 py-2">
                        <Link
                          to={`/admin/imports/${item.id}`}
                          className="font-semibold text-brand-700 underline"
                          aria-label={t("tickets:imports.openFor", { name: item.filename })}
                        >
                          {item.filename}
                        </Link>
                        <div className="text-xs text-slate-600">{formatDateTime(locale, item.createdAt)}</div>
                      </td>
                      <td className="px-3 py-2">
                        {t(`tickets:imports.status.${item.shownStatus}`)}
                        {item.shownStatus === "running" || item.shownStatus === "queued" ? ` · ${item.percent}%` : null}
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums">{formatNumber(locale, item.inserted)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{formatNumber(locale, item.updated)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{formatNumber(locale, item.failed)}</td>
                      <td className="px-3 py-2">
                        {item.shownStatus === "uploaded" ? (
                          <ConfirmForm
                            action={`/admin/imports/${item.id}`}
                            intent="discard"
                            label={t("tickets:discard.button")}
                            labelFor={t("tickets:discard.buttonFor", { name: item.filename })}
                            question={t("tickets:discard.question", { name: item.filename })}
                            confirmLabel={t("tickets:discard.confirm")}
                          />
                        ) : item.shownStatus === "queued" || item.shownStatus === "running" ? (
                          <Link
                            to={`/admin/imports/${item.id}?confirm=cancel`}
                            className={buttonClass("secondary")}
                            aria-label={t("tickets:cancel.buttonFor", { name: item.filename })}
                          >
                            {t("tickets:cancel.button")}
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <Card>
          <h2 className="text-lg font-semibold">{t("tickets:imports.newTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
            <FormAlert errors={uploadError ? [uploadError] : null} />
            <div>
              <label htmlFor="import-file" className="block text-sm font-medium text-slate-800">
                {t("tickets:imports.file")}
              </label>
              <input
                id="import-file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-describedby="import-file-hint"
                className="mt-1 block w-full text-sm text-slate-900 file:mr-3 file:rounded-md file:border-0 file:bg-slate-200 file:px-3 file:py-2 file:font-semibold"
              />
              <p id="import-file-hint" className="mt-1 text-sm text-slate-600">
                {t("tickets:imports.fileHint")}
              </p>
            </div>
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">{t("tickets:imports.preset")}</legend>
              <ul className="mt-2 space-y-2">
                {importPresets.map((preset, index) => (
                  <li key={preset} className="flex items-center gap-2">
                    <input
                      id={`preset-${preset}`}
                      type="radio"
                      name="preset"
                      value={preset}
                      defaultChecked={index === 0}
                      className="size-4 border-slate-400"
                    />
                    <label htmlFor={`preset-${preset}`} className="text-sm text-slate-900">
                      {t(`tickets:imports.presets.${preset}`)}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <Button disabled={uploading}>
              {uploading ? t("tickets:imports.uploading") : t("tickets:imports.upload")}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
