// Live updates under load: SSE clients on the built server, on a real PostgreSQL, on loopback.
//
//   npm run build
//   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/live-sse.mjs [single|two|restart|all] [seconds] [clients] [votes/s]
//
// Recreates the database `floorboard_bench_live` on that server, starts the app (one or two
// instances), connects the SSE clients, sends votes through the JSON API at a steady rate and
// measures, for every vote, the time from its HTTP response to its arrival at every client.
// Then it checks every client against the events table: every event, once, in order.
// Every scenario is bounded in time.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import postgres from "postgres";
import { sessionRow } from "./sessions.mjs";

const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DATABASE = "floorboard_bench_live";
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
const scenario = process.argv[2] ?? "all";
const seconds = Number(process.argv[3] ?? 30);
const clientCount = Number(process.argv[4] ?? 500);
const rate = Number(process.argv[5] ?? 100);
const ports = [3411, 3412];
const ITEMS = 40;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads. */
const now = () => performance.timeOrigin + performance.now();

function startServer(port) {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      DATABASE_POOL_MAX: "10",
      RENDER_CACHE_TTL_MS: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function waitForHealth(port) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await sleep(100);
  }
  throw new Error(`server on ${port} did not start`);
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function prepareDatabase() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${DATABASE}" with (force)`);
  await admin.unsafe(`create database "${DATABASE}"`);
  await admin.end();
}

/** People, sessions and items: one session per SSE client, one per voter, items to vote on. */
async function seed(sql, voterCount) {
  const make = (prefix, count) =>
    Array.from({ length: count }, (_, index) => ({
      email: `${prefix}${index}@bench.test`,
      name: `${prefix} ${index}`,
      handle: `${prefix}.${index}`,
      password_hash: "x",
    }));
  const viewers = await sql`insert into users ${sql(make("viewer", clientCount))} returning id`;
  const voters = await sql`insert into users ${sql(make("voter", voterCount))} returning id`;
  const expires = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const session = (user) => sessionRow({ user_id: user.id, expires_at: expires });
  const viewerSessions = viewers.map(session);
  const voterSessions = voters.map(session);
  await sql`insert into sessions ${sql([...viewerSessions, ...voterSessions], "id", "user_id", "expires_at")}`;
  const author = voters[0].id;
  const items = await sql`insert into items ${sql(
    Array.from({ length: ITEMS }, (_, index) => ({
      kind: "idea",
      title: `Bench item ${index}`,
      area: "process",
      author_id: author,
    })),
  )} returning id, number`;
  return { viewerSessions, voterSessions, items };
}

/**
 * A minimal SSE client over node:http: records each event's id, data and arrival time, and
 * reconnects with Last-Event-ID (and a short backoff) when the stream drops.
 */
function sseClient({ port, cookie, onEvent }) {
  const client = { received: [], reconnects: 0, closed: false, lastEventId: undefined, connected: false };
  let request;
  const connect = () => {
    if (client.closed) return;
    const headers = { cookie, accept: "text/event-stream" };
    if (client.lastEventId) headers["last-event-id"] = client.lastEventId;
    request = http.get(
      {
        host: "127.0.0.1",
        port: typeof port === "function" ? port() : port,
        path: "/api/v1/events",
        headers,
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return retry();
        }
        client.connected = true;
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const raw = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let id;
            let event = "message";
            let data;
            for (const line of raw.split("\n")) {
              if (line.startsWith("id: ")) id = line.slice(4);
              else if (line.startsWith("event: ")) event = line.slice(7);
              else if (line.startsWith("data: ")) data = line.slice(6);
            }
            if (id) client.lastEventId = id;
            if (event === "message" && data) {
              const at = now();
              const parsed = JSON.parse(data);
              client.received.push({ id: Number(id), data: parsed, at });
              onEvent?.(parsed, at);
            }
          }
        });
        response.on("end", retry);
        response.on("error", retry);
      },
    );
    request.on("error", retry);
  };
  let retrying = false;
  const retry = () => {
    client.connected = false;
    if (client.closed || retrying) return;
    retrying = true;
    client.reconnects += 1;
    setTimeout(
      () => {
        retrying = false;
        connect();
      },
      200 + Math.random() * 800,
    );
  };
  client.start = connect;
  client.close = () => {
    client.closed = true;
    request?.destroy();
  };
  return client;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sends votes at a steady rate to the given ports in turn; records when each response arrived. */
