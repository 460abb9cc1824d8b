import { sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { getLogger } from "#app/utils/logger.server";

/** Liveness and readiness in one: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const started = Date.now();
  try {
    await getDb().execute(sql`select 1`);
    return Response.json(
      { status: "ok", database: "ok", ms: Date.now() - started },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    getLogger().error("health check failed", { error });
    return Response.json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
