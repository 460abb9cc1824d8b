import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ticketImportErrors, ticketImports } from "#db/schema/index";
import { missingRequiredColumns, type ImportPreset, type TicketRecord } from "#app/schemas/tickets";
import type { JobHandler } from "#app/services/jobs/types";
import { readImportRecords } from "./csv-file.server";
import { TICKET_IMPORT_JOB, columnIndexes, encodeProblems, getImport, mapRecord, type RowError } from "./imports.server";
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
 * batches, each batch in its own transaction with its failed rows and the running counts.
 * Running it again (a retry after a crash) starts over: upserts make that safe. A cancelled
 * import stops at the next batch boundary; the batches committed before it stay.
 */
export async function importTickets(
  db: Database,
  importId: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => Promise<void> } = {},
): Promise<ImportOutcome> {
  const upload = await getImport(db, importId);
  if (!upload) throw new Error(`import ${importId} not found`);
  const outcome: ImportOutcome = { inserted: 0, updated: 0, failed: 0, rows: 0 };
  // Only a queued import, or a running one being retried, starts: never a cancelled one.
  const started = await db.transaction(async (tx) => {
    const rows = await tx
      .update(ticketImports)
      .set({ status: "running", rowsProcessed: 0, inserted: 0, updated: 0, failed: 0, error: null, updatedAt: sql`now()` })
      .where(and(eq(ticketImports.id, importId), inArray(ticketImports.status, ["queued", "running"])))
      .returning({ id: ticketImports.id });
    if (rows.length > 0) await tx.delete(ticketImportErrors).where(eq(ticketImportErrors.importId, importId));
    return rows.length > 0;
  });
  if (!started) return { ...outcome, cancelled: true };

  let bytesRead = 0;
  let headers: string[] | null = null;
  let columns: ReturnType<typeof columnIndexes> = {};
  let records: TicketRecord[] = [];
  let errors: RowError[] = [];
  let assignRequested = false;

  /** Writes the pending rows in one transaction; false when the import was cancelled (nothing written). */
  const flush = async (last: boolean): Promise<boolean> => {
    const batch = records;
    const batchErrors = errors;
    records = [];
    errors = [];
    const committed = await db.transaction(async (tx) => {
      // The lock makes a cancel wait for this batch, or this batch see the cancel and roll back.
      const [current] = await tx
        .select({ status: ticketImports.status })
        .from(ticketImports)
        .where(eq(ticketImports.id, importId))
        .for("update");
      if (current?.status !== "running") throw new ImportCancelled();
      const written = batch.length > 0 ? await upsertTickets(tx, upload.source, batch) : { inserted: 0, updated: 0, ids: [] };
      if (batchErrors.length > 0) {
        await tx
          .insert(ticketImportErrors)
          .values(batchErrors.map((error) => ({ importId, line: error.line, externalId: error.externalId, message: encodeProblems(error.problems) })))
          .onConflictDoNothing();
      }
      outcome.inserted += written.inserted;
      outcome.updated += written.updated;
      outcome.failed += batchErrors.length;
      outcome.rows += batch.length + batchErrors.length;
      // One request for the clustering services per import, with the last batch.
      const requestAssign = last && !assignRequested && outcome.inserted + outcome.updated > 0;
      if (requestAssign) {
        await requestClusterAssignment(tx, undefined, upload.createdById);
        assignRequested = true;
      }
      await tx
        .update(ticketImports)
        .set({
          rowsProcessed: outcome.rows,
          inserted: outcome.inserted,
          updated: outcome.updated,
          failed: outcome.failed,
          updatedAt: sql`now()`,
          ...(last ? { status: "succeeded" as const, finishedAt: sql`now()` } : {}),
        })
        .where(eq(ticketImports.id, importId));
    }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ImportCancelled) return false;
        throw error;
      },
    );
    if (committed) await options.onProgress?.(bytesRead, upload.sizeBytes);
    return committed;
  };

  const stillRunning = and(eq(ticketImports.id, importId), eq(ticketImports.status, "running"));
  for await (const record of readImportRecords(db, upload, (bytes) => (bytesRead += bytes))) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
    if (!headers) {
      headers = record.values.map((value) => value.trim());
      const missing = missingRequiredColumns(upload.preset as ImportPreset, upload.mapping, headers);
      if (missing.length > 0) {
        // Checked before a single row is written.
        const names = missing.map((entry) => entry.column ?? entry.field);
        await db
          .update(ticketImports)
          .set({ status: "failed", error: `missing_columns:${names.join("|")}`, finishedAt: sql`now()`, updatedAt: sql`now()` })
          .where(stillRunning);
        return { ...outcome, missingColumns: names };
      }
      columns = columnIndexes(headers, upload.mapping);
      continue;
    }
    const mapped = mapRecord(record.line, record.values, columns);
    if (mapped.ok) records.push(mapped.record);
    else errors.push(mapped.error);
    if (records.length + errors.length >= IMPORT_BATCH_ROWS && !(await flush(false))) return { ...outcome, cancelled: true };
  }
  if (!headers) {
    await db
      .update(ticketImports)
      .set({ status: "failed", error: "empty_file", finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(stillRunning);
    return outcome;
  }
  if (!(await flush(true))) return { ...outcome, cancelled: true };
  return outcome;
}

export const runTicketImportJob: JobHandler = async ({ db, payload, signal, reportProgress }) => {
  const importId = typeof payload.importId === "string" ? payload.importId : "";
  const outcome = await importTickets(db, importId, { signal, onProgress: reportProgress });
  return { ...outcome };
};
