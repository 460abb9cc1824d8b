import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/client.server";
import { migrateDatabase, migrationsFolder } from "#db/migrate";
import { recreateDatabase, testDriver } from "#tests/setup/test-database";

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
  entries: Array<{ tag: string }>;
};

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/**
 * Four app instances starting at once against a fresh database. On a real server they
 * are four connection pools to the same database; PGlite has a single session per
 * database, so there they are four callers sharing that database.
 */
async function openFreshDatabase(): Promise<{ handles: DatabaseHandle[]; closeAll: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (testDriver() === "postgres" && url) {
    const name = `floorboard_test_migrate_${process.env.VITEST_POOL_ID ?? "0"}`;
    await recreateDatabase(url, name);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handles = Array.from({ length: 4 }, () => openDatabase({ databaseUrl: target.toString(), poolMax: 2 }));
    return { handles, closeAll: async () => void (await Promise.all(handles.map((handle) => handle.close()))) };
  }
  const handle = openDatabase({});
  return { handles: [handle, handle, handle, handle], closeAll: () => handle.close() };
}

describe("migrateDatabase", () => {
  it("keeps an embedded database in a folder that does not exist yet, as on a fresh checkout, and finds it again", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "floorboard-pglite-"));
    const dataDir = path.join(parent, ".data", "pglite");
    try {
      const first = openDatabase({ pgliteDataDir: dataDir });
      await migrateDatabase(first);
      await first.db.execute(sql`insert into teams (name) values ('Fatturazione')`);
      await first.close();
      const again = openDatabase({ pgliteDataDir: dataDir });
      const rows = rowsOf<{ name: string }>(await again.db.execute(sql`select name from teams`));
      await again.close();
      expect(rows.map((row) => row.name)).toEqual(["Fatturazione"]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("says which pending migration it is applying, one by one, and nothing once all are applied", async () => {
    const handle = openDatabase({});
    try {
      const reports: Array<{ current: number; total: number }> = [];
      await migrateDatabase(handle, { onProgress: (progress) => reports.push(progress) });
      const total = journal.entries.length;
      expect(reports).toEqual(Array.from({ length: total }, (_, i) => ({ current: i + 1, total })));
      const applied = rowsOf(await handle.db.execute(sql`select id from drizzle.__drizzle_migrations`));
      expect(applied).toHaveLength(total);

      const again: unknown[] = [];
      await migrateDatabase(handle, { onProgress: (progress) => again.push(progress) });
      expect(again).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it("has migrations to apply", () => {
    expect(journal.entries.length).toBeGreaterThanOrEqual(2);
  });

  it("migrates a fresh database exactly once when four instances start at the same time", async () => {
    const { handles, closeAll } = await openFreshDatabase();
    try {
      const outcomes = await Promise.allSettled(handles.map((handle) => migrateDatabase(handle)));
      expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);

      const db = handles[0]!.db;
      const migrations = rowsOf<{ hash: string }>(await db.execute(sql`select hash from drizzle.__drizzle_migrations`));
      expect(migrations).toHaveLength(journal.entries.length);
      expect(new Set(migrations.map((row) => row.hash)).size).toBe(journal.entries.length);

      const tables = rowsOf<{ tablename: string }>(
        await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
      ).map((row) => row.tablename);
      expect(tables).toEqual(
        expect.arrayContaining(["audit_log", "auth_throttle", "invitations", "sessions", "teams", "users"]),
      );

      // Running again later finds nothing left to do.
      await migrateDatabase(handles[1]!);
      expect(rowsOf(await db.execute(sql`select id from drizzle.__drizzle_migrations`))).toHaveLength(
        journal.entries.length,
      );
    } finally {
      await closeAll();
    }
  });
});
