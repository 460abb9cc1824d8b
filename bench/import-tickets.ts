// Imports a generated CSV (bench/generate-tickets-csv.mjs) through the real upload and
// import code, reporting time and peak memory. In-memory PGlite by default, or DATABASE_URL.
// Usage: npx tsx bench/import-tickets.ts [file]
import { createReadStream } from "node:fs";
import { openDatabase } from "#db/client.server";
import { migrateDatabase } from "#db/migrate";
import { claimNextJob, completeJob } from "#app/services/jobs/queue.server";
import { TICKET_IMPORT_JOB, importTickets } from "#app/services/tickets/import-job.server";
import { choosePreset, createImportFromStream, getImport, startImport } from "#app/services/tickets/imports.server";

const file = process.argv[2] ?? "/tmp/floorboard-tickets-bench.csv";
const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, poolMax: 4 });
await migrateDatabase(handle);
const db = handle.db;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const rssBefore = process.memoryUsage().rss;
let started = performance.now();
const upload = await createImportFromStream(db, {
  filename: "bench.csv",
  createdById: null,
  data: createReadStream(file),
});
await choosePreset(db, upload.id, "zendesk");
const uploadMs = performance.now() - started;
const prepared = (await getImport(db, upload.id))!;
const start = await startImport(db, upload.id, prepared.mapping, null);
if (!start.ok) throw new Error(`cannot start: ${JSON.stringify(start)}`);

// Claimed like a worker would, so the queued job is not left behind for one to re-run.
const job = await claimNextJob(db, "bench", [TICKET_IMPORT_JOB]);
if (!job) throw new Error("the import job was not queued");
started = performance.now();
const outcome = await importTickets(db, upload.id);
const importMs = performance.now() - started;
await completeJob(db, job.id, "bench", outcome);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(
  JSON.stringify(
    {
      driver: handle.driver,
      file,
      sizeBytes: upload.sizeBytes,
      uploadSeconds: +(uploadMs / 1000).toFixed(2),
      importSeconds: +(importMs / 1000).toFixed(2),
      rowsPerSecond: Math.round(outcome.rows / (importMs / 1000)),
      outcome,
      rssBefore: mib(rssBefore),
      peakRss: mib(peakRss),
    },
    null,
    2,
  ),
);
await handle.close();
