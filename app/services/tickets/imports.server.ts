import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { jobs, ticketImportErrors, ticketImports, type Job, type TicketImport } from "#db/schema/index";
import { TicketInputSchema } from "#app/schemas/tickets";
import {
  readImportFailure,
  readImportRowProblems,
  type ImportFailure,
  type ImportRowProblem,
} from "#app/schemas/import-failure";
import type { Actor } from "#app/services/actor";
import { writeAudit } from "#app/services/audit.server";
import { isUuid } from "#app/services/item-ref.server";
import { cancelJob, enqueueJob } from "#app/services/jobs/queue.server";
import { readImportRecords, storeUploadChunks, type CsvRecord } from "./csv-file.server";
import { ticketFields, type ColumnMapping, type ImportPreset, type TicketField } from "./fields";
import { toTicketRecord, type TicketRecord } from "./normalise";
import { missingRequiredColumns, presetMapping, presetSource } from "./presets.server";

export const TICKET_IMPORT_JOB = "tickets.import";

/** Creates the import row and streams the file into it; nothing is left behind when the upload fails. */
export async function createImportFromStream(
  db: Database,
  input: { filename: string; createdById: string | null; data: AsyncIterable<Uint8Array>; limit?: number },
): Promise<TicketImport> {
  const [row] = await db
    .insert(ticketImports)
    .values({
      filename: input.filename.slice(0, 255) || "tickets.csv",
      preset: "manual",
      source: "csv",
      createdById: input.createdById,
    })
    .returning();
  if (!row) throw new Error("insert returned no import");
  try {
    const stored = await storeUploadChunks(db, row.id, input.data, input.limit);
    return { ...row, ...stored };
  } catch (error) {
    await db.delete(ticketImports).where(eq(ticketImports.id, row.id));
    throw error;
  }
}

/** Sets the preset (and the mapping it implies for the file's header) of an upload not yet started. */
export async function choosePreset(db: Queryable, importId: string, preset: ImportPreset): Promise<void> {
  const upload = await getImport(db, importId);
  if (!upload) throw new Error("import not found");
  const { headers } = await previewImport(db, upload, 0);
  await db
    .update(ticketImports)
    .set({ preset, source: presetSource[preset], mapping: presetMapping(preset, headers) })
    .where(and(eq(ticketImports.id, importId), eq(ticketImports.status, "uploaded")));
}

export async function getImport(db: Queryable, id: string): Promise<TicketImport | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(ticketImports).where(eq(ticketImports.id, id)).limit(1);
  return row ? withCheckedFailure(row) : null;
}

/** The row with its stored failure checked against `ImportFailureSchema`. */
function withCheckedFailure(row: TicketImport): TicketImport {
  return { ...row, error: readImportFailure(row.error) };
}

export type ImportView = TicketImport & {
  job: Pick<Job, "status" | "progressDone" | "progressTotal" | "error" | "attempts"> | null;
  /** The status to show: a job that failed for good fails its import too. */
  shownStatus: TicketImport["status"];
  percent: number;
};

function toView(row: TicketImport, job: ImportView["job"]): ImportView {
  let shownStatus = row.status;
  if (
    (row.status === "queued" || row.status === "running") &&
    (job?.status === "failed" || job?.status === "cancelled")
  ) {
    shownStatus = job.status;
  }
  const percent =
    shownStatus === "succeeded"
      ? 100
      : job?.progressTotal
        ? Math.min(99, Math.floor((job.progressDone / job.progressTotal) * 100))
        : 0;
  return { ...withCheckedFailure(row), job, shownStatus, percent };
}

const jobColumns = {
  status: jobs.status,
  progressDone: jobs.progressDone,
  progressTotal: jobs.progressTotal,
  error: jobs.error,
  attempts: jobs.attempts,
};

export async function getImportView(db: Queryable, id: string): Promise<ImportView | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ upload: ticketImports, job: jobColumns })
    .from(ticketImports)
    .leftJoin(jobs, eq(jobs.id, ticketImports.jobId))
    .where(eq(ticketImports.id, id))
    .limit(1);
  if (!row) return null;
  return toView(row.upload, row.job?.status ? row.job : null);
}

