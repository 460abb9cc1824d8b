import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles, type MigrationMeta } from "drizzle-orm/migrator";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { PGlite } from "@electric-sql/pglite";
import { getDatabaseHandle, queryRows, type Database, type DatabaseHandle } from "./client.server";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 7_245_118_001;

/** Which pending migration is being applied: the `current`-th of the `total` still to apply. */
export type MigrationProgress = (progress: { current: number; total: number }) => void;

/** When the newest applied migration was made, or undefined on a database never migrated. */
async function lastAppliedMillis(db: Database): Promise<number | undefined> {
  if (!(await hasMigrationsTable(db))) return undefined;
  const [row] = await queryRows<{ created_at: string | number | null }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  return row?.created_at == null ? undefined : Number(row.created_at);
}

/**
 * Drizzle's own migrator (the same steps as drizzle-orm's `migrate`: one transaction, the
 * same bookkeeping table), told which migration it is on so a slow first start can say so.
 */
async function applyMigrations(db: Database, onProgress?: MigrationProgress): Promise<void> {
  const all = readMigrationFiles({ migrationsFolder });
  const applied = await lastAppliedMillis(db);
  const pending = all.filter((migration) => applied === undefined || applied < migration.folderMillis);
  let current = 0;
  // Drizzle reads a migration's statements just before it runs them: that is the moment to report.
  const reporting = all.map((migration): MigrationMeta => {
    if (!pending.includes(migration) || !onProgress) return migration;
    return {
      ...migration,
      get sql() {
        onProgress({ current: ++current, total: pending.length });
        return migration.sql;
      },
    };
  });
  const internals = db as unknown as { dialect: PgDialect; session: PgSession };
  await internals.dialect.migrate(reporting, internals.session, { migrationsFolder });
}

async function hasMigrationsTable(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as found`,
  );
  return Boolean(row?.found);
}

const pgliteMigrations = new WeakMap<PGlite, Promise<void>>();

async function migratePgliteLocked(client: PGlite, db: Database, onProgress?: MigrationProgress): Promise<void> {
  await client.query(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await applyMigrations(db, onProgress);
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/**
 * Applies pending migrations under a session-level advisory lock, so that several
 * instances starting at once migrate exactly once: the others wait, then find
 * nothing left to do.
 */
export async function migrateDatabase(
  handle: DatabaseHandle,
  options: { onProgress?: MigrationProgress } = {},
): Promise<void> {
  if (handle.driver === "pglite") {
    // PGlite is a single session, so the advisory lock never makes a second caller in
    // this process wait: calls on the same database queue up here instead.
    const previous = pgliteMigrations.get(handle.client) ?? Promise.resolve();
    const run = previous.then(() => migratePgliteLocked(handle.client, handle.db, options.onProgress));
    pgliteMigrations.set(
      handle.client,
      run.catch(() => {}),
    );
    return run;
  }
  // A dedicated single connection: the lock belongs to the connection that took it.
  const lockClient = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzlePostgres(lockClient) as unknown as Database;
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await applyMigrations(db, options.onProgress);
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
