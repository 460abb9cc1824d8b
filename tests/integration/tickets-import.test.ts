import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { ImportPreset } from "#app/services/tickets/fields";
import {
  choosePreset,
  createImportFromStream,
  listImportErrors,
  previewImport,
  startImport,
  getImport,
} from "#app/services/tickets/imports.server";
import { UploadTooLargeError } from "#app/services/tickets/csv-file.server";
import { getDb } from "#db/client.server";
import { jobs, ticketImportChunks, ticketImports, tickets } from "#db/schema/index";
import { createUser } from "#tests/factories/index";
import { runImportToEnd } from "#tests/support/imports";
import { SAMPLE_EXPORT_PATH } from "../../scripts/make-sample-export";

const fixtures = path.resolve("tests/fixtures/tickets");
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upload(file: string, preset: ImportPreset, adminId: string) {
  const created = await createImportFromStream(getDb(), {
    filename: path.basename(file),
    createdById: adminId,
    data: createReadStream(path.resolve(fixtures, file), { highWaterMark: 64 }),
  });
  await choosePreset(getDb(), created.id, preset);
  return (await getImport(getDb(), created.id))!;
}

async function importFile(file: string, preset: ImportPreset) {
  const admin = await createUser({ role: "admin" });
  const created = await upload(file, preset, admin.id);
  const started = await startImport(getDb(), created.id, created.mapping, admin.id);
  expect(started.ok).toBe(true);
  return runImportToEnd(created.id);
}

function allTickets() {
  return getDb().select().from(tickets).orderBy(asc(tickets.externalId));
}