async function sendVotes({ ports: targets, voterSessions, items, durationMs, responses, rate }) {
  const pairs = [];
  for (const session of voterSessions) for (const item of items) pairs.push({ session, item });
  let next = 0;
  let failures = 0;
  let sent = 0;
  const started = performance.now();
  const inflight = new Set();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  while (performance.now() - started < durationMs && next < pairs.length) {
    const due = started + (sent * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const { session, item } = pairs[next++];
    const port = targets[sent % targets.length];
    sent += 1;
    const promise = new Promise((resolve) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "PUT",
          path: `/api/v1/items/${item.id}/vote`,
          agent,
          headers: { cookie: `fb_session=${session.token}`, origin: `http://127.0.0.1:${port}`, "content-length": 0 },
        },
        (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk) => (body += chunk));
          response.on("end", () => {
            const at = now();
            if (response.statusCode === 200) responses.set(`${item.id}:${JSON.parse(body).votes}`, at);
            else failures += 1;
            resolve();
          });
        },
      );
      request.on("error", () => {
        failures += 1;
        resolve();
      });
      request.end();
    });
    inflight.add(promise);
    void promise.then(() => inflight.delete(promise));
  }
  await Promise.all(inflight);
  agent.destroy();
  return { sent, failures, seconds: (performance.now() - started) / 1000 };
}

