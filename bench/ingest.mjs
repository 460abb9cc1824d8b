// Ticket ingestion through POST /api/v1/tickets on the built server and a real PostgreSQL.
// Usage: npm run build && node bench/ingest.mjs [seconds=20] [concurrency=4] [batch=1000]
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/floorboard_bench_ingest) is
// dropped and created afresh. Loopback only, bounded in time.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";

const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/floorboard_bench_ingest";
const seconds = Math.min(Number(process.argv[2] ?? 20), 60);
const concurrency = Number(process.argv[3] ?? 4);
const batch = Math.min(Number(process.argv[4] ?? 1000), 1000);
const port = Number(process.env.BENCH_PORT ?? 3398);
const base = `http://127.0.0.1:${port}`;

async function recreateDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
}

function startServer() {
  return spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      DATABASE_POOL_MAX: "10",
      // Ingestion alone: the queued clustering jobs are not run during the measurement.
      RUN_JOBS: "false",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
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

async function createApiKey(sql) {
  const [admin] = await sql`
    insert into users (email, name, handle, password_hash, role)
    values ('bench-ingest@example.it', 'Bench Ingest', 'bench.ingest', 'x', 'admin') returning id`;
  const key = `fb_${randomBytes(32).toString("base64url")}`;
  await sql`
    insert into api_keys (name, prefix, token_hash, scopes, created_by_id)
    values ('bench', ${key.slice(0, 10)}, ${createHash("sha256").update(key).digest("hex")}, ${["tickets:write"]}, ${admin.id})`;
  return key;
}

const subjects = [
  "Addebito doppio",
  "App lenta al login",
  "Consegna in ritardo",
  "Refund not received",
  "Modem offline",
];
const bodies = [
  "Buongiorno, mi avete addebitato due volte € 49,90. Scrivetemi a cliente{n}@example.it, grazie.",
  "Dopo l'aggiornamento l'app si chiude subito; ho provato a reinstallarla senza risultato.",
  "Il pacco dell'ordine {n} doveva arrivare il 03/04/2024; chiamatemi al 347 123 4567.",
  "Please refund card 4111 1111 1111 1111 for order {n}. It has been two weeks.",
];
const statuses = ["open", "pending", "resolved", "closed"];
const channels = ["email", "chat", "phone", "web_form"];

let counter = 0;
function makeBatch() {
  const tickets = [];
  for (let i = 0; i < batch; i++) {
    const n = counter++;
    // One ticket in ten re-sends an earlier one, as an update.
    const id = n % 10 === 9 && n > 10_000 ? n - 5009 : n;
    tickets.push({
      externalId: `B-${id}`,
      subject: subjects[n % subjects.length],
      body: bodies[n % bodies.length].replace("{n}", String(n)),
      status: statuses[n % statuses.length],
      channel: channels[n % channels.length],
      openedAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
      csat: (n % 5) + 1,
      interactions: n % 6,
    });
  }
  return JSON.stringify({ tickets });
}

await recreateDatabase();
const server = startServer();
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
try {
  await waitForHealth();
  const key = await createApiKey(sql);
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  // Warm up.
  for (let i = 0; i < 3; i++)
    await (await fetch(`${base}/api/v1/tickets`, { method: "POST", headers, body: makeBatch() })).arrayBuffer();

  const deadline = Date.now() + seconds * 1000;
  let accepted = 0;
  let inserted = 0;
  let updated = 0;
  let requests = 0;
  let failures = 0;
  const latencies = [];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const body = makeBatch();
        const t0 = performance.now();
        const response = await fetch(`${base}/api/v1/tickets`, { method: "POST", headers, body });
        const result = await response.json();
        latencies.push(performance.now() - t0);
        requests += 1;
        if (response.status === 200) {
          accepted += result.accepted;
          inserted += result.inserted;
          updated += result.updated;
        } else failures += 1;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(0);
  const [{ count }] = await sql`select count(*)::int as count from tickets`;
  const [{ jobs }] = await sql`select count(*)::int as jobs from jobs where type = 'clusters.assign'`;
  console.log(
    JSON.stringify(
      {
        seconds: +elapsed.toFixed(1),
        concurrency,
        batch,
        requests,
        failures,
        acceptedTickets: accepted,
        inserted,
        updated,
        ticketsPerSecond: Math.round(accepted / elapsed),
        latencyMs: { p50: +pct(0.5), p90: +pct(0.9), p99: +pct(0.99) },
        rowsInDatabase: count,
        clusterAssignJobs: jobs,
      },
      null,
      2,
    ),
  );
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await sql.end();
}
