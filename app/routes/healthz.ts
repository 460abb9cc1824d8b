import { sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { describeError } from "#db/errors.server";
import { getLogger } from "#app/utils/logger.server";

/** A balancer waits a few seconds at most: an outage is answered within this. */
export const HEALTH_DEADLINE_MS = 800;

/** Liveness and readiness in one: 200 when the database answers, 503 when it does not (or not in time). */
export async function loader() {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getDb().execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DEADLINE_MS} ms`)), HEALTH_DEADLINE_MS);
      }),
    ]);
    return Response.json(
      { status: "ok", database: "ok", ms: Date.now() - started },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    getLogger().error("health check failed", { error: describeError(error) });
    return Response.json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } },
    );
  } finally {
    clearTimeout(timer);
  }
}
