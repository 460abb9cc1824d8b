// Getting the database ready before the app serves anything: wait for it, migrate it, and put
// demo data in an empty embedded one. Under `npm start` this overlaps the build (build-wait.ts).
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { describeError } from "#db/errors.server";
import { migrateDatabase } from "#db/migrate";
import { hasDemoData, seedDemoData } from "#app/services/demo/seed.server";
import type { Env } from "#app/utils/env.server";
import type { Logger } from "#app/utils/logger.server";
import { waitForDatabase } from "./outage";
import type { StartupStep } from "./startup-report";

/** host:port of a database URL, never its password. */
function safeHost(url: string): string {
  try {
    return new URL(url).host || "the configured server";
  } catch {
    return "the configured server";
  }
}

/** Whether this start fills the database with demo data when it finds none. */
export function seedsDemoData(handle: DatabaseHandle, env: Env): boolean {
  return handle.driver === "pglite" && env.SEED_DEMO_DATA === "auto";
}

/** Resolves false (having said why) when the database cannot be made ready. */
export async function prepareDatabase(options: {
  handle: DatabaseHandle;
  env: Env;
  log: Logger;
  report: (step: StartupStep) => void;
}): Promise<boolean> {
  const { handle, env, log, report } = options;
  // A database that is not up yet (or restarting) is waited for, with one line per attempt.
  const where = handle.driver === "postgres" ? safeHost(handle.url) : "embedded";
  try {
    const reachable = await waitForDatabase({
      probe: () => handle.db.execute(sql`select 1`),
      where,
      totalMs: env.DATABASE_WAIT_SECONDS * 1000,
      log: (line) => log.warn(line),
    });
    if (!reachable) return false;
    report({ step: "migrating" });
    await migrateDatabase(handle, { onProgress: (progress) => report({ step: "migration", ...progress }) });
  } catch (error) {
    log.error(`Cannot prepare the database at ${where}: ${describeError(error)}`);
    return false;
  }
  if (seedsDemoData(handle, env) && !(await hasDemoData(handle.db))) {
    report({ step: "seeding" });
    const result = await seedDemoData(handle.db, {
      onProgress: (progress) => report({ step: "seedProgress", ...progress }),
    });
    if (result.seeded) report({ step: "seeded", ...result.counts });
  }
  return true;
}
