// Memory of a wall page after an hour of events, simulated by a faster stream.
//
//   npm run build
//   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/live-wall-memory.mjs [events] [events/s]
//
// Recreates `floorboard_bench_live`, starts the built server, opens a wall display at 1920×1080
// in Chromium and sends votes and new items through the JSON API (default 3600 events at
// 20/s: an hour's worth at one event a second, in three minutes). Reads the page's JS heap
// with the Chrome DevTools Protocol (Performance.getMetrics, after a forced GC) before and after.
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import http from "node:http";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { sessionRow } from "./sessions.mjs";

const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DATABASE = "floorboard_bench_live";
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
const total = Number(process.argv[2] ?? 3600);
const rate = Number(process.argv[3] ?? 20);
const port = 3413;
const base = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${DATABASE}" with (force)`);
await admin.unsafe(`create database "${DATABASE}"`);
await admin.end();

const server = spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit"],
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    if (i > 600) throw new Error("server did not start");
  }
  await sleep(100);
}

const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
const voterCount = Math.ceil(total / 20) + 1;
const voters = await sql`insert into users ${sql(
  Array.from({ length: voterCount }, (_, index) => ({
    email: `wall${index}@bench.test`,
    name: `Wall ${index}`,
    handle: `wall.${index}`,
    password_hash: "x",
  })),
)} returning id`;
const sessions = voters.map((user) => sessionRow({ user_id: user.id, expires_at: new Date(Date.now() + 86_400_000) }));
await sql`insert into sessions ${sql(sessions, "id", "user_id", "expires_at")}`;
const token = randomBytes(32).toString("base64url");
const [display] = await sql`insert into displays ${sql({
  name: "Bench wall",
  panels: sql.array(["recent", "top", "whiteboard"]),
  rotation_seconds: 10,
})} returning id`;
await sql`insert into display_tokens ${sql({ display_id: display.id, token_hash: createHash("sha256").update(token).digest("hex") })}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`${base}/wall/${token}`);
await page.waitForLoadState("networkidle");
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");
async function heap() {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((metric) => metric.name === name)?.value ?? 0;
  return {
    heapMiB: +(get("JSHeapUsedSize") / 1024 / 1024).toFixed(1),
    nodes: get("Nodes"),
    listeners: get("JSEventListeners"),
  };
}
const before = await heap();
console.log(`wall loaded: JS heap ${before.heapMiB} MiB, ${before.nodes} DOM nodes, ${before.listeners} listeners`);

// Events: mostly votes, one new item in ten, through the JSON API as the voters.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function call(method, path, session, body) {
  return new Promise((resolve) => {
    const payload = body ? JSON.stringify(body) : "";
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: {
          cookie: `fb_session=${session.token}`,
          origin: base,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, text }));
      },
    );
    request.on("error", () => resolve({ status: 0, text: "" }));
    request.end(payload);
  });
}
const items = [];
const started = performance.now();
let failures = 0;
const samples = [];
for (let sent = 0; sent < total; sent++) {
  const due = started + (sent * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  const session = sessions[Math.floor(sent / 20) % sessions.length];
  if (items.length === 0 || sent % 10 === 0) {
    const created = await call("POST", "/api/v1/items", session, {
      kind: "idea",
      title: `Idea dalla parete ${sent}`,
      area: "process",
      body: "",
    });
    if (created.status === 201 || created.status === 200)
      items.push(JSON.parse(created.text).id ?? JSON.parse(created.text).item?.id);
    else failures += 1;
  } else {
    const item = items[sent % items.length];
    const voted = await call("PUT", `/api/v1/items/${item}/vote`, session);
    if (voted.status !== 200) failures += 1;
  }
  if (sent > 0 && sent % 600 === 0) {
    const sample = await heap();
    samples.push({ events: sent, ...sample });
    console.log(`after ${sent} events: JS heap ${sample.heapMiB} MiB, ${sample.nodes} DOM nodes`);
  }
}
await sleep(3000);
const after = await heap();
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `after ${total} events in ${seconds} s (${failures} failed): JS heap ${after.heapMiB} MiB, ${after.nodes} DOM nodes, ${after.listeners} listeners`,
);
console.log(JSON.stringify({ total, rate, seconds: Number(seconds), failures, before, after, samples }));

await browser.close();
agent.destroy();
await sql.end();
server.kill("SIGTERM");