export async function listImports(db: Queryable, limit = 50): Promise<ImportView[]> {
  const rows = await db
    .select({ upload: ticketImports, job: jobColumns })
    .from(ticketImports)
    .leftJoin(jobs, eq(jobs.id, ticketImports.jobId))
    .orderBy(desc(ticketImports.createdAt))
    .limit(limit);
  return rows.map((row) => toView(row.upload, row.job?.status ? row.job : null));
}

export type RowError = { line: number; externalId: string | null; problems: ImportRowProblem[] };

export async function listImportErrors(db: Queryable, importId: string, limit?: number): Promise<RowError[]> {
  const query = db
    .select()
    .from(ticketImportErrors)
    .where(eq(ticketImportErrors.importId, importId))
    .orderBy(asc(ticketImportErrors.line));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => ({
    line: row.line,
    externalId: row.externalId,
    problems: readImportRowProblems(row.problems),
  }));
}

export type MappedRow = { line: number; ok: true; record: TicketRecord } | { line: number; ok: false; error: RowError };

/**
 * Validates one CSV record with a mapping (column indexes by field). A record with more fields
 * than the header, or fewer while spanning several lines, is refused whole: its columns are
 * shifted (a separator in unquoted text, or a quote that swallowed the lines after it).
 */
export function mapRecord(
  record: CsvRecord,
  columns: Partial<Record<TicketField, number>>,
  headerCount: number,
): MappedRow {
  const { line, values } = record;
  const raw: Partial<Record<TicketField, string>> = {};
  for (const field of ticketFields) {
    const index = columns[field];
    if (index !== undefined) raw[field] = values[index];
  }
  const externalId = raw.externalId?.trim().slice(0, 200).replaceAll("\u0000", "") || null;
  const structural = record.unclosedQuote
    ? "tickets:rowErrors.unclosedQuote"
    : values.length > headerCount || (values.length < headerCount && record.lines > 1)
      ? "tickets:rowErrors.columnCount"
      : null;
  if (structural)
    return { line, ok: false, error: { line, externalId, problems: [{ field: "", message: structural }] } };
  const parsed = TicketInputSchema.safeParse(raw);
  if (parsed.success) return { line, ok: true, record: toTicketRecord(parsed.data) };
  const problems = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join("."),
    message: issue.message,
  }));
  return { line, ok: false, error: { line, externalId, problems } };
}

export function columnIndexes(
  headers: readonly string[],
  mapping: ColumnMapping,
): Partial<Record<TicketField, number>> {
  const indexes: Partial<Record<TicketField, number>> = {};
  for (const field of ticketFields) {
    const column = mapping[field];
    if (!column) continue;
    const index = headers.indexOf(column);
    if (index >= 0) indexes[field] = index;
  }
  return indexes;
}

export type ImportPreview = {
  headers: string[];
  rows: Array<{ line: number; values: string[]; mapped: MappedRow }>;
};

/** The header and the first `count` rows, parsed with `mapping` (the import's own by default). */
export async function previewImport(
  db: Queryable,
  upload: TicketImport,
  count = 10,
  mapping: ColumnMapping = upload.mapping,
): Promise<ImportPreview> {
  let headers: string[] = [];
  const rows: ImportPreview["rows"] = [];
  let columns: Partial<Record<TicketField, number>> = {};
  let headerSeen = false;
  for await (const record of readImportRecords(db, upload)) {
    if (!headerSeen) {
      headerSeen = true;
      headers = record.values.map((value) => value.trim());
      columns = columnIndexes(headers, mapping);
      if (count === 0) break;
      continue;
    }
    rows.push({ line: record.line, values: record.values, mapped: mapRecord(record, columns, headers.length) });
    if (rows.length >= count) break;
  }
  return { headers, rows };
}

/** Fields that can be mapped to a column, checked against the header; unknown fields and columns are dropped. */
export function cleanMapping(input: Record<string, unknown>, headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of ticketFields) {
    const column = input[field];
    if (typeof column === "string" && headers.includes(column)) mapping[field] = column;
  }
  return mapping;
}

export type StartResult =
  | { ok: true; jobId: string }
  | { ok: false; reason: "missing_columns"; missing: Array<{ field: TicketField; column: string | null }> }
  | { ok: false; reason: "not_startable" }
  | { ok: false; reason: "unreadable"; problem: ImportFailure };