describe("CSV ticket import", () => {
  it("imports a Zendesk export: quoted newlines, statuses, channels, CSAT, first reply, PII scrubbed", async () => {
    const done = await importFile("zendesk.csv", "zendesk");
    expect(done).toMatchObject({
      shownStatus: "succeeded",
      inserted: 3,
      updated: 0,
      failed: 0,
      rowsProcessed: 3,
      percent: 100,
    });
    const rows = await allTickets();
    expect(rows.map((row) => [row.source, row.externalId, row.status, row.channel])).toEqual([
      ["zendesk", "1001", "resolved", "email"],
      ["zendesk", "1002", "open", "web_form"],
      ["zendesk", "1003", "pending", "phone"],
    ]);
    const [first, second, third] = rows;
    expect(first!.body).toBe("Mi avete addebitato due volte sulla carta [card], scrivetemi a [email]");
    expect(first).toMatchObject({ csatGood: true, csatScore: null, interactions: 3 });
    // 09:12 in Rome (CET, UTC+1) is 08:12 UTC; the first reply came 45 minutes later.
    expect(first!.openedAt.toISOString()).toBe("2024-03-05T08:12:00.000Z");
    expect(first!.firstResponseAt!.toISOString()).toBe("2024-03-05T08:57:00.000Z");
    expect(first!.resolvedAt!.toISOString()).toBe("2024-03-06T09:00:00.000Z");
    expect(second!.body).toBe("Dopo l'aggiornamento l'app si chiude subito.\nHo provato a reinstallarla.");
    expect(second).toMatchObject({ csatGood: null, firstResponseAt: null });
    expect(third!.body).toBe("Please call me on [phone] about order 55123");
    expect(third!.openedAt.toISOString()).toBe("2024-03-06T08:00:00.000Z");
    expect(third!.csatGood).toBe(false);

    // New tickets are handed to the clustering services, and the job waits for its handler.
    const assign = await getDb().select().from(jobs).where(eq(jobs.type, "clusters.assign"));
    expect(assign).toHaveLength(1);
    expect(assign[0]).toMatchObject({ status: "queued", payload: {} });
  });

  it("imports a Freshdesk export", async () => {
    const done = await importFile("freshdesk.csv", "freshdesk");
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 2, failed: 0 });
    const rows = await allTickets();
    expect(
      rows.map((row) => [
        row.source,
        row.externalId,
        row.status,
        row.channel,
        row.product,
        row.csatGood,
        row.interactions,
      ]),
    ).toEqual([
      ["freshdesk", "FD-1", "resolved", "email", "Spedizioni", true, 2],
      ["freshdesk", "FD-2", "closed", "web_form", "Portale", false, 1],
    ]);
    expect(rows[0]!.firstResponseAt!.toISOString()).toBe("2024-04-01T07:30:00.000Z");
    // "03/04/2024" is a date, not a phone number.
    expect(rows[0]!.body).toBe("Il pacco doveva arrivare il 03/04/2024");
  });

  it("reads Italian Excel files: Windows-1252, semicolons, dd/mm/yyyy dates and quoted newlines", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await upload("excel-1252-semicolon.csv", "zendesk", admin.id);
    expect(created).toMatchObject({ encoding: "windows-1252", delimiter: ";" });
    const preview = await previewImport(getDb(), created);
    expect(preview.headers).toEqual([
      "Id",
      "Subject",
      "Description",
      "Status",
      "Via",
      "Created at",
      "Satisfaction Score",
    ]);
    expect(preview.rows.map((row) => row.line)).toEqual([2, 4]);
    await startImport(getDb(), created.id, created.mapping, admin.id);
    const done = await runImportToEnd(created.id);
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 2, failed: 0 });
    const [first, second] = await allTickets();
    expect(first!.body).toBe("Importo di € 49,90 invece di € 39,90.\r\nPerché?");
    expect(first).toMatchObject({ status: "open", channel: "phone", csatScore: 4, csatGood: true });
    expect(first!.openedAt.toISOString()).toBe("2024-03-05T08:15:00.000Z");
    // 31 March 2024, 02:30 does not exist in Rome (clocks jump from 02:00 to 03:00); it still imports.
    expect(second).toMatchObject({ status: "closed", channel: "chat", csatScore: 2, csatGood: false });
    expect(second!.openedAt.toISOString().slice(0, 10)).toBe("2024-03-31");
  });

  it("strips a UTF-8 byte order mark", async () => {
    const done = await importFile("bom-utf8.csv", "freshdesk");
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 1 });
    const [row] = await allTickets();
    expect(row).toMatchObject({ externalId: "B-1", subject: "Caffè freddo", body: "Riga uno\r\nriga due" });
  });

  it("refuses to start when a required column is missing, naming it, and writes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await upload("missing-column.csv", "zendesk", admin.id);
    const started = await startImport(getDb(), created.id, created.mapping, admin.id);
    expect(started).toEqual({
      ok: false,
      reason: "missing_columns",
      missing: [{ field: "subject", column: "Subject" }],
    });
    expect(await getDb().select().from(jobs)).toHaveLength(0);
    expect(await getImport(getDb(), created.id)).toMatchObject({ status: "uploaded" });
    expect(await allTickets()).toHaveLength(0);
  });

  it("fails the job before writing a row when the mapping names a column the file lacks", async () => {
    const admin = await createUser({ role: "admin" });
    const created = await upload("missing-column.csv", "zendesk", admin.id);
    // Forced past the start check, as if the file had changed: the job checks again.
    await getDb()
      .update(ticketImports)
      .set({ mapping: { ...created.mapping, subject: "Subject" } })
      .where(eq(ticketImports.id, created.id));
    const started = await startImport(getDb(), created.id, { ...created.mapping, subject: "Description" }, admin.id);
    expect(started.ok).toBe(true);
    await getDb()
      .update(ticketImports)
      .set({ mapping: { ...created.mapping, subject: "Subject" } })
      .where(eq(ticketImports.id, created.id));
    const done = await runImportToEnd(created.id);
    expect(done).toMatchObject({
      shownStatus: "failed",
      error: { code: "missing_columns", columns: ["Subject"] },
      inserted: 0,
    });
    expect(await allTickets()).toHaveLength(0);
  });

  it("lists invalid rows with their line numbers (blank lines counted) and imports the others", async () => {
    const done = await importFile("invalid-rows.csv", "zendesk");
    expect(done).toMatchObject({ shownStatus: "succeeded", inserted: 2, failed: 4, rowsProcessed: 6 });
    expect((await allTickets()).map((row) => row.externalId)).toEqual(["3001", "3006"]);
    const errors = await listImportErrors(getDb(), done.id);
    expect(errors).toEqual([
      { line: 3, externalId: "3002", problems: [{ field: "openedAt", message: "tickets:rowErrors.date" }] },
      {
        line: 5,
        externalId: null,
        problems: [{ field: "externalId", message: "tickets:rowErrors.externalIdRequired" }],
      },
      { line: 6, externalId: "3004", problems: [{ field: "status", message: "tickets:rowErrors.status" }] },
      { line: 7, externalId: "3005", problems: [{ field: "interactions", message: "tickets:rowErrors.interactions" }] },
    ]);
  });

  it("re-importing the same file updates the tickets instead of duplicating them, keeping cluster pins", async () => {
    await importFile("zendesk.csv", "zendesk");
    const before = await allTickets();
    await getDb()
      .update(tickets)
      .set({ clusterPinned: true, subject: "cambiato a mano" })
      .where(eq(tickets.externalId, "1001"));
    const again = await importFile("zendesk.csv", "zendesk");
    expect(again).toMatchObject({ shownStatus: "succeeded", inserted: 0, updated: 3 });
    const after = await allTickets();
    expect(after).toHaveLength(3);
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    expect(after[0]).toMatchObject({ subject: "Addebito doppio", clusterPinned: true });
  });

  it("refuses an upload over the size limit and keeps nothing of it", async () => {
    const admin = await createUser({ role: "admin" });
    await expect(
      createImportFromStream(getDb(), {
        filename: "big.csv",
        createdById: admin.id,
        data: createReadStream(path.join(fixtures, "zendesk.csv"), { highWaterMark: 64 }),
        limit: 100,
      }),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(await getDb().select().from(ticketImports)).toHaveLength(0);
    expect(await getDb().select().from(ticketImportChunks)).toHaveLength(0);
  });
});

describe("the sample Zendesk export in docs/samples", () => {
  it("imports with the Zendesk preset, every row accepted, mostly Italian", async () => {
    const records = parse(readFileSync(SAMPLE_EXPORT_PATH), { columns: true }) as unknown[];
    expect(records.length).toBeGreaterThanOrEqual(300);
    expect(records.length).toBeLessThanOrEqual(400);
    const done = await importFile(path.resolve(SAMPLE_EXPORT_PATH), "zendesk");
    expect(done).toMatchObject({
      shownStatus: "succeeded",
      inserted: records.length,
      updated: 0,
      failed: 0,
      rowsProcessed: records.length,
    });
    expect(await listImportErrors(getDb(), done.id)).toEqual([]);
    const rows = await allTickets();
    expect(rows).toHaveLength(done.inserted);
    expect(rows.every((row) => row.source === "zendesk" && row.channel !== null)).toBe(true);
    expect(rows.filter((row) => row.language === "it").length / rows.length).toBeGreaterThanOrEqual(0.8);
    expect(rows.some((row) => row.language === "en")).toBe(true);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["open", "pending", "resolved", "closed"]));
    expect(rows.some((row) => row.csatGood === true) && rows.some((row) => row.csatGood === false)).toBe(true);
    // The texts hold no personal data, and nothing in them is mistaken for it.
    expect(rows.filter((row) => /\[(email|phone|iban|card|tax_code)\]/.test(`${row.subject} ${row.body}`))).toEqual([]);
  });
});
