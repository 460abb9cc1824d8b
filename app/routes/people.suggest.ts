import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { suggestMentions } from "#app/services/users.server";

const QuerySchema = z.object({ q: z.string().trim().max(60).catch("") });

/** People to mention, for the "@" suggestions in the comment boxes. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "item:comment");
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  return { q, people: await suggestMentions(getDb(), q) };
}
