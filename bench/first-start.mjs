// What someone who just cloned the repository waits for: `npm start` on a fresh clone (build,
// migrations, demo data) until /login answers 200, then a second start with the build and the
// database already there. Clones HEAD (or the given commit, to compare) into a temporary folder
// and links this node_modules.
// Usage: node bench/first-start.mjs [port] [commit]   (loopback only; every wait is bounded)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.argv[2] ?? 3390);
const commit = process.argv[3];
const base = `http://127.0.0.1:${port}`;
const START_LIMIT_MS = 240_000;
const STOP_LIMIT_MS = 20_000;

const workDir = mkdtempSync(path.join(os.tmpdir(), "floorboard-first-start-"));
const clone = path.join(workDir, "floorboard");
const dataDir = path.join(workDir, "pglite");
execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
if (commit) execFileSync("git", ["-C", clone, "checkout", "--quiet", commit]);
const modules = path.join(root, "node_modules");
symlinkSync(
  existsSync(modules) ? modules : path.resolve(root, "../main/node_modules"),
  path.join(clone, "node_modules"),
);

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The message of a server line: JSON log lines carry it in `msg`, then fields; sentences are plain. */
function messageOf(line) {
  try {
    const { msg, time: _time, level: _level, ...fields } = JSON.parse(line);
    if (typeof msg !== "string") return line;
    const extra = Object.entries(fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    return [msg, ...extra].join(" ");
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

/** When the first line matching `pattern` (at or after `from`) was printed. */
function lineAt(lines, pattern, from = 0) {
  return lines.find((line) => line.at >= from && pattern.test(line.text))?.at;
}

// Lines in either form: sentences (a terminal) or JSON log messages (here, a pipe).
const BUILDING = /^Preparing the app/;
const BUILT = /^App ready in/;
const MIGRATING = /^Migrating the database…|^migrating the database/;
const SEEDING = /^Empty database|^adding demo data/;
const SEEDED = /^Demo data:|^demo data seeded/;
const READY = /^Floorboard is ready/;

function report(label, run) {
  console.log(`${label}: ${seconds(run.ms)} to a 200 on /login`);
  const { lines } = run;
  const building = lineAt(lines, BUILDING);
  const built = building === undefined ? undefined : lineAt(lines, BUILT, building);
  const migrating = lineAt(lines, MIGRATING);
  const seeding = lineAt(lines, SEEDING);
  const seeded = seeding === undefined ? undefined : lineAt(lines, SEEDED, seeding);
  const databaseDone = seeded ?? (migrating === undefined ? undefined : lineAt(lines, /./, migrating + 1e-9));
  const ready = lineAt(lines, READY);
  const span = (from, to) => (from === undefined || to === undefined ? undefined : to - from);
  const phases = {
    "build (vite, client + server)": span(building, built),
    migrate: span(migrating, seeding ?? databaseDone),
    "demo seed": span(seeding, seeded),
    // What is left once the build and the database are both ready: the server's own boot.
    "server boot to ready": span(Math.max(built ?? 0, seeded ?? 0), ready),
  };
  for (const [name, ms] of Object.entries(phases)) if (ms !== undefined) console.log(`  ${name}: ${seconds(ms)}`);
  if (process.env.BENCH_VERBOSE) for (const line of lines) console.log(`  [${seconds(line.at)}] ${line.text}`);
}

const loadAverage = () => os.loadavg()[0].toFixed(1);
console.log(
  `commit ${execFileSync("git", ["-C", clone, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()}, load average ${loadAverage()} on ${os.availableParallelism()} cores`,
);
try {
  report("first start (fresh clone, empty database)", await timeStart("first start"));
  report("second start (build and database there)", await timeStart("second start"));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
