import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { getImportView } from "#app/services/tickets/imports.server";
import { notFound } from "#app/utils/http.server";

/** GET /admin/imports/:id/progress: polled every second by the import page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "tickets:import");
  const view = await getImportView(getDb(), params.id ?? "");
  if (!view) throw notFound("tickets:errors.importMissing");
  return Response.json(
    {
      status: view.shownStatus,
      percent: view.percent,
      rows: view.rowsProcessed,
      inserted: view.inserted,
      updated: view.updated,
      failed: view.failed,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
