import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { getEnv } from "#app/utils/env.server";
import { csvRow } from "#app/utils/csv";
import { BoardQuerySchema } from "#app/schemas/items";
import { iterateBoard } from "#app/services/items.server";
import { readSearchParams } from "#app/utils/http.server";

const header = ["number", "title", "kind", "status", "area", "channel", "team", "tags", "votes", "comments", "author", "owner", "target_date", "overdue", "created_at", "url"];

/**
 * The board's filtered list as CSV, streamed page by page. Authors of anonymous items
 * are left blank for everyone, the author included: a file travels further than a page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const url = new URL(request.url);
  const query = BoardQuerySchema.parse(readSearchParams(request));
  const base = getEnv().PUBLIC_URL ?? url.origin;
  const encoder = new TextEncoder();
  const pages = iterateBoard(getDb(), user, { ...query, cursor: undefined });
  // The first page is read before anything is sent: a query that fails answers with its status, not a cut file.
  let first: Awaited<ReturnType<typeof pages.next>> | null = await pages.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so that Excel opens accented Italian text correctly.
      controller.enqueue(encoder.encode("\uFEFF" + csvRow(header)));
    },
    async pull(controller) {
      const next = first ?? (await pages.next());
      first = null;
      if (next.done) return controller.close();
      const chunk = next.value
        .map((item) =>
          csvRow([
            item.number,
            item.title,
            item.kind,
            item.status,
            item.area,
            item.channel,
            item.teamName,
            item.tags,
            item.votes,
            item.comments,
            item.anonymous ? "" : item.authorName,
            item.ownerName,
            item.targetDate,
            item.overdue,
            item.createdAt,
            new URL(`/items/${item.number}`, base).toString(),
          ]),
        )
        .join("");
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
