import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, setDatabaseHandle, type DatabaseHandle } from "#db/client.server";
import { migrateDatabase } from "#db/migrate";

/**
 * One database per Vitest worker, migrated once: in-memory PGlite by default, or a
 * fresh database on the real server named after the worker when TEST_DATABASE_URL is set.
 */
let handlePromise: Promise<DatabaseHandle> | undefined;

export function testDriver(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

async function createWorkerDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = openDatabase({});
    await migrateDatabase(handle);
    return handle;
  }
  // TEST_DATABASE_PREFIX lets two test runs share one server without dropping each other's databases.
  const prefix = process.env.TEST_DATABASE_PREFIX ?? "floorboard_test";
  const name = `${prefix}_${process.env.VITEST_POOL_ID ?? "0"}`;
  await recreateDatabase(url, name);
  const workerUrl = new URL(url);
  workerUrl.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: workerUrl.toString(), poolMax: 5 });
  await migrateDatabase(handle);
  return handle;
}

export async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

export async function getTestDatabase(): Promise<DatabaseHandle> {
  handlePromise ??= createWorkerDatabase().then((handle) => {
    setDatabaseHandle(handle);
    return handle;
  });
  return handlePromise;
}

/** Empties every application table, keeping the schema and the migrations record. */
export async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const result = await handle.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: Array<{ tablename: string }> }).rows;
  const tables = rows.map((row) => `"public"."${row.tablename}"`);
  if (tables.length) await handle.db.execute(sql.raw(`truncate ${tables.join(", ")} restart identity cascade`));
}
