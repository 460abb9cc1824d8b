// Load test of the built server on a real PostgreSQL filled by bench/generate-dataset.ts.
// Usage: npm run build && DATABASE_URL=postgres://…/floorboard_bench node bench/load.mjs [seconds] [connections]
// Loopback only; every scenario is bounded in time. WEB_CONCURRENCY and RENDER_CACHE_TTL_MS are
// passed on to the server (e.g. WEB_CONCURRENCY=2, or RENDER_CACHE_TTL_MS=0 to measure rendering).
// BENCH_SCENARIOS picks scenarios by name (board, viewers, api, votes; comma-separated; all by default).
// BENCH_SERVER_NODE_ARGS passes Node.js flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
// bench/ratios.mjs runs the same scenarios beside reference servers and prints the ratios.
import postgres from "postgres";
import { dropSessions, makeSessions, rotatingSessions, runLoad, runVotes, startServer } from "./http-load.mjs";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the benchmark database (see bench/generate-dataset.ts).");
  process.exit(1);
}
const seconds = Number(process.argv[2] ?? 30);
const connections = Number(process.argv[3] ?? 50);
const port = Number(process.env.BENCH_PORT ?? 3399);
const base = `http://127.0.0.1:${port}`;
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
const scenarios = new Set(
  (process.env.BENCH_SCENARIOS ?? "board,viewers,api,votes").split(",").map((name) => name.trim()),
);
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
const load = { connections, seconds };

const server = await startServer({ port, databaseUrl, nodeArgs });
try {
  const [viewer] = await makeSessions(sql, 1);
  const cookie = `fb_session=${viewer.token}`;
  // Warm up the code paths and connection pool.
  for (let i = 0; i < 20; i++) await (await fetch(`${base}/board?sort=top`, { headers: { cookie } })).arrayBuffer();

  if (scenarios.has("board"))
    await runLoad(base, "board page (HTML, top, 50 items)", {
      ...load,
      requests: [{ method: "GET", path: "/board?sort=top", headers: { cookie } }],
    });
  const viewers = await makeSessions(sql, 50);
  if (scenarios.has("viewers"))
    await runLoad(base, "board page (HTML, top, 50 items), 50 different people", {
      ...load,
      requests: [rotatingSessions("/board?sort=top", viewers)],
    });
  if (scenarios.has("api"))
    await runLoad(base, "GET /api/v1/items", {
      ...load,
      requests: [{ method: "GET", path: "/api/v1/items?sort=top&limit=50", headers: { cookie } }],
    });
  if (scenarios.has("votes")) {
    const voters = await makeSessions(sql, 2000);
    await runVotes(sql, base, voters, load);
    await dropSessions(sql, voters);
  }
  await dropSessions(sql, [viewer, ...viewers]);
} finally {
  await server.stop();
  await sql.end();
}