async function runScenario(name, { instances, restartAt }) {
  console.log(
    `\n== ${name}: ${clientCount} clients, ${rate} votes/s for ${seconds} s, ${instances} instance(s)${restartAt ? `, restart at ${restartAt} s` : ""}`,
  );
  await prepareDatabase();
  const servers = [];
  servers[0] = startServer(ports[0]);
  await waitForHealth(ports[0]);
  if (instances > 1) {
    servers[1] = startServer(ports[1]);
    await waitForHealth(ports[1]);
  }
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const voterCount = Math.ceil((rate * seconds * 1.1) / ITEMS);
  const { viewerSessions, voterSessions, items } = await seed(sql, voterCount);
  const [{ start }] = await sql`select coalesce(max(id), 0)::int as start from events`;

  // Clients: all on instance 0, except with two instances, where they alternate.
  const clients = viewerSessions.map((session, index) =>
    sseClient({
      port: instances > 1 && !restartAt ? ports[index % 2] : ports[0],
      cookie: `fb_session=${session.token}`,
    }),
  );
  const rssIdle = rssOf(servers[0].pid);
  for (const [index, client] of clients.entries()) {
    client.start();
    if (index % 50 === 49) await sleep(50);
  }
  for (let i = 0; i < 200 && clients.some((client) => !client.connected); i++) await sleep(50);
  await sleep(500);
  const rssConnected = rssOf(servers[0].pid);
  console.log(
    `connected: ${clients.filter((c) => c.connected).length}/${clients.length}; server RSS ${rssIdle} MiB before, ${rssConnected} MiB with the clients`,
  );

  // Votes go to the other instance when there is one, so events must cross instances.
  const voteTargets = instances > 1 ? [ports[1]] : [ports[0]];
  const responses = new Map();
  let restartTimer;
  let restartInfo;
  if (restartAt) {
    restartTimer = setTimeout(async () => {
      const stopping = performance.now();
      await stopServer(servers[0]);
      const stopped = performance.now();
      servers[0] = startServer(ports[0]);
      await waitForHealth(ports[0]);
      restartInfo = { stopMs: Math.round(stopped - stopping), downMs: Math.round(performance.now() - stopped) };
    }, restartAt * 1000);
  }
  let peakRss = rssConnected;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, rssOf(servers[0].pid));
    } catch {
      // restarting
    }
  }, 1000);
  // The votes come from their own thread, so the clients' work does not slow their rate.
  const votes = await new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      argv: process.argv.slice(2),
      workerData: { ports: voteTargets, voterSessions, items, durationMs: seconds * 1000, rate },
    });
    worker.once("message", (message) => {
      for (const [key, at] of message.responses) responses.set(key, at);
      resolve(message.result);
    });
    worker.once("error", reject);
  });
  clearTimeout(restartTimer);
  // Let the last events arrive (and a restarted instance's clients catch up).
  const deadline = Date.now() + 30_000;
  const [{ expected }] =
    await sql`select count(*)::int as expected from events where id > ${start} and type = 'item.voted'`;
  while (
    Date.now() < deadline &&
    clients.some((client) => client.received.filter((e) => e.data.type === "item.voted").length < expected)
  )
    await sleep(200);
  clearInterval(sampler);

  const expectedIds = (await sql`select id from events where id > ${start} and type = 'item.voted' order by id`).map(
    (row) => Number(row.id),
  );
  let complete = 0;
  const problems = [];
  const latencies = [];
  for (const [index, client] of clients.entries()) {
    const ids = client.received.filter((event) => event.data.type === "item.voted").map((event) => event.id);
    const same = ids.length === expectedIds.length && ids.every((id, i) => id === expectedIds[i]);
    if (same) complete += 1;
    else if (problems.length < 5) {
      const seen = new Set(ids);
      problems.push(
        `client ${index}: ${ids.length} events (expected ${expectedIds.length}), duplicates ${ids.length - seen.size}, missing ${expectedIds.filter((id) => !seen.has(id)).length}`,
      );
    }
    for (const event of client.received) {
      if (event.data.type !== "item.voted") continue;
      const sentAt = responses.get(`${event.data.id}:${event.data.votes}`);
      if (sentAt !== undefined) latencies.push(event.at - sentAt);
    }
  }
  latencies.sort((a, b) => a - b);
  const fmt = (value) => `${value.toFixed(1)} ms`;
  const result = {
    name,
    votes: votes.sent,
    failedVotes: votes.failures,
    achievedRate: Math.round(votes.sent / votes.seconds),
    events: expectedIds.length,
    deliveries: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
    complete,
    clients: clients.length,
    reconnects: clients.reduce((sum, client) => sum + client.reconnects, 0),
    rssIdle,
    rssConnected,
    peakRss,
    restart: restartInfo,
  };
  console.log(
    `votes sent ${result.votes} (${result.achievedRate}/s), failed ${result.failedVotes}; vote events ${result.events}; deliveries measured ${result.deliveries}`,
  );
  console.log(
    `latency response → client: p50 ${fmt(result.p50)}, p95 ${fmt(result.p95)}, p99 ${fmt(result.p99)}, max ${fmt(result.max ?? NaN)}`,
  );
  console.log(
    `clients with every event exactly once, in order: ${complete}/${clients.length}; reconnects ${result.reconnects}; peak server RSS ${peakRss} MiB`,
  );
  if (restartInfo)
    console.log(`restart: SIGTERM to exit ${restartInfo.stopMs} ms, then ${restartInfo.downMs} ms until healthy again`);
  for (const problem of problems) console.log(`  ${problem}`);

  for (const client of clients) client.close();
  await sql.end();
  for (const server of servers) await stopServer(server);
  return result;
}

if (!isMainThread) {
  const responses = new Map();
  const result = await sendVotes({ ...workerData, responses });
  parentPort.postMessage({ result, responses: [...responses] });
} else {
  const results = [];
  if (scenario === "single" || scenario === "all") results.push(await runScenario("one instance", { instances: 1 }));
  if (scenario === "two" || scenario === "all") results.push(await runScenario("two instances", { instances: 2 }));
  if (scenario === "restart" || scenario === "all")
    results.push(await runScenario("restart mid-run", { instances: 2, restartAt: Math.round(seconds / 3) }));
  console.log(`\n${JSON.stringify(results)}`);
  process.exit(results.every((result) => result.complete === result.clients && result.failedVotes === 0) ? 0 : 1);
}
