import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getImport, getImportView, listImportErrors } from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";
import { migrationsFolder } from "#db/migrate";
import { ticketImports } from "#db/schema/index";

const MIGRATION = "0019_import-failures-structured.sql";
const ROW_MIGRATION = "0020_import-row-problems-structured.sql";

async function runMigration(file = MIGRATION) {
  const migration = readFileSync(path.join(migrationsFolder, file), "utf8");
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

/** The column's data type, or undefined when the table has no such column. */
async function columnType(table: string, column: string): Promise<string | undefined> {
  const result: unknown = await getDb().execute(
    sql`select data_type from information_schema.columns where table_name = ${table} and column_name = ${column}`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ data_type: string }>;
  return rows[0]?.data_type;
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
      if ((await columnType("ticket_imports", "error")) !== "jsonb") await runMigration();
    }
  });

  it("are checked when read: a stored value of an unknown shape reads as a plain failed import", async () => {
    const odd = await insertImport(JSON.stringify({ code: "missing_columns", columns: "Subject" }));
    const unknown = await insertImport(JSON.stringify({ code: "disk_full" }));
    expect((await getImport(getDb(), odd))?.error).toEqual({ code: "import_failed" });
    expect((await getImportView(getDb(), unknown))?.error).toEqual({ code: "import_failed" });
  });
});

describe("stored row problems", () => {
  it("are converted by the migration from the old 'field=key;…' strings, so rows refused before the upgrade still say why", async () => {
    const importId = await insertImport(null);
    // The column as it was before the migration.
    await getDb().execute(sql`alter table ticket_import_errors drop column problems`);
    await getDb().execute(sql`alter table ticket_import_errors add column message text not null`);
    try {
      const old: Array<[number, string]> = [
        [2, "subject=tickets:rowErrors.nul"],
        [3, "openedAt=tickets:rowErrors.date;status=tickets:rowErrors.status;"],
        [4, "tickets:rowErrors.columnCount"],
        [5, "=tickets:rowErrors.refused"],
        [6, "source=a=b"],
        [7, ""],
      ];
      for (const [line, message] of old) {
        await getDb().execute(
          sql`insert into ticket_import_errors (import_id, line, external_id, message) values (${importId}, ${line}, ${String(line * 100)}, ${message})`,
        );
      }
      await runMigration(ROW_MIGRATION);
      expect(await listImportErrors(getDb(), importId)).toEqual([
        { line: 2, externalId: "200", problems: [{ field: "subject", message: "tickets:rowErrors.nul" }] },
        {
          line: 3,
          externalId: "300",
          problems: [
            { field: "openedAt", message: "tickets:rowErrors.date" },
            { field: "status", message: "tickets:rowErrors.status" },
          ],
        },
        { line: 4, externalId: "400", problems: [{ field: "", message: "tickets:rowErrors.columnCount" }] },
        { line: 5, externalId: "500", problems: [{ field: "", message: "tickets:rowErrors.refused" }] },
        { line: 6, externalId: "600", problems: [{ field: "source", message: "a=b" }] },
        { line: 7, externalId: "700", problems: [] },
      ]);
      expect(await columnType("ticket_import_errors", "message")).toBeUndefined();
    } finally {
      // Back to the current schema if the migration did not finish.
      if ((await columnType("ticket_import_errors", "message")) !== undefined) {
        await getDb().execute(sql`delete from ticket_import_errors`);
        await getDb().execute(sql`alter table ticket_import_errors drop column if exists problems`);
        await runMigration(ROW_MIGRATION);
      }
    }
  });

  it("are checked when read: a stored value of an unknown shape reads as one generic problem", async () => {
    const importId = await insertImport(null);
    for (const [line, problems] of [
      [2, { field: "subject", message: "tickets:rowErrors.nul" }],
      [3, [{ field: "subject" }]],
      [4, "subject=tickets:rowErrors.nul"],
    ] as const) {
      await getDb().execute(
        sql`insert into ticket_import_errors (import_id, line, problems) values (${importId}, ${line}, ${JSON.stringify(problems)})`,
      );
    }
    const generic = [{ field: "", message: "tickets:rowErrors.unreadable" }];
    expect(await listImportErrors(getDb(), importId)).toEqual([
      { line: 2, externalId: null, problems: generic },
      { line: 3, externalId: null, problems: generic },
      { line: 4, externalId: null, problems: generic },
    ]);
  });
});
