// Times the insights dashboard's data (every section, as the /dashboard loader asks for it) on
// the large dataset. That dataset has no tickets, clusters or timeline, so they are added
// inside a transaction that is rolled back at the end: the database is left as it was.
// Usage: DATABASE_URL=postgres://…/floorboard_bench node bench/dashboard.mjs [runs]
import { performance } from "node:perf_hooks";
import { tsImport } from "tsx/esm/api";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the large dataset, e.g. postgres://postgres@127.0.0.1:5432/floorboard_bench");
  process.exit(1);
}
const runs = Number(process.argv[2] ?? 5);
const { openDatabase } = await tsImport("../db/client.server.ts", import.meta.url);
const sections = await tsImport("../app/services/dashboard.server.ts", import.meta.url);
const { loadDashboard } = sections;
const { listTeams } = await tsImport("../app/services/teams.server.ts", import.meta.url);
const { sql } = await import("drizzle-orm");

const handle = openDatabase({ databaseUrl: url, poolMax: 2 });
const WEEK = 7 * 24 * 60 * 60 * 1000;
const rollback = new Error("rollback");
const results = [];
const sectionTimes = [];

async function time(tx, label, filters) {
  await Promise.all([loadDashboard(tx, filters), listTeams(tx)]); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await Promise.all([loadDashboard(tx, filters), listTeams(tx)]);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  results.push({ label, median: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1] });
}

try {
  await handle.db.transaction(async (tx) => {
    const setup = performance.now();
    await tx.execute(sql`insert into clusters (label) select 'bench ' || g from generate_series(1, 60) g`);
    // 100,000 tickets over the last year, a few clusters much busier than the rest.
    await tx.execute(sql`
      with c as (select id, row_number() over (order by number) - 1 as n from clusters where label like 'bench %'),
      r as materialized (
        select g, now() - random() * interval '365 days' as opened_at, floor(60 * power(random(), 2))::int as k
        from generate_series(1, 100000) g
      )
      insert into tickets (source, external_id, subject, channel, status, opened_at, resolved_at, csat_good, cluster_id)
      select 'bench', 'b-' || r.g, 'Ticket ' || r.g,
        (array['phone','email','chat','social','web_form','store','messaging'])[1 + (r.g % 7)]::channel,
        case when r.g % 10 < 7 then 'resolved' else 'open' end::ticket_status,
        r.opened_at,
        case when r.g % 10 < 7 then r.opened_at + make_interval(hours => 1 + r.g % 96) end,
        case when r.g % 5 = 0 then r.g % 3 > 0 when r.g % 5 = 1 then false end,
        c.id
      from r join c on c.n = r.k`);
    // Half the done items linked to one or two clusters.
    await tx.execute(sql`
      with d as (select id, row_number() over (order by number) as n from items where status = 'done'),
           c as (select id, row_number() over (order by number) - 1 as n from clusters where label like 'bench %')
      insert into item_clusters (item_id, cluster_id)
      select d.id, c.id from d join c on c.n = d.n % 60 or c.n = (d.n * 7) % 60 where d.n % 2 = 0
      on conflict do nothing`);
    // One move out of new for every item past it, and some moved target dates.
    await tx.execute(sql`
      insert into item_timeline (item_id, type, from_status, to_status, created_at)
      select id, 'status', 'new', status, least(created_at + make_interval(hours => 1 + number % 240), now())
      from items where status <> 'new'`);
    await tx.execute(sql`
      insert into item_timeline (item_id, type, created_at)
      select id, 'target_date', least(created_at + interval '20 days', now()) from items where target_date is not null and number % 5 = 0`);
    const seeded = performance.now() - setup;
    const [team] = await listTeams(tx);
    const now = Date.now();
    for (const weeks of [4, 12, 52]) await time(tx, `last ${weeks} weeks`, { from: new Date(now - weeks * WEEK), to: new Date(now) });
    await time(tx, "last 52 weeks, channel phone", { from: new Date(now - 52 * WEEK), to: new Date(now), channel: "phone" });
    if (team) await time(tx, "last 52 weeks, one team", { from: new Date(now - 52 * WEEK), to: new Date(now), teamId: team.id });
    // Each section alone, over the longest range, to see where the time goes.
    const year = { from: new Date(now - 52 * WEEK), to: new Date(now) };
    for (const name of ["participation", "flow", "promises", "outcome", "pain"]) {
      await sections[name](tx, year);
      const start = performance.now();
      await sections[name](tx, year);
      sectionTimes.push(`${name} ${(performance.now() - start).toFixed(0)} ms`);
    }
    console.log(`test data added in the transaction: ${(seeded / 1000).toFixed(1)} s`);
    throw rollback;
  });
} catch (error) {
  if (error !== rollback) throw error;
} finally {
  await handle.close();
}

console.log(`dashboard data, ${runs} runs each (inside one transaction, so on one connection):`);
console.log("| range | median | max |\n|---|---|---|");
for (const row of results) console.log(`| ${row.label} | ${row.median.toFixed(0)} ms | ${row.max.toFixed(0)} ms |`);
console.log(`sections alone, last 52 weeks: ${sectionTimes.join(", ")}`);
