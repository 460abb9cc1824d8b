import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as importRoute from "#app/routes/admin.imports.$id/route";
import * as importsRoute from "#app/routes/admin.imports._index";
import { enqueueJob, getJob, registerJobHandler, startJobRunner } from "#app/services/jobs/index";
import { TICKET_IMPORT_JOB, importTickets, runTicketImportJob } from "#app/services/tickets/import-job.server";
import {
  choosePreset,
  createImportFromStream,
  getImport,
  listImportErrors,
  previewImport,
  startImport,
} from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";
import { jobs, ticketImports, tickets } from "#db/schema/index";
import { createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";
import { runImportToEnd } from "#tests/support/imports";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HEADER = "Id,Subject,Description,Status,Via,Created at";

/**
 * A Zendesk-style export of `rows` tickets; every fifth description has a quoted line break, so
 * file lines and rows differ. `bad` replaces the text of some rows (by row number).
 */
function exportOf(
  rows: number,
  bad: Record<number, string> = {},
  quotedUntil = rows,
): { csv: string; lineOf: (row: number) => number } {
  const lines = [HEADER];
  const lineOfRow: number[] = [];
  let line = 2;
  for (let i = 1; i <= rows; i += 1) {
    lineOfRow[i] = line;
    const text =
      bad[i] ??
      (i % 5 === 0 && i <= quotedUntil
        ? `T-${i},Oggetto ${i},"Riga uno\nriga due",Open,Email,2024-03-05 09:12`
        : `T-${i},Oggetto ${i},Testo ${i},Open,Email,2024-03-05 09:12`);
    lines.push(text);
    line += 1 + (text.match(/\n/g)?.length ?? 0);
  }
  return { csv: lines.join("\n"), lineOf: (row) => lineOfRow[row]! };
}

async function upload(adminId: string, content: string | Buffer, filename = "tickets.csv") {
  const created = await createImportFromStream(getDb(), {
    filename,
    createdById: adminId,
    data: Readable.from([typeof content === "string" ? Buffer.from(content, "utf8") : content]),
  });
  await choosePreset(getDb(), created.id, "zendesk");
  return (await getImport(getDb(), created.id))!;
}

async function ticketCount() {
  return (await getDb().select({ id: tickets.id }).from(tickets)).length;
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

describe("a bad row in a large import", () => {
  it("rejects a row holding a NUL byte with its true line and imports the other 2,499, in one attempt", async () => {
    const admin = await createUser({ role: "admin" });
    const file = exportOf(2500, { 1502: "T-1502,Oggetto\u0000rotto,Testo,Open,Email,2024-03-05 09:12" });
    const created = await upload(admin.id, file.csv);
    expect(created).toMatchObject({ rowsTotal: 2500, error: null });
    const started = await startImport(getDb(), created.id, created.mapping, admin.id);
    if (!started.ok) throw new Error("not started");

    const done = await runImportToEnd(created.id);
    expect(done).toMatchObject({
      shownStatus: "succeeded",
      inserted: 2499,
      updated: 0,
      failed: 1,
      rowsProcessed: 2500,
      percent: 100,
    });
    expect(await ticketCount()).toBe(2499);
    expect(await listImportErrors(getDb(), created.id)).toEqual([
      {
        line: file.lineOf(1502),
        externalId: "T-1502",
        problems: [{ field: "subject", message: "tickets:rowErrors.nul" }],
      },
    ]);
    expect(await getJob(getDb(), started.jobId)).toMatchObject({
      status: "succeeded",
      attempts: 1,
      progressDone: 2500,
      progressTotal: 2500,
    });
  });

  it("catches a quote that is never closed at the preview, names the line where it opens, and writes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    // No quote after it closes it again: the rest of the file would be one field.
    const file = exportOf(2500, { 1502: 'T-1502,"Oggetto senza fine,Testo,Open,Email,2024-03-05 09:12' }, 1500);
    const created = await upload(admin.id, file.csv);
    expect(created.error).toEqual({ code: "unclosed_quote", line: file.lineOf(1502) });

    const cookie = await sessionCookie(admin.id);
    const page = await runRoute(() =>
      importRoute.loader(args(makeRequest(`/admin/imports/${created.id}`, { cookie }), { id: created.id })),
    );
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ view: { error: { code: "unclosed_quote", line: file.lineOf(1502) } } });

    expect(await startImport(getDb(), created.id, created.mapping, admin.id)).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
    const start = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${created.id}`, { cookie, form: { intent: "start" } }), { id: created.id }),
      ),
    );
    expect(start).toMatchObject({
      status: 400,
      data: { formError: { intent: "start", message: "tickets:preview.notStartable", target: null } },
    });
    expect(await getDb().select().from(jobs)).toHaveLength(0);
    expect(await ticketCount()).toBe(0);
  });

  it("rejects a row whose quote swallowed the lines after it and keeps the line numbers after it true", async () => {
    const admin = await createUser({ role: "admin" });
    // The quote opened in row 10 closes at a stray quote in row 12: rows 10–12 read as one record.
    const file = exportOf(30, {
      10: 'T-10,"Oggetto aperto,Testo,Open,Email,2024-03-05 09:12',
      12: 'T-12,Oggetto,Testo chiuso",Open,Email,2024-03-05 09:12',
      20: "T-20,Oggetto,Testo,Boh,Email,2024-03-05 09:12",
    });
    const created = await upload(admin.id, file.csv);
    expect(created.error).toBeNull();
    await startImport(getDb(), created.id, created.mapping, admin.id);
    const done = await runImportToEnd(created.id);
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 26, failed: 2 });
    expect(await listImportErrors(getDb(), created.id)).toEqual([
      {
        line: file.lineOf(10),
        externalId: "T-10",
        problems: [{ field: "", message: "tickets:rowErrors.columnCount" }],
      },
      {
        line: file.lineOf(20),
        externalId: "T-20",
        problems: [{ field: "status", message: "tickets:rowErrors.status" }],
      },
    ]);
  });

  it("rejects only the row the database refuses, and never shows the SQL", async () => {
    const admin = await createUser({ role: "admin" });
    // A rule the row checks cannot know about: the database refuses this one subject.
    await getDb().execute(sql`alter table tickets add constraint test_refuses_boom check (subject <> 'boom')`);
    cleanups.push(() => getDb().execute(sql`alter table tickets drop constraint test_refuses_boom`));
    const file = exportOf(1200, { 1100: "T-1100,boom,Testo,Open,Email,2024-03-05 09:12" });
    const created = await upload(admin.id, file.csv);
    await startImport(getDb(), created.id, created.mapping, admin.id);
    const done = await runImportToEnd(created.id);
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 1199, failed: 1, error: null });
    expect(await listImportErrors(getDb(), created.id)).toEqual([
      {
        line: file.lineOf(1100),
        externalId: "T-1100",
        problems: [{ field: "", message: "tickets:rowErrors.refused" }],
      },
    ]);
  });

  it("resumes after a crash from the last committed batch, so the counts say what was really written", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await upload(admin.id, exportOf(2500).csv);
    await startImport(getDb(), created.id, created.mapping, admin.id);
    const progress: Array<[number, number | undefined]> = [];
    // The worker dies right after its first batch commits (as with kill -9): the import stays running.
    await expect(
      importTickets(getDb(), created.id, {
        onProgress: async (done, total) => {
          progress.push([done, total]);
          throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    expect(progress).toEqual([[1000, 2500]]);
    expect(await getImport(getDb(), created.id)).toMatchObject({
      status: "running",
      rowsProcessed: 1000,
      inserted: 1000,
    });

    const outcome = await importTickets(getDb(), created.id, {
      onProgress: async (done, total) => {
        progress.push([done, total]);
      },
    });
    expect(outcome).toMatchObject({ inserted: 2500, updated: 0, failed: 0, rows: 2500 });
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(await getImport(getDb(), created.id)).toMatchObject({
      status: "succeeded",
      inserted: 2500,
      updated: 0,
      rowsProcessed: 2500,
    });
    expect(await ticketCount()).toBe(2500);
  });

  it("does not retry an import that cannot succeed", async () => {
    cleanups.push(registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob));
    const job = await enqueueJob(getDb(), {
      type: TICKET_IMPORT_JOB,
      payload: { importId: "00000000-0000-0000-0000-000000000000" },
    });
    const runner = startJobRunner({ db: getDb(), workerId: "bad-rows-runner", pollMs: 10, backoffBaseMs: 10 });
    try {
      const started = Date.now();
      while ((await getJob(getDb(), job.id))?.status !== "failed") {
        if (Date.now() - started > 10_000) throw new Error("job did not fail");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await runner.stop();
    }
    expect(await getJob(getDb(), job.id)).toMatchObject({ status: "failed", attempts: 1 });
  });
});

describe("files that cannot be read", () => {
  it("says a UTF-16 file has an unsupported encoding instead of missing columns", async () => {
    const admin = await createUser({ role: "admin" });
    const text = `${HEADER}\r\nT-1,Oggetto,Testo,Open,Email,2024-03-05 09:12\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const withBom = await upload(admin.id, utf16, "export-utf16.csv");
    expect(withBom.error).toEqual({ code: "unsupported_encoding", encoding: "utf-16le" });
    // Without a byte order mark too.
    const bare = await upload(admin.id, Buffer.from(text, "utf16le"), "export-utf16.csv");
    expect(bare.error).toEqual({ code: "unsupported_encoding", encoding: "utf-16le" });
    expect(await startImport(getDb(), withBom.id, withBom.mapping, admin.id)).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
    // A single stray NUL does not make a UTF-8 file "wide".
    const stray = await upload(admin.id, `${HEADER}\nT-1,Ogg\u0000etto,Testo,Open,Email,2024-03-05 09:12\n`);
    expect(stray.error).toBeNull();
    const preview = await previewImport(getDb(), stray);
    expect(preview.rows[0]?.mapped.ok).toBe(false);
  });

  it("uploads a file whose name holds a semicolon, and previews an unbalanced quote without an error page", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const form = new FormData();
    form.append(
      "file",
      new Blob([`${HEADER}\nT-1,"Oggetto,Testo,Open,Email,2024-03-05 09:12\n`], { type: "text/csv" }),
      "export;2024.csv",
    );
    form.append("preset", "zendesk");
    const request = new Request("http://localhost:3000/admin/imports", {
      method: "POST",
      headers: { cookie, "x-floorboard-remote-addr": "127.0.0.1" },
      body: form,
    });
    const uploaded = await runRoute(() => importsRoute.action(args(request)));
    expect(uploaded.status).toBe(302);
    const id = uploaded.location!.split("/").pop()!;
    expect(await getImport(getDb(), id)).toMatchObject({
      filename: "export;2024.csv",
      error: { code: "unclosed_quote", line: 2 },
    });
    const page = await runRoute(() =>
      importRoute.loader(args(makeRequest(`/admin/imports/${id}`, { cookie }), { id })),
    );
    expect(page.status).toBe(200);
    await getDb().delete(ticketImports).where(eq(ticketImports.id, id));
  });
});
