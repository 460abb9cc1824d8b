import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { ticketImportErrors, ticketImports, type ImportFailure } from "#db/schema/index";
import type { ImportPreset } from "./fields";
import type { TicketRecord } from "./normalise";
import { missingRequiredColumns } from "./presets.server";
import { PermanentJobError, type JobHandler } from "#app/services/jobs/types";
import { describeError, isDataError } from "#db/errors.server";
import { readImportRecords } from "./csv-file.server";
import { TICKET_IMPORT_JOB, columnIndexes, getImport, mapRecord, type RowError } from "./imports.server";
import { requestClusterAssignment, upsertTickets } from "./upsert.server";

export { TICKET_IMPORT_JOB };

/** Rows validated and written per transaction. */
export const IMPORT_BATCH_ROWS = 1000;

export type ImportOutcome = {
  inserted: number;
  updated: number;
  failed: number;
  rows: number;
  missingColumns?: string[];
  cancelled?: boolean;
};

/** Thrown inside a batch's transaction when the import was cancelled, so the batch is rolled back. */
class ImportCancelled extends Error {
  constructor() {
    super("the import was cancelled");
  }
}

/**
 * Streams an uploaded CSV from the database, validates each row and upserts the good ones in
 * batches, each batch in its own transaction with its failed rows and the running counts. A
 * retry after a crash resumes after the last committed batch, so the counts stay true (and
 * upserts make a replayed row harmless). A cancelled import stops at the next batch boundary;
 * the batches committed before it stay.
 */
