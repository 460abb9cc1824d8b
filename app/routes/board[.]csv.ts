import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { getEnv } from "#app/utils/env.server";
import { csvRow } from "#app/utils/csv";
import { detectLocale, getServerT } from "#app/i18n/i18n.server";
import { boardCsvFormat } from "#app/services/board-csv";
import { BoardQuerySchema } from "#app/schemas/items";
import { iterateBoard } from "#app/services/board.server";
import { readSearchParams } from "#app/utils/http.server";

/** The board's filtered list as CSV, streamed page by page, in the person's language. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const url = new URL(request.url);
  const query = BoardQuerySchema.parse(readSearchParams(request));
  const base = getEnv().PUBLIC_URL ?? url.origin;
  const locale = await detectLocale(request, user.locale);
  const { delimiter, header, row } = boardCsvFormat(await getServerT(locale), locale, base);
  const encoder = new TextEncoder();
  const pages = iterateBoard(getDb(), user, { ...query, cursor: undefined });
  // The first page is read before anything is sent: a query that fails answers with its status, not a cut file.
  let first: Awaited<ReturnType<typeof pages.next>> | null = await pages.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so that Excel opens accented Italian text correctly.
      controller.enqueue(encoder.encode("\uFEFF" + csvRow(header, delimiter)));
    },
    async pull(controller) {
      const next = first ?? (await pages.next());
      first = null;
      if (next.done) return controller.close();
      const chunk = next.value.map((item) => csvRow(row(item), delimiter)).join("");
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="floorboard-items-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
