// Measures a cold start of the built server on an empty embedded database (migrations,
// demo seed, first page), then sign-in and page latencies, and the server's memory.
// Usage: npm run build && node bench/startup.mjs [port]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const port = Number(process.argv[2] ?? 3390);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "floorboard-bench-"));

const started = performance.now();
const server = spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit"],
});

async function waitForLogin() {
  for (let attempt = 0; attempt < 900; attempt++) {
    try {
      const response = await fetch(`${base}/login`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("server did not answer within 90 s");
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(label, count, run) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const fmt = (v) => v.toFixed(1);
  console.log(
    `${label}: n=${count} p50=${fmt(percentile(samples, 50))} ms p95=${fmt(percentile(samples, 95))} ms max=${fmt(samples.at(-1))} ms`,
  );
}

try {
  await waitForLogin();
  console.log(`cold start to first sign-in page: ${((performance.now() - started) / 1000).toFixed(2)} s`);

  let cookie = "";
  await time("sign-in (argon2id verify + session)", 20, async () => {
    const response = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: "email=admin%40floorboard.test&password=floorboard-demo",
    });
    if (response.status !== 302) throw new Error(`sign-in answered ${response.status}`);
    cookie = response.headers.get("set-cookie").split(";")[0];
  });
  await time("GET /login (anonymous)", 200, async () => {
    const response = await fetch(`${base}/login`);
    await response.arrayBuffer();
  });
  await time("GET /admin/users (signed in, 14 people)", 200, async () => {
    const response = await fetch(`${base}/admin/users`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`admin/users answered ${response.status}`);
    await response.arrayBuffer();
  });
  await time("GET /healthz", 200, async () => {
    await (await fetch(`${base}/healthz`)).arrayBuffer();
  });
  const rss = Number(
    (await import("node:fs")).readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1],
  );
  console.log(`server resident memory after the run: ${(rss / 1024).toFixed(0)} MiB`);
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
