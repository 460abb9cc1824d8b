import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { jobs } from "./tickets";
import { users } from "./users";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** Why an import failed or cannot start; read back through `ImportFailureSchema`. */
export type ImportFailure =
  | { code: "missing_columns"; columns: string[] }
  | { code: "unclosed_quote"; line: number }
  | { code: "unsupported_encoding"; encoding: string }
  | { code: "empty_file" }
  | { code: "import_failed" };

/** Why a row was not imported: the ticket field ("" for the whole row) and a message key; read back through `ImportRowProblemsSchema`. */
export type ImportRowProblem = { field: string; message: string };

/**
 * A CSV file of tickets uploaded by an admin, then previewed, mapped and imported by a
 * background job. The file itself is kept in `ticket_import_chunks`, so a worker on any
 * host can read it.
 */
export const ticketImports = pgTable(
  "ticket_imports",
  {
    id: id(),
    /** uploaded → queued → running → succeeded | failed | cancelled */
    status: text("status")
      .$type<"uploaded" | "queued" | "running" | "succeeded" | "failed" | "cancelled">()
      .notNull()
      .default("uploaded"),
    filename: text("filename").notNull(),
    sizeBytes: integer("size_bytes").notNull().default(0),
    /** "utf-8" or "windows-1252", detected at upload. */
    encoding: text("encoding").notNull().default("utf-8"),
    delimiter: text("delimiter").notNull().default(","),
    /** "zendesk", "freshdesk" or "manual". */
    preset: text("preset").notNull(),
    /** The ticket source stored on imported rows ("zendesk", "freshdesk", "csv"). */
    source: text("source").notNull(),
    /** Ticket field → CSV column header. */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull().default({}),
    jobId: uuid("job_id").references(() => jobs.id, { onDelete: "set null" }),
    /** Data rows in the file, counted at upload; progress is committed rows out of these. */
    rowsTotal: integer("rows_total"),
    rowsProcessed: integer("rows_processed").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /**
     * Why the import failed, or, on an upload, why the file cannot be imported at all
     * (`{ code: "unclosed_quote", line: 1502 }`): codes and their details, never raw errors.
     */
    error: jsonb("error").$type<ImportFailure>(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("ticket_imports_created_idx").on(table.createdAt)],
);

/** The uploaded bytes, in order, about 1 MiB per chunk. */
export const ticketImportChunks = pgTable(
  "ticket_import_chunks",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => ticketImports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.seq] })],
);

/** A row of an import that failed validation, with its line in the file. No ticket text is kept. */
export const ticketImportErrors = pgTable(
  "ticket_import_errors",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => ticketImports.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    externalId: text("external_id"),
    /** `[{ field: "subject", message: "tickets:rowErrors.subjectTooLong" }]`: keys, never ticket text. */
    problems: jsonb("problems").$type<ImportRowProblem[]>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.line] })],
);

export type TicketImport = typeof ticketImports.$inferSelect;
