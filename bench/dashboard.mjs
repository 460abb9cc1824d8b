// Times the insights dashboard's data as the /dashboard loader asks for it: `loadDashboard`
// (its sections' queries in parallel) and the team list, on a normal pool, on the committed
// large dataset (bench/generate-dataset.ts creates its tickets, clusters and timeline).
// Usage: DATABASE_URL=postgres://…/floorboard_bench_dash node bench/dashboard.mjs [runs]
import { performance } from "node:perf_hooks";
import { tsImport } from "tsx/esm/api";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the large dataset, e.g. postgres://postgres@127.0.0.1:5432/floorboard_bench_dash");
  process.exit(1);
}
const runs = Number(process.argv[2] ?? 7);
const { openDatabase } = await tsImport("../db/client.server.ts", import.meta.url);
const sections = await tsImport("../app/services/dashboard/index.server.ts", import.meta.url);
const { loadDashboard } = sections;
const { listTeams } = await tsImport("../app/services/teams.server.ts", import.meta.url);
const { sql } = await import("drizzle-orm");

// The app's pool size (db/client.server.ts default).
const handle = openDatabase({ databaseUrl: url });
const { db } = handle;
const WEEK = 7 * 24 * 60 * 60 * 1000;
const results = [];
const sectionTimes = [];
const median = (samples) => samples[Math.floor(samples.length / 2)];

async function time(label, filters) {
  await Promise.all([loadDashboard(db, filters), listTeams(db)]); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await Promise.all([loadDashboard(db, filters), listTeams(db)]);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  results.push({ label, median: median(samples), max: samples[samples.length - 1] });
}

try {
  // Fresh planner statistics, as autovacuum would keep them.
  await db.execute(sql`analyze`);
  const [team] = await listTeams(db);
  const now = Date.now();
  for (const weeks of [4, 12, 52])
    await time(`last ${weeks} weeks`, { from: new Date(now - weeks * WEEK), to: new Date(now) });
  await time("last 52 weeks, channel phone", { from: new Date(now - 52 * WEEK), to: new Date(now), channel: "phone" });
  if (team)
    await time("last 52 weeks, one team", { from: new Date(now - 52 * WEEK), to: new Date(now), teamId: team.id });
  // Each section alone, over the longest range, to see where the time goes.
  const year = { from: new Date(now - 52 * WEEK), to: new Date(now) };
  for (const name of ["participation", "flow", "promises", "outcome", "pain"]) {
    await sections[name](db, year);
    const samples = [];
    for (let i = 0; i < 3; i += 1) {
      const start = performance.now();
      await sections[name](db, year);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    sectionTimes.push(`${name} ${median(samples).toFixed(0)} ms`);
  }
} finally {
  await handle.close();
}

console.log(`dashboard data, ${runs} runs each after a warm-up (pool of 10, sections in parallel):`);
console.log("| range | median | max |\n|---|---|---|");
for (const row of results) console.log(`| ${row.label} | ${row.median.toFixed(0)} ms | ${row.max.toFixed(0)} ms |`);
console.log(`sections alone, last 52 weeks (median of 3): ${sectionTimes.join(", ")}`);
