// `npm run worker`: processes background jobs (imports, clustering) without serving HTTP.
// Start as many as needed against one DATABASE_URL; they share the queue.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { getDatabaseHandle } from "#db/client.server";
import { migrateDatabase } from "#db/migrate";
import { registerJobHandlers } from "#app/server/job-handlers";
import { startJobRunner } from "#app/services/jobs/runner.server";
import { getEnvOrExit } from "#app/utils/env.server";
import { getLogger } from "#app/utils/logger.server";

const env = getEnvOrExit();
const log = getLogger();
if (!env.DATABASE_URL) {
  // The embedded database belongs to one process: the app server runs its jobs itself.
  console.error("npm run worker needs DATABASE_URL: with the embedded database the app server runs jobs itself.");
  process.exit(1);
}

const handle = getDatabaseHandle();
await migrateDatabase(handle);
registerJobHandlers();
const workerId = `worker-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
const runner = startJobRunner({ db: handle.db, workerId, concurrency: env.JOB_CONCURRENCY, log });
log.info("job worker started", { workerId, concurrency: env.JOB_CONCURRENCY });

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info("job worker stopping", { signal });
    void runner
      .stop()
      .then(() => handle.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error("job worker shutdown failed", { error });
          process.exit(1);
        },
      );
  });
}
