import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PGlite } from "@electric-sql/pglite";
import { getDatabaseHandle, type Database, type DatabaseHandle } from "./client.server";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 7_245_118_001;

const pgliteMigrations = new WeakMap<PGlite, Promise<void>>();

async function migratePgliteLocked(client: PGlite, db: Database): Promise<void> {
  await client.query(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/**
 * Applies pending migrations under a session-level advisory lock, so that several
 * instances starting at once migrate exactly once: the others wait, then find
 * nothing left to do.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === "pglite") {
    // PGlite is a single session, so the advisory lock never makes a second caller in
    // this process wait: calls on the same database queue up here instead.
    const previous = pgliteMigrations.get(handle.client) ?? Promise.resolve();
    const run = previous.then(() => migratePgliteLocked(handle.client, handle.db));
    pgliteMigrations.set(
      handle.client,
      run.catch(() => {}),
    );
    return run;
  }
  // A dedicated single connection: the lock belongs to the connection that took it.
  const lockClient = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzlePostgres(lockClient);
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migratePostgres(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const handle = getDatabaseHandle();
  await migrateDatabase(handle);
  await handle.close();
  console.log("Migrations applied.");
}
