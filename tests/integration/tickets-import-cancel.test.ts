import { Readable } from "node:stream";
import { eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as importRoute from "#app/routes/admin.imports.$id/route";
import * as progressRoute from "#app/routes/admin.imports.$id_.progress";
import { claimNextJob, getJob, registerJobHandler, startJobRunner } from "#app/services/jobs/index";
import {
  IMPORT_BATCH_ROWS,
  TICKET_IMPORT_JOB,
  importTickets,
  runTicketImportJob,
} from "#app/services/tickets/import-job.server";
import {
  ABANDONED_UPLOAD_MS,
  cancelImport,
  choosePreset,
  createImportFromStream,
  deleteAbandonedUploads,
  discardUpload,
  getImport,
  getImportView,
  startImport,
} from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";
import { auditLog, jobs, ticketImportChunks, ticketImports, tickets } from "#db/schema/index";
import { createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Zendesk-style export of `rows` valid tickets. */
function csvOf(rows: number, prefix = "C"): string {
  const lines = ["Id,Subject,Description,Status,Via,Created at"];
  for (let i = 1; i <= rows; i += 1) lines.push(`${prefix}-${i},Oggetto ${i},Testo ${i},Open,Email,2024-03-05 09:12`);
  return lines.join("\r\n");
}

async function upload(adminId: string, csv: string, filename = "tickets.csv") {
  const created = await createImportFromStream(getDb(), {
    filename,
    createdById: adminId,
    data: Readable.from([Buffer.from(csv, "utf8")]),
  });
  await choosePreset(getDb(), created.id, "zendesk");
  return (await getImport(getDb(), created.id))!;
}

async function uploadAndStart(adminId: string, csv: string) {
  const created = await upload(adminId, csv);
  const started = await startImport(getDb(), created.id, created.mapping, adminId);
  if (!started.ok) throw new Error(`not started: ${JSON.stringify(started)}`);
  return { importId: created.id, jobId: started.jobId };
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function auditFor(importId: string) {
  return getDb().select().from(auditLog).where(eq(auditLog.targetId, importId));
}

async function ticketCount() {
  return (await getDb().select({ id: tickets.id }).from(tickets)).length;
}

describe("cancelling an import", () => {
  it("cancels a queued import at once: its job is never run, and the cancel is audited", async () => {
    const admin = await createUser({ role: "admin" });
    const { importId, jobId } = await uploadAndStart(admin.id, csvOf(3));

    expect(await cancelImport(getDb(), { id: admin.id, ip: "10.0.0.1" }, importId)).toEqual({
      ok: true,
      rowsProcessed: 0,
    });
    expect(await getJob(getDb(), jobId)).toMatchObject({ status: "cancelled", lockedBy: null });
    expect(await getImportView(getDb(), importId)).toMatchObject({ status: "cancelled", shownStatus: "cancelled" });
    const [entry] = await auditFor(importId);
    expect(entry).toMatchObject({
      actorId: admin.id,
      action: "ticket_import.cancel",
      targetType: "ticket_import",
      ip: "10.0.0.1",
      details: { filename: "tickets.csv", was: "queued", rowsProcessed: 0 },
    });

    // A runner that can run imports leaves it alone.
    cleanups.push(registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob));
    const runner = startJobRunner({ db: getDb(), workerId: "cancel-test", pollMs: 10 });
    await pause(150);
    await runner.stop();
    expect(await getJob(getDb(), jobId)).toMatchObject({ status: "cancelled", attempts: 0 });
    expect(await ticketCount()).toBe(0);

    // Cancelling twice changes nothing and writes no second audit entry.
    expect(await cancelImport(getDb(), { id: admin.id }, importId)).toEqual({ ok: false, reason: "not_cancellable" });
    expect(await auditFor(importId)).toHaveLength(1);
  });

  it("stops a running import at the next batch: committed batches stay, the job is not retried", async () => {
    const admin = await createUser({ role: "admin" });
    const rows = IMPORT_BATCH_ROWS * 2 + 500;
    const { importId, jobId } = await uploadAndStart(admin.id, csvOf(rows));

    // The real handler, with the admin pressing "cancel" right after the first batch commits.
    let cancelled: Awaited<ReturnType<typeof cancelImport>> | undefined;
    cleanups.push(
      registerJobHandler(TICKET_IMPORT_JOB, (context) =>
        runTicketImportJob({
          ...context,
          reportProgress: async (done, total) => {
            await context.reportProgress(done, total);
            cancelled ??= await cancelImport(getDb(), { id: admin.id }, importId);
          },
        }),
      ),
    );
    const runner = startJobRunner({ db: getDb(), workerId: "cancel-test", pollMs: 10, backoffBaseMs: 10 });
    cleanups.push(() => runner.stop());

    await waitFor(
      () => getJob(getDb(), jobId),
      (job) => job?.status === "cancelled",
    );
    await waitFor(
      async () => cancelled,
      (value) => value !== undefined,
    );
    expect(cancelled).toEqual({ ok: true, rowsProcessed: IMPORT_BATCH_ROWS });
    // Give a retry every chance to happen.
    await pause(300);
    await runner.stop();

    expect(await getJob(getDb(), jobId)).toMatchObject({ status: "cancelled", attempts: 1, lockedBy: null });
    expect(await ticketCount()).toBe(IMPORT_BATCH_ROWS);
    const view = await getImportView(getDb(), importId);
    expect(view).toMatchObject({
      status: "cancelled",
      shownStatus: "cancelled",
      rowsProcessed: IMPORT_BATCH_ROWS,
      inserted: IMPORT_BATCH_ROWS,
      failed: 0,
    });
    expect(view!.finishedAt).toBeInstanceOf(Date);
    const [entry] = await auditFor(importId);
    expect(entry).toMatchObject({
      action: "ticket_import.cancel",
      details: { was: "running", rowsProcessed: IMPORT_BATCH_ROWS },
    });
  });

  it("never resumes a cancelled job through a stale-job takeover, nor imports a cancelled upload", async () => {
    const admin = await createUser({ role: "admin" });
    const { importId, jobId } = await uploadAndStart(admin.id, csvOf(5));
    // A worker claims it, starts, then dies without a heartbeat.
    expect(await claimNextJob(getDb(), "dead-worker", [TICKET_IMPORT_JOB])).toMatchObject({ id: jobId });
    await getDb().update(ticketImports).set({ status: "running" }).where(eq(ticketImports.id, importId));
    expect(await cancelImport(getDb(), { id: admin.id }, importId)).toMatchObject({ ok: true });
    await getDb()
      .update(jobs)
      .set({ heartbeatAt: sql`now() - interval '10 minutes'` })
      .where(eq(jobs.id, jobId));

    expect(await claimNextJob(getDb(), "w2", { types: [TICKET_IMPORT_JOB], staleMs: 1_000 })).toBeNull();
    cleanups.push(registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob));
    const runner = startJobRunner({ db: getDb(), workerId: "w3", pollMs: 10, staleMs: 1_000 });
    await pause(150);
    await runner.stop();
    expect(await getJob(getDb(), jobId)).toMatchObject({ status: "cancelled", attempts: 1 });

    // Even a handler called on it directly refuses to start a cancelled import.
    expect(await importTickets(getDb(), importId)).toMatchObject({ cancelled: true, rows: 0 });
    expect(await getImport(getDb(), importId)).toMatchObject({ status: "cancelled", rowsProcessed: 0 });
    expect(await ticketCount()).toBe(0);
  });
});

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

describe("cancel and discard on the import page", () => {
  it("refuse people who are not admins and change nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const running = await uploadAndStart(admin.id, csvOf(2));
    const waiting = await upload(admin.id, csvOf(2));
    for (const role of ["manager", "agent"] as const) {
      const cookie = await sessionCookie((await createUser({ role })).id);
      const cancel = await runRoute(() =>
        importRoute.action(
          args(makeRequest(`/admin/imports/${running.importId}`, { cookie, form: { intent: "cancel" } }), {
            id: running.importId,
          }),
        ),
      );
      expect(cancel.status).toBe(403);
      const discard = await runRoute(() =>
        importRoute.action(
          args(makeRequest(`/admin/imports/${waiting.id}`, { cookie, form: { intent: "discard" } }), {
            id: waiting.id,
          }),
        ),
      );
      expect(discard.status).toBe(403);
    }
    expect(await getImport(getDb(), running.importId)).toMatchObject({ status: "queued" });
    expect(await getJob(getDb(), running.jobId)).toMatchObject({ status: "queued" });
    expect(await getImport(getDb(), waiting.id)).toMatchObject({ status: "uploaded" });
    expect(
      await getDb()
        .select()
        .from(auditLog)
        .where(inArray(auditLog.targetId, [running.importId, waiting.id])),
    ).toHaveLength(0);
  });

  it("lets an admin cancel (then shows the cancelled state) and discard an unstarted upload", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const { importId, jobId } = await uploadAndStart(admin.id, csvOf(2));

    const confirm = await runRoute(() =>
      importRoute.loader(args(makeRequest(`/admin/imports/${importId}?confirm=cancel`, { cookie }), { id: importId })),
    );
    expect(confirm.data).toMatchObject({ confirmCancel: true });

    const cancel = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${importId}`, { cookie, form: { intent: "cancel" } }), { id: importId }),
      ),
    );
    expect(cancel).toMatchObject({ status: 302, location: `/admin/imports/${importId}` });
    expect(await getJob(getDb(), jobId)).toMatchObject({ status: "cancelled" });
    const progress = await runRoute(() =>
      progressRoute.loader(args(makeRequest(`/admin/imports/${importId}/progress`, { cookie }), { id: importId })),
    );
    expect(progress.data).toMatchObject({ status: "cancelled", rows: 0, inserted: 0 });
    const again = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${importId}`, { cookie, form: { intent: "cancel" } }), { id: importId }),
      ),
    );
    expect(again).toEqual(
      expect.objectContaining({
        status: 409,
        data: { formError: { intent: "cancel", message: "tickets:progress.notCancellable", target: null } },
      }),
    );
    // A started import is not an upload to discard.
    const notDiscarded = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${importId}`, { cookie, form: { intent: "discard" } }), { id: importId }),
      ),
    );
    expect(notDiscarded).toEqual(
      expect.objectContaining({
        status: 409,
        data: { formError: { intent: "discard", message: "tickets:preview.notDiscardable", target: null } },
      }),
    );
    expect(await getImport(getDb(), importId)).toMatchObject({ status: "cancelled" });

    const waiting = await upload(admin.id, csvOf(2), "abbandonato.csv");
    const discard = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${waiting.id}`, { cookie, form: { intent: "discard" } }), { id: waiting.id }),
      ),
    );
    expect(discard).toMatchObject({ status: 302, location: "/admin/imports?discarded=1" });
    expect(await getImport(getDb(), waiting.id)).toBeNull();
    expect(
      await getDb().select().from(ticketImportChunks).where(eq(ticketImportChunks.importId, waiting.id)),
    ).toHaveLength(0);
    expect(await auditFor(waiting.id)).toMatchObject([
      { actorId: admin.id, action: "ticket_import.discard", details: { filename: "abbandonato.csv" } },
    ]);

    const unknown = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${importId}`, { cookie, form: { intent: "explode" } }), { id: importId }),
      ),
    );
    expect(unknown.status).toBe(400);
  });

  it("discards only unstarted uploads and cancels only imports whose job can still run", async () => {
    const admin = await createUser({ role: "admin" });
    const { importId, jobId } = await uploadAndStart(admin.id, csvOf(1));
    expect(await discardUpload(getDb(), { id: admin.id }, importId)).toBe(false);
    expect(await getImport(getDb(), importId)).toMatchObject({ status: "queued" });

    // The job gave up for good: the import shows as failed and stays so.
    await getDb().update(jobs).set({ status: "failed", error: "boom" }).where(eq(jobs.id, jobId));
    expect(await cancelImport(getDb(), { id: admin.id }, importId)).toEqual({ ok: false, reason: "not_cancellable" });
    expect(await getImportView(getDb(), importId)).toMatchObject({ shownStatus: "failed" });
    expect(await cancelImport(getDb(), { id: admin.id }, "00000000-0000-0000-0000-000000000000")).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await auditFor(importId)).toHaveLength(0);
  });
});

describe("cleaning up abandoned uploads", () => {
  it("deletes only uploads never started and older than the cutoff, with their stored file", async () => {
    const admin = await createUser({ role: "admin" });
    const old = sql`now() - interval '25 hours'`;
    const abandoned = await upload(admin.id, csvOf(2), "old.csv");
    const recent = await upload(admin.id, csvOf(2), "recent.csv");
    const oldStarted = await uploadAndStart(admin.id, csvOf(2));
    const oldCancelled = await uploadAndStart(admin.id, csvOf(2));
    await cancelImport(getDb(), { id: admin.id }, oldCancelled.importId);
    await getDb()
      .update(ticketImports)
      .set({ createdAt: old })
      .where(inArray(ticketImports.id, [abandoned.id, oldStarted.importId, oldCancelled.importId]));
    await getDb()
      .update(ticketImports)
      .set({ createdAt: sql`now() - interval '23 hours'` })
      .where(eq(ticketImports.id, recent.id));

    expect(await deleteAbandonedUploads(getDb())).toBe(1);
    const left = await getDb().select({ id: ticketImports.id }).from(ticketImports);
    expect(left.map((row) => row.id).sort()).toEqual([recent.id, oldStarted.importId, oldCancelled.importId].sort());
    const chunks = await getDb().select({ importId: ticketImportChunks.importId }).from(ticketImportChunks);
    expect(chunks.some((chunk) => chunk.importId === abandoned.id)).toBe(false);
    expect(chunks.some((chunk) => chunk.importId === recent.id)).toBe(true);
    expect(chunks.some((chunk) => chunk.importId === oldStarted.importId)).toBe(true);

    // Nothing left to clean; a shorter cutoff takes the recent one too.
    expect(await deleteAbandonedUploads(getDb())).toBe(0);
    expect(await deleteAbandonedUploads(getDb(), { olderThanMs: 60 * 60 * 1000 })).toBe(1);
    expect(await getImport(getDb(), recent.id)).toBeNull();
    expect(ABANDONED_UPLOAD_MS).toBe(24 * 60 * 60 * 1000);
  });
});
