import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "./schema/index";

type Schema = typeof schema;

/** One drizzle database type for both drivers: PGlite and postgres.js. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database itself or an open transaction. */
export type Queryable = Database | Transaction;

/** Raw query rows from either driver: postgres.js gives an array, PGlite an object with rows. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/**
 * Rows of one fixed statement text with positional parameters ($1, $2, …), run on the database
 * itself (not in a transaction). On PostgreSQL it is a named prepared statement, parsed and
 * planned once per connection; keep it for hot statements whose text never varies, since
 * postgres.js keeps one per distinct text on every connection (`prepare: false` sends a text
 * that may not come again unprepared).
 */
export async function queryPrepared<T>(
  db: Database,
  text: string,
  params: unknown[],
  { prepare = true }: { prepare?: boolean } = {},
): Promise<T[]> {
  const client: unknown = (db as { $client?: unknown }).$client;
  if (typeof client === "function" && "unsafe" in client) {
    const rows = await (client as postgres.Sql).unsafe(text, params as postgres.ParameterOrJSON<never>[], {
      prepare,
    });
    return rows as unknown as T[];
  }
  if (client instanceof PGlite) return (await client.query<T>(text, params)).rows;
  throw new Error("queryPrepared runs on the database itself, not on a transaction.");
}

export type DatabaseHandle =
  | { driver: "pglite"; db: Database; client: PGlite; close: () => Promise<void> }
  | { driver: "postgres"; db: Database; client: postgres.Sql; url: string; close: () => Promise<void> };

export type DatabaseOptions = {
  databaseUrl?: string;
  /** A folder for PGlite's files; `undefined` keeps the database in memory. */
  pgliteDataDir?: string;
  poolMax?: number;
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connection: { application_name: "floorboard" },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return { driver: "postgres", db, client, url: options.databaseUrl, close: () => client.end({ timeout: 5 }) };
  }
  // PGlite creates only the last folder of the path: on a fresh checkout `.data/` is not there yet.
  if (options.pgliteDataDir) mkdirSync(options.pgliteDataDir, { recursive: true });
  const client = new PGlite({ dataDir: options.pgliteDataDir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { driver: "pglite", db, client, close: () => client.close() };
}

// The handle lives on globalThis so that the HTTP server, the Remix server build and
// Vite's dev module graph share one database (PGlite allows one opener per folder).
const globalKey = Symbol.for("floorboard.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: DatabaseHandle };

export function setDatabaseHandle(handle: DatabaseHandle | undefined): void {
  (globalThis as GlobalWithDb)[globalKey] = handle;
}

export function getDatabaseHandle(): DatabaseHandle {
  const g = globalThis as GlobalWithDb;
  let handle = g[globalKey];
  if (!handle) {
    handle = openDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      pgliteDataDir: process.env.PGLITE_DATA_DIR || "./.data/pglite",
    });
    g[globalKey] = handle;
  }
  return handle;
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}
