// The speed targets as ratios to references measured in the same run, so they can be checked on
// any machine: the built server against a bare Node.js `http` server sending a page of the same
// size, and votes against `pgbench -N` on the same PostgreSQL server. Scenarios and references
// alternate, twice each by default.
// Usage: npm run build && DATABASE_URL=postgres://…/floorboard_bench node bench/ratios.mjs [seconds] [connections] [rounds]
// (fill the database first with bench/generate-dataset.ts; BENCH_ITEMS=1000 for the smaller board).
// Loopback only, every run bounded in time. WEB_CONCURRENCY (default 2) applies to the app and
// to the reference server alike.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { dropSessions, makeSessions, rotatingSessions, runLoad, runVotes, startServer } from "./http-load.mjs";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the benchmark database (see bench/generate-dataset.ts).");
  process.exit(1);
}
const seconds = Number(process.argv[2] ?? 15);
const connections = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 2);
const processes = String(process.env.WEB_CONCURRENCY ?? 2);
const load = { connections, seconds };
const ports = { uncached: 3401, cached: 3402, reference: 3403 };
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

/** bench/reference-server.mjs, started and ready. */
async function startReference(pageBytes, apiBytes) {
  const script = fileURLToPath(new URL("./reference-server.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, ports.reference, processes, pageBytes, apiBytes].map(String), {
    stdio: "inherit",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${ports.reference}/page`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return () => child.kill("SIGTERM");
}

/** `pgbench -N` (no updates to the small tables) on its own database of the same server. */
function preparePgbench() {
  const url = new URL(databaseUrl);
  url.pathname = "/floorboard_pgbench";
  spawnSync("createdb", [
    "-h",
    url.hostname,
    "-p",
    url.port || "5432",
    "-U",
    url.username || "postgres",
    "floorboard_pgbench",
  ]);
  const init = spawnSync("pgbench", ["-i", "-q", "-s", "10", url.toString()], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  return () => {
    const run = spawnSync(
      "pgbench",
      ["-N", "-n", "-c", String(connections), "-j", "2", "-T", String(seconds), url.toString()],
      { encoding: "utf8" },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1]);
    console.log(`pgbench -N: ${tps.toFixed(0)} tps`);
    return tps;
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (result) => result.requests.average;

const env = { WEB_CONCURRENCY: processes };
const uncached = await startServer({
  port: ports.uncached,
  databaseUrl,
  env: { ...env, RENDER_CACHE_TTL_MS: "0" },
});
const cached = await startServer({ port: ports.cached, databaseUrl, env });
const viewers = await makeSessions(sql, 50);
const voters = (await makeSessions(sql, 2050)).slice(50);
const base = (port) => `http://127.0.0.1:${port}`;
const cookie = `fb_session=${viewers[0].token}`;
const boardPath = "/board?sort=top";
const apiPath = "/api/v1/items?sort=top&limit=50";

const boardHtml = await (await fetch(base(ports.uncached) + boardPath, { headers: { cookie } })).text();
const apiJson = await (await fetch(base(ports.uncached) + apiPath, { headers: { cookie } })).text();
const pageBytes = Buffer.byteLength(boardHtml);
const apiBytes = Math.max(Buffer.byteLength(apiJson), 20_000);
console.log(`board page: ${(pageBytes / 1024).toFixed(1)} KB of HTML; items API: ${(apiBytes / 1024).toFixed(1)} KB`);
const stopReference = await startReference(pageBytes, apiBytes);
const pgbench = preparePgbench();
for (const port of [ports.uncached, ports.cached])
  for (let i = 0; i < 20; i++) await (await fetch(base(port) + boardPath, { headers: { cookie } })).arrayBuffer();

const figures = {};
const record = (name, value) => (figures[name] ??= []).push(value);
try {
  for (let round = 1; round <= rounds; round++) {
    console.log(`— round ${round} of ${rounds}`);
    // Votes leave dead item rows behind; a server without autovacuum would slow down from round to round.
    await sql`vacuum analyze items, votes`;
    record("reference page", rate(await runLoad(base(ports.reference), "reference: page", { ...load, path: "/page" })));
    const board = await runLoad(base(ports.uncached), "board, cache off, 50 people", {
      ...load,
      requests: [rotatingSessions(boardPath, viewers)],
    });
    record("board uncached", rate(board));
    record("board uncached p99", board.latency.p99);
    record("reference api", rate(await runLoad(base(ports.reference), "reference: 20 KB", { ...load, path: "/api" })));
    record(
      "api uncached",
      rate(
        await runLoad(base(ports.uncached), "items API, cache off", {
          ...load,
          requests: [{ method: "GET", path: apiPath, headers: { cookie } }],
        }),
      ),
    );
    record("pgbench", pgbench());
    const votes = await runVotes(sql, base(ports.uncached), voters, load);
    record("votes", rate(votes.result));
    record("vote drift", votes.drift);
    record(
      "board cached",
      rate(
        await runLoad(base(ports.cached), "board, cache on, one person", {
          ...load,
          requests: [{ method: "GET", path: boardPath, headers: { cookie } }],
        }),
      ),
    );
    record(
      "api cached",
      rate(
        await runLoad(base(ports.cached), "items API, cache on", {
          ...load,
          requests: [{ method: "GET", path: apiPath, headers: { cookie } }],
        }),
      ),
    );
  }
} finally {
  stopReference();
  await uncached.stop();
  await cached.stop();
  await dropSessions(sql, [...viewers, ...voters]);
  await sql.end();
}

const m = Object.fromEntries(Object.entries(figures).map(([name, values]) => [name, median(values)]));
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;
console.log("\nmedians over the rounds, and the targets:");
console.table([
  {
    target: "board, cache off, 50 people ≥ 10 % of bare Node",
    measured: `${m["board uncached"].toFixed(0)} of ${m["reference page"].toFixed(0)} req/s`,
    ratio: percent(m["board uncached"], m["reference page"]),
  },
  { target: "board, cache off, p99 ≤ 150 ms", measured: `${m["board uncached p99"]} ms`, ratio: "" },
  {
    target: "items API, cache off ≥ 15 % of bare Node (20 KB)",
    measured: `${m["api uncached"].toFixed(0)} of ${m["reference api"].toFixed(0)} req/s`,
    ratio: percent(m["api uncached"], m["reference api"]),
  },
  {
    target: "votes ≥ 80 % of pgbench -N, counters exact",
    measured: `${m.votes.toFixed(0)} of ${m.pgbench.toFixed(0)}; drift ${Math.max(...figures["vote drift"])}`,
    ratio: percent(m.votes, m.pgbench),
  },
  { target: "board HTML ≤ 60 KB", measured: `${(pageBytes / 1024).toFixed(1)} KB`, ratio: "" },
  { target: "board, cache on, one person", measured: `${m["board cached"].toFixed(0)} req/s`, ratio: "" },
  { target: "items API, cache on", measured: `${m["api cached"].toFixed(0)} req/s`, ratio: "" },
]);
