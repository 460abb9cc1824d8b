// What someone who just cloned the repository waits for: `npm start` on a fresh clone (build,
// migrations, demo data) until /login answers 200, then a second start with the build and the
// database already there. Clones HEAD into a temporary folder and links this node_modules.
// Usage: node bench/first-start.mjs [port]   (loopback only; every wait is bounded)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.argv[2] ?? 3390);
const base = `http://127.0.0.1:${port}`;
const START_LIMIT_MS = 240_000;
const STOP_LIMIT_MS = 20_000;

const workDir = mkdtempSync(path.join(os.tmpdir(), "floorboard-first-start-"));
const clone = path.join(workDir, "floorboard");
const dataDir = path.join(workDir, "pglite");
execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
const modules = path.join(root, "node_modules");
symlinkSync(existsSync(modules) ? modules : path.resolve(root, "../main/node_modules"), path.join(clone, "node_modules"));

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The message of a server line: JSON log lines carry it in `msg`; start-up sentences are plain. */
function messageOf(line) {
  try {
    const parsed = JSON.parse(line);
    return typeof parsed.msg === "string" ? parsed.msg : line;
  } catch {
    return line;
  }
}

async function answersLogin() {
  try {
    const response = await fetch(`${base}/login`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Runs `npm start` in the clone until /login answers 200; returns the time and the timed lines. */
async function timeStart(label) {
  const started = performance.now();
  const lines = [];
  const child = spawn("npm", ["start"], {
    cwd: clone,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: dataDir,
      LANG: "en_US.UTF-8",
      LC_ALL: "",
      LC_MESSAGES: "",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) lines.push({ at: performance.now() - started, text: messageOf(line) });
    });
  }
  try {
    while (!(await answersLogin())) {
      if (exited) throw new Error(`${label}: npm start exited before /login answered`);
      if (performance.now() - started > START_LIMIT_MS) throw new Error(`${label}: no 200 on /login in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { ms: performance.now() - started, lines };
  } finally {
    await stop(child);
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), STOP_LIMIT_MS);
  await gone;
  clearTimeout(timer);
}

/** Phases from the first line matching `from` to the first later line matching `to`. */
function phase(lines, from, to) {
  const start = lines.find((line) => from.test(line.text));
  if (!start) return undefined;
  const end = lines.find((line) => line.at >= start.at && to.test(line.text));
  return end ? end.at - start.at : undefined;
}

function report(label, run) {
  console.log(`${label}: ${seconds(run.ms)} to a 200 on /login`);
  const phases = {
    build: phase(run.lines, /^Preparing the app/, /^App ready in/),
    migrate: phase(run.lines, /^Migrating the database|^migrating the database/, /demo data|^Floorboard is ready/i),
    seed: phase(run.lines, /^Empty database|^adding demo data/, /^Demo data:|^demo data seeded/),
    "server up → ready line": phase(run.lines, /^Migrating the database|^migrating the database/, /^Floorboard is ready/),
  };
  for (const [name, ms] of Object.entries(phases)) if (ms !== undefined) console.log(`  ${name}: ${seconds(ms)}`);
  if (process.env.BENCH_VERBOSE) for (const line of run.lines) console.log(`  [${seconds(line.at)}] ${line.text}`);
}

try {
  report("first start (fresh clone, empty database)", await timeStart("first start"));
  report("second start (build and database there)", await timeStart("second start"));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
