import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { FormAlert } from "#app/components/ui/field";
import { defaultLocale } from "#app/i18n/config";
import type { loader as rootLoader } from "#app/root";
import { ImportIntentSchema } from "#app/schemas/tickets";
import type { ImportPreset } from "#app/services/tickets/fields";
import { missingRequiredColumns } from "#app/services/tickets/presets.server";
import { getImportView, listImportErrors, previewImport, type RowError } from "#app/services/tickets/imports.server";
import { badRequest, getClientIp, notFound, readForm, readSearchParams } from "#app/utils/http.server";
import { formErrorFor, readFormError } from "#app/utils/forms";
import { RouteErrorBoundary } from "#app/components/error-page";
import { pageTitle } from "#app/i18n/meta";
import { cancelAction, discardAction, mappingFrom, startAction } from "./actions.server";
import { ImportPreview } from "./preview";
import { ImportProgress } from "./progress";

const ERRORS_SHOWN = 100;

const ConfirmQuerySchema = z.object({ confirm: z.literal("cancel").optional().catch(undefined) });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data?.preview ? "tickets:preview.title" : "tickets:progress.title", {
    name: data?.view.filename ?? "",
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "tickets:import");
  const db = getDb();
  const view = await getImportView(db, params.id ?? "");
  if (!view) throw notFound("tickets:errors.importMissing");
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

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "tickets:import");
  const view = await getImportView(getDb(), params.id ?? "");
  if (!view) throw notFound("tickets:errors.importMissing");
  const formData = await readForm(request);
  const parsed = ImportIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) throw badRequest();
  const context = { actor: { id: admin.id, ip: getClientIp(request) }, view, formData };
  switch (parsed.data.intent) {
    case "cancel":
      return cancelAction(context);
    case "discard":
      return discardAction(context);
    case "start":
      return startAction(context);
  }
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/admin/imports", label: "tickets:preview.back" }} />;
}

export type ImportPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AdminImportPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { view, preview, mapping, missing, errors } = loaderData;
  const confirmCancel = "confirmCancel" in loaderData && Boolean(loaderData.confirmCancel);
  const actionData = useActionData<typeof action>();
  const refusal = formErrorFor(actionData, ["cancel", "discard"]);
  const refused = refusal ? (
    <div className="mb-4">
      <FormAlert errors={[refusal]} />
    </div>
  ) : null;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  return preview ? (
    <ImportPreview
      view={view}
      preview={preview}
      mapping={mapping}
      missing={missing}
      startError={readFormError(actionData, "start")}
      refused={refused}
      locale={locale}
    />
  ) : (
    <ImportProgress view={view} errors={errors} confirmCancel={confirmCancel} refused={refused} locale={locale} />
  );
}
