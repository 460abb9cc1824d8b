import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { detectLocale, getServerT } from "#app/i18n/i18n.server";
import { getImport, listImportErrors } from "#app/services/tickets/imports.server";
import { csvRow } from "#app/utils/csv";
import { notFound } from "#app/utils/http.server";

/** GET /admin/imports/:id/errors.csv: every row that was not imported, with its line and the reasons. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "tickets:import");
  const db = getDb();
  const upload = await getImport(db, params.id ?? "");
  if (!upload) throw notFound("tickets:errors.importMissing");
  const t = await getServerT(await detectLocale(request, user.locale));
  const errors = await listImportErrors(db, upload.id);
  const lines = errors.map((error) =>
    csvRow([
      error.line,
      error.externalId,
      error.problems
        .map(
          (problem) =>
            `${problem.field ? `${t(`tickets:fields.${problem.field}`, { defaultValue: problem.field })}: ` : ""}${t(problem.message, { defaultValue: problem.message })}`,
        )
        .join(" "),
    ]),
  );
  const header = csvRow([t("tickets:preview.line"), t("tickets:progress.externalId"), t("tickets:progress.problem")]);
  const name = upload.filename.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_");
  return new Response("\uFEFF" + header + lines.join(""), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}-failed-rows.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
