// Load test of the built server on a real PostgreSQL filled by bench/generate-dataset.ts.
// Usage: npm run build && DATABASE_URL=postgres://…/floorboard_bench node bench/load.mjs [seconds] [connections]
// Loopback only; every scenario is bounded in time. WEB_CONCURRENCY and RENDER_CACHE_TTL_MS are
// passed on to the server (e.g. WEB_CONCURRENCY=2, or RENDER_CACHE_TTL_MS=0 to measure rendering).
// BENCH_SCENARIOS picks scenarios by name (board, viewers, api, votes; comma-separated; all by default).
// BENCH_SERVER_NODE_ARGS passes Node.js flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import postgres from "postgres";
import { sessionRow } from "./sessions.mjs";

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
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);

async function makeSessions(count) {
  const people = await sql`select id from users where email like 'bench%' order by email limit ${count}`;
  const rows = people.map((person) =>
    sessionRow({
      user_id: person.id,
      // A fresh 30-day session, as signing in makes: no renewal on the first requests.
      expires_at: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    }),
  );
  await sql`insert into sessions ${sql(rows, "id", "user_id", "expires_at")}`;
  return rows;
}

function startServer() {
  const child = spawn(process.execPath, [...serverNodeArgs, "--import", "tsx", "app/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      DATABASE_POOL_MAX: "20",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function waitForHealth() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("server did not start");
}

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url: base, connections, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      const line = `${title}: ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, 2xx ${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors}`;
      console.log(line);
      resolve(result);
    });
  });
}

const server = startServer();
try {
  await waitForHealth();
  const [viewer] = await makeSessions(1);
  const cookie = `fb_session=${viewer.token}`;
  // Warm up the code paths and connection pool.
  for (let i = 0; i < 20; i++) await (await fetch(`${base}/board?sort=top`, { headers: { cookie } })).arrayBuffer();

  const results = {};
  if (scenarios.has("board"))
    results.board = await run("board page (HTML, top, 50 items)", {
      requests: [{ method: "GET", path: "/board?sort=top", headers: { cookie } }],
    });
  const viewers = await makeSessions(50);
  let turn = 0;
  if (scenarios.has("viewers"))
    results.boardViewers = await run("board page (HTML, top, 50 items), 50 different people", {
      requests: [
        {
          method: "GET",
          path: "/board?sort=top",
          setupRequest: (request) => ({
            ...request,
            headers: { cookie: `fb_session=${viewers[turn++ % viewers.length].token}` },
          }),
        },
      ],
    });
  if (scenarios.has("api"))
    results.api = await run("GET /api/v1/items", {
      requests: [{ method: "GET", path: "/api/v1/items?sort=top&limit=50", headers: { cookie } }],
    });

  if (scenarios.has("votes")) results.votes = await runVotes();
  await sql`delete from sessions where id = any(${[viewer.id, ...viewers.map((one) => one.id)]})`;
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await sql.end();
}

async function runVotes() {
  // Votes: every request a new (person, item) pair on an open item, so each success adds one row.
  const voters = await makeSessions(2000);
  const itemIds = (
    await sql`select id from items where status in ('new', 'under_review', 'planned', 'in_progress') order by number`
  ).map((row) => row.id);
  const existing =
    await sql`select user_id, item_id from votes where user_id = any(${voters.map((voter) => voter.user_id)})`;
  const voted = new Set(existing.map((row) => `${row.user_id}:${row.item_id}`));
  const cursor = voters.map(() => 0);
  const [{ before }] = await sql`select count(*)::int as before from votes`;
  let next = 0;
  const succeeded = new Set();
  const [{ started }] = await sql`select now()::text as started`;
  const result = await run("PUT /api/v1/items/:id/vote (distinct people and items)", {
    requests: [
      {
        method: "PUT",
        setupRequest(request, context) {
          const v = next++ % voters.length;
          const voter = voters[v];
          let item;
          do {
            item = itemIds[(v * 7919 + cursor[v]++ * 104729) % itemIds.length];
          } while (voted.has(`${voter.user_id}:${item}`));
          voted.add(`${voter.user_id}:${item}`);
          context.pair = `${voter.user_id}:${item}`;
          return {
            ...request,
            path: `/api/v1/items/${item}/vote`,
            headers: { cookie: `fb_session=${voter.token}`, origin: base },
          };
        },
        onResponse(status, _body, context) {
          if (status === 200) succeeded.add(context.pair);
        },
      },
    ],
  });
  // autocannon stops at the deadline without waiting for requests in flight; the server
  // still completes them. Let them land, then account for every row.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const [{ after }] = await sql`select count(*)::int as after from votes`;
  const added =
    await sql`select user_id, item_id from votes where user_id = any(${voters.map((voter) => voter.user_id)}) and created_at >= ${started}::timestamptz`;
  const unanswered = added.filter((row) => !succeeded.has(`${row.user_id}:${row.item_id}`)).length;
  const [{ drift }] =
    await sql`select count(*)::int as drift from items i where i.vote_count <> (select count(*) from votes v where v.item_id = i.id)`;
  console.log(
    `votes: ${after - before} rows added for ${succeeded.size} successful responses` +
      ` (+ ${unanswered} sent before the deadline whose responses autocannon did not wait for);` +
      ` items whose count differs from their rows: ${drift}`,
  );
  await sql`delete from sessions where id = any(${voters.map((voter) => voter.id)})`;
  return result;
}
