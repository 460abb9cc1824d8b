import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getImport, getImportView } from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";
import { migrationsFolder } from "#db/migrate";
import { ticketImports } from "#db/schema/index";

const MIGRATION = "0019_import-failures-structured.sql";

async function runMigration() {
  const migration = readFileSync(path.join(migrationsFolder, MIGRATION), "utf8");
  for (const statement of migration.split("--> statement-breakpoint")) await getDb().execute(sql.raw(statement));
}

async function insertImport(error: unknown) {
  const [row] = await getDb()
    .insert(ticketImports)
    .values({ filename: "export.csv", preset: "zendesk", source: "zendesk", status: "failed" })
    .returning({ id: ticketImports.id });
  await getDb().execute(sql`update ticket_imports set error = ${error} where id = ${row!.id}`);
  return row!.id;
}

describe("stored import failures", () => {
  it("are converted by the migration from the old 'code:detail' strings, so imports failed before the upgrade still say why", async () => {
    // The column as it was before the migration.
    await getDb().execute(sql`alter table ticket_imports alter column error type text using error::text`);
    try {
      const old = {
        missing: await insertImport("missing_columns:Subject|Ticket status"),
        quote: await insertImport("unclosed_quote:1502"),
        encoding: await insertImport("unsupported_encoding:utf-16le"),
        empty: await insertImport("empty_file"),
        failed: await insertImport("import_failed"),
        unknown: await insertImport("something_else:42"),
        none: await insertImport(null),
      };
      await runMigration();
      const errorOf = async (id: string) =>
        (await getDb().select({ error: ticketImports.error }).from(ticketImports).where(eq(ticketImports.id, id)))[0]
          ?.error;
      expect(await errorOf(old.missing)).toEqual({ code: "missing_columns", columns: ["Subject", "Ticket status"] });
      expect(await errorOf(old.quote)).toEqual({ code: "unclosed_quote", line: 1502 });
      expect(await errorOf(old.encoding)).toEqual({ code: "unsupported_encoding", encoding: "utf-16le" });
      expect(await errorOf(old.empty)).toEqual({ code: "empty_file" });
      expect(await errorOf(old.failed)).toEqual({ code: "import_failed" });
      expect(await errorOf(old.unknown)).toEqual({ code: "import_failed" });
      expect(await errorOf(old.none)).toBeNull();
      // And the import page reads them as the failures they were.
      expect((await getImportView(getDb(), old.quote))?.error).toEqual({ code: "unclosed_quote", line: 1502 });
    } finally {
      const result: unknown = await getDb().execute(
        sql`select data_type from information_schema.columns where table_name = 'ticket_imports' and column_name = 'error'`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
        data_type: string;
      }>;
      if (rows[0]?.data_type !== "jsonb") await runMigration();
    }
  });

  it("are checked when read: a stored value of an unknown shape reads as a plain failed import", async () => {
    const odd = await insertImport(JSON.stringify({ code: "missing_columns", columns: "Subject" }));
    const unknown = await insertImport(JSON.stringify({ code: "disk_full" }));
    expect((await getImport(getDb(), odd))?.error).toEqual({ code: "import_failed" });
    expect((await getImportView(getDb(), unknown))?.error).toEqual({ code: "import_failed" });
  });
});
