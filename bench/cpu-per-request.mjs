// CPU time the web process spends per request, read from /proc: unlike requests per second,
// it hardly moves when other work shares the machine, so two builds can be compared on a busy one.
// Usage: npm run build && DATABASE_URL=postgres://…/floorboard_bench node bench/cpu-per-request.mjs [board|api|<path>] [requests]
// One web process, render cache off, 50 different people in turn, four requests at a time.
import { spawn } from "node:child_process";
import fs from "node:fs";
import postgres from "postgres";
import { dropSessions, makeSessions } from "./http-load.mjs";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the benchmark database (see bench/generate-dataset.ts).");
  process.exit(1);
}
const [target = "board", requests = "500"] = process.argv.slice(2);
const path = { board: "/board?sort=top", api: "/api/v1/items?sort=top&limit=50" }[target] ?? target;
const total = Number(requests);
const port = Number(process.env.PORT ?? 3453);
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

const server = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "error",
    WEB_CONCURRENCY: "1",
    RENDER_CACHE_TTL_MS: "0",
  },
  stdio: ["ignore", "inherit", "inherit"],
});
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** User plus system CPU of the server process, in milliseconds (clock ticks of 10 ms). */
function cpuMs() {
  const fields = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const viewers = await makeSessions(sql, 50);
async function run(count) {
  let sent = 0;
  let bytes = 0;
  const client = async () => {
    while (sent < count) {
      const viewer = viewers[sent++ % viewers.length];
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { cookie: `fb_session=${viewer.token}`, "accept-encoding": "identity" },
      });
      bytes = (await response.arrayBuffer()).byteLength;
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  return bytes;
}

try {
  await run(200); // warm up: modules compiled, statements prepared
  const before = cpuMs();
  const bytes = await run(total);
  const perRequest = (cpuMs() - before) / total;
  console.log(
    `${path}: ${perRequest.toFixed(2)} ms of server CPU per request over ${total} (${(bytes / 1024).toFixed(1)} KB)`,
  );
} finally {
  server.kill("SIGTERM");
  await dropSessions(sql, viewers);
  await sql.end();
}