/**
 * Saves the mapping and queues the import job, in one transaction. Refuses (writing nothing)
 * when the file cannot be read, a required column is missing or the import was already started.
 */
export async function startImport(
  db: Database,
  importId: string,
  mapping: ColumnMapping,
  startedById: string | null,
): Promise<StartResult> {
  const upload = await getImport(db, importId);
  if (!upload || upload.status !== "uploaded") return { ok: false, reason: "not_startable" };
  if (upload.error) return { ok: false, reason: "unreadable", problem: upload.error };
  const { headers } = await previewImport(db, upload, 0);
  const missing = missingRequiredColumns(upload.preset as ImportPreset, mapping, headers);
  if (missing.length > 0) return { ok: false, reason: "missing_columns", missing };
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(ticketImports)
      .set({ mapping, status: "queued", updatedAt: sql`now()` })
      .where(and(eq(ticketImports.id, importId), eq(ticketImports.status, "uploaded")))
      .returning({ id: ticketImports.id });
    if (claimed.length === 0) return { ok: false as const, reason: "not_startable" as const };
    const job = await enqueueJob(tx, { type: TICKET_IMPORT_JOB, payload: { importId }, createdById: startedById });
    await tx.update(ticketImports).set({ jobId: job.id }).where(eq(ticketImports.id, importId));
    return { ok: true as const, jobId: job.id };
  });
}

export type CancelResult = { ok: true; rowsProcessed: number } | { ok: false; reason: "not_found" | "not_cancellable" };

/**
 * Cancels a queued or running import and its job, in one transaction. A running import sees
 * it at its next batch: batches write under a lock on the import row, so this waits for a
 * batch in flight and the rows counted here are the ones that stay imported.
 */
export async function cancelImport(db: Database, actor: Actor, importId: string): Promise<CancelResult> {
  if (!isUuid(importId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: ticketImports.status, jobId: ticketImports.jobId, filename: ticketImports.filename })
      .from(ticketImports)
      .where(eq(ticketImports.id, importId))
      .for("update");
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "queued" && row.status !== "running")
      return { ok: false as const, reason: "not_cancellable" as const };
    // A job that already failed for good has nothing left to stop.
    if (row.jobId && !(await cancelJob(tx, row.jobId)))
      return { ok: false as const, reason: "not_cancellable" as const };
    const [cancelled] = await tx
      .update(ticketImports)
      .set({ status: "cancelled", finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(ticketImports.id, importId))
      .returning({
        rowsProcessed: ticketImports.rowsProcessed,
        inserted: ticketImports.inserted,
        updated: ticketImports.updated,
      });
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip ?? null,
      action: "ticket_import.cancel",
      targetType: "ticket_import",
      targetId: importId,
      details: { filename: row.filename, was: row.status, ...cancelled },
    });
    return { ok: true as const, rowsProcessed: cancelled!.rowsProcessed };
  });
}

/** Deletes an upload that was never started, with its stored file. False when there is none to discard. */
export async function discardUpload(db: Database, actor: Actor, importId: string): Promise<boolean> {
  if (!isUuid(importId)) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(ticketImports)
      .where(and(eq(ticketImports.id, importId), eq(ticketImports.status, "uploaded")))
      .returning({ filename: ticketImports.filename, sizeBytes: ticketImports.sizeBytes });
    if (!row) return false;
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip ?? null,
      action: "ticket_import.discard",
      targetType: "ticket_import",
      targetId: importId,
      details: { filename: row.filename, sizeBytes: row.sizeBytes },
    });
    return true;
  });
}

/** Uploads left at the preview this long are deleted by the periodic cleanup. */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes uploads that were never started and are older than `olderThanMs`, with their
 * stored chunks (by cascade). Safe to run from several instances at once: an upload being
 * started concurrently either starts or is deleted, never both. Returns how many went.
 */
export async function deleteAbandonedUploads(db: Queryable, options: { olderThanMs?: number } = {}): Promise<number> {
  const seconds = (options.olderThanMs ?? ABANDONED_UPLOAD_MS) / 1000;
  const rows = await db
    .delete(ticketImports)
    .where(
      and(
        eq(ticketImports.status, "uploaded"),
        lt(ticketImports.createdAt, sql`now() - make_interval(secs => ${seconds})`),
      ),
    )
    .returning({ id: ticketImports.id });
  return rows.length;
}
