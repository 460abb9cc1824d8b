import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { detectLocale } from "#app/i18n/i18n.server";
import {
  chartIds,
  flowTables,
  outcomeTables,
  painTables,
  participationTables,
  promisesTables,
  sectionOf,
  type ChartId,
  type DataTable,
} from "#app/components/dashboard/tables";
import { resolveDashboardQuery } from "#app/schemas/dashboard";
import { flow, outcome, pain, participation, promises } from "#app/services/dashboard/index.server";
import { csvRow } from "#app/utils/csv";
import { notFound } from "#app/utils/http.server";

const ChartSchema = z.enum(chartIds as [ChartId, ...ChartId[]]);

/** One dashboard chart's table as CSV, with the same range and filters as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard:view");
  const url = new URL(request.url);
  const chart = ChartSchema.safeParse(url.searchParams.get("chart"));
  if (!chart.success) throw notFound("dashboard:errors.chartMissing");
  const { filters } = resolveDashboardQuery(url.searchParams);
  const db = getDb();
  const section = sectionOf(chart.data);
  const tables: Record<string, DataTable> =
    section === "participation"
      ? participationTables(await participation(db, filters))
      : section === "flow"
        ? flowTables(await flow(db, filters))
        : section === "promises"
          ? promisesTables(await promises(db, filters))
          : section === "outcome"
            ? outcomeTables(await outcome(db, filters))
            : painTables(await pain(db, filters, await detectLocale(request, user.locale)));
  const table = tables[chart.data];
  if (!table) throw notFound("dashboard:errors.chartMissing");
  const body =
    csvRow(table.columns.map((column) => column.id.replace(/^channel:/, ""))) +
    table.rows.map((row) => csvRow(row)).join("");
  const range = `${filters.from.toISOString().slice(0, 10)}_${filters.to.toISOString().slice(0, 10)}`;
  // A BOM so that Excel opens accented Italian text correctly.
  return new Response("\uFEFF" + body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="floorboard-${chart.data}-${range}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