export async function importTickets(
  db: Database,
  importId: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total?: number) => Promise<void> } = {},
): Promise<ImportOutcome> {
  const upload = await getImport(db, importId);
  if (!upload) throw new PermanentJobError(`import ${importId} not found`);
  // Only a queued import starts afresh, a running one (a retry) resumes: never a cancelled one.
  const resumed = upload.status === "running";
  const started = await db
    .update(ticketImports)
    .set(
      resumed
        ? { updatedAt: sql`now()` }
        : {
            status: "running",
            rowsProcessed: 0,
            inserted: 0,
            updated: 0,
            failed: 0,
            error: null,
            updatedAt: sql`now()`,
          },
    )
    .where(and(eq(ticketImports.id, importId), eq(ticketImports.status, resumed ? "running" : "queued")))
    .returning();
  const current = started[0];
  if (!current) return { inserted: 0, updated: 0, failed: 0, rows: 0, cancelled: true };
  const outcome: ImportOutcome = {
    inserted: current.inserted,
    updated: current.updated,
    failed: current.failed,
    rows: current.rowsProcessed,
  };
  const total = upload.rowsTotal ?? undefined;
  const skip = outcome.rows;
  let seen = 0;

  let headers: string[] | null = null;
  let columns: ReturnType<typeof columnIndexes> = {};
  let records: Array<{ line: number; record: TicketRecord }> = [];
  let errors: RowError[] = [];
  let assignRequested = false;

  /** Upserts a batch; when the database refuses it, row by row, so only the refused rows fail. */
  const writeBatch = async (tx: Transaction, batch: typeof records) => {
    const all = batch.map((entry) => entry.record);
    try {
      return { ...(await tx.transaction((sp) => upsertTickets(sp, upload.source, all))), refused: [] as RowError[] };
    } catch (error) {
      if (!isDataError(error)) throw error;
    }
    const written = { inserted: 0, updated: 0, refused: [] as RowError[] };
    for (const entry of batch) {
      try {
        const one = await tx.transaction((sp) => upsertTickets(sp, upload.source, [entry.record]));
        written.inserted += one.inserted;
        written.updated += one.updated;
      } catch (error) {
        if (!isDataError(error)) throw error;
        written.refused.push({
          line: entry.line,
          externalId: entry.record.externalId,
          problems: [{ field: "", message: "tickets:rowErrors.refused" }],
        });
      }
    }
    return written;
  };

  /** Writes the pending rows in one transaction; false when the import was cancelled (nothing written). */
  const flush = async (last: boolean): Promise<boolean> => {
    const batch = records;
    const batchErrors = errors;
    records = [];
    errors = [];
    const committed = await db
      .transaction(async (tx) => {
        // The lock makes a cancel wait for this batch, or this batch see the cancel and roll back.
        const [row] = await tx
          .select({ status: ticketImports.status })
          .from(ticketImports)
          .where(eq(ticketImports.id, importId))
          .for("update");
        if (row?.status !== "running") throw new ImportCancelled();
        const written = batch.length > 0 ? await writeBatch(tx, batch) : { inserted: 0, updated: 0, refused: [] };
        const failedRows = [...batchErrors, ...written.refused];
        if (failedRows.length > 0) {
          await tx
            .insert(ticketImportErrors)
            .values(
              failedRows.map((error) => ({
                importId,
                line: error.line,
                externalId: error.externalId,
                problems: error.problems,
              })),
            )
            .onConflictDoNothing();
        }
        const next = {
          inserted: outcome.inserted + written.inserted,
          updated: outcome.updated + written.updated,
          failed: outcome.failed + failedRows.length,
          rows: outcome.rows + batch.length + batchErrors.length,
        };
        // One request for the clustering services per import, with the last batch.
        const requestAssign = last && !assignRequested && next.inserted + next.updated > 0;
        if (requestAssign) await requestClusterAssignment(tx, undefined, upload.createdById);
        await tx
          .update(ticketImports)
          .set({
            rowsProcessed: next.rows,
            inserted: next.inserted,
            updated: next.updated,
            failed: next.failed,
            updatedAt: sql`now()`,
            ...(last ? { status: "succeeded" as const, finishedAt: sql`now()` } : {}),
          })
          .where(eq(ticketImports.id, importId));
        return { next, requestAssign };
      })
      .then(
        (result) => {
          // Counted only once committed: a rolled-back batch counts nothing.
          Object.assign(outcome, result.next);
          if (result.requestAssign) assignRequested = true;
          return true;
        },
        (error: unknown) => {
          if (error instanceof ImportCancelled) return false;
          throw error;
        },
      );
    if (committed) await options.onProgress?.(outcome.rows, total);
    return committed;
  };

  const stillRunning = and(eq(ticketImports.id, importId), eq(ticketImports.status, "running"));
  const failImport = async (error: ImportFailure) => {
    await db
      .update(ticketImports)
      .set({ status: "failed", error, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(stillRunning);
  };
  if (upload.error) {
    // Found at upload; the start refuses such a file, so this is a file changed behind our back.
    await failImport(upload.error);
    return outcome;
  }
  try {
    for await (const record of readImportRecords(db, upload)) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
      if (!headers) {
        headers = record.values.map((value) => value.trim());
        const missing = missingRequiredColumns(upload.preset as ImportPreset, upload.mapping, headers);
        if (missing.length > 0) {
          // Checked before a single row is written.
          const names = missing.map((entry) => entry.column ?? entry.field);
          await failImport({ code: "missing_columns", columns: names });
          return { ...outcome, missingColumns: names };
        }
        columns = columnIndexes(headers, upload.mapping);
        continue;
      }
      // Rows committed by an earlier attempt are read again but not written again.
      seen += 1;
      if (seen <= skip) continue;
      const mapped = mapRecord(record, columns, headers.length);
      if (mapped.ok) records.push({ line: mapped.line, record: mapped.record });
      else errors.push(mapped.error);
      if (records.length + errors.length >= IMPORT_BATCH_ROWS && !(await flush(false)))
        return { ...outcome, cancelled: true };
    }
    if (!headers) {
      await failImport({ code: "empty_file" });
      return outcome;
    }
    if (!(await flush(true))) return { ...outcome, cancelled: true };
    return outcome;
  } catch (error) {
    // A database that refuses what a row holds would refuse it again: no retry, no raw SQL shown.
    if (!isDataError(error)) throw error;
    await failImport({ code: "import_failed" });
    throw new PermanentJobError(describeError(error));
  }
}

export const runTicketImportJob: JobHandler = async ({ db, payload, signal, reportProgress }) => {
  const importId = typeof payload.importId === "string" ? payload.importId : "";
  const outcome = await importTickets(db, importId, { signal, onProgress: reportProgress });
  return { ...outcome };
};
