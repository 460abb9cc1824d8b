// The production entry point (app/server/main.ts) run as a real process tree: web processes
// forked with PostgreSQL, one process with PGlite, replacement after a crash, giving up on a
// crash loop, and shutdown on SIGTERM. Reads /proc, so Linux only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recreateDatabase } from "#tests/setup/test-database";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Every process of this file carries it in its environment, so clean-up finds orphans too.
const runId = randomUUID();
const RUN_MARKER = `FLOORBOARD_TEST_RUN_ID=${runId}`;

type LogRecord = { msg: string; [field: string]: unknown };
type Exit = { code: number | null; signal: NodeJS.Signals | null };

type ServerProcess = {
  child: ChildProcess;
  pid: number;
  port: number;
  output: string[];
  logs: LogRecord[];
  exit: Exit | undefined;
  exited: Promise<Exit>;
};

const started: ServerProcess[] = [];

function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], {
    cwd: root,
    // A clean environment: a developer's SMTP_URL or PUBLIC_URL must not leak in.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? root,
      FLOORBOARD_TEST_RUN_ID: runId,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      RUN_JOBS: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not start app/server/main.ts");
  const server: ServerProcess = {
    child,
    pid: child.pid,
    port: Number(env.PORT),
    output: [],
    logs: [],
    exit: undefined,
    exited: new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        server.exit = { code, signal };
        resolve(server.exit);
      });
    }),
  };
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        server.output.push(line);
        // Production logs are JSON lines; stack traces of crashed processes are not.
        if (!line.startsWith("{")) continue;
        try {
          const record = JSON.parse(line) as LogRecord;
          if (typeof record.msg === "string") server.logs.push(record);
        } catch {
          // a partial or foreign line: kept in output only
        }
      }
    });
  }
  started.push(server);
  return server;
}

function logsNamed(server: ServerProcess, msg: string): LogRecord[] {
  return server.logs.filter((record) => record.msg === msg);
}

function describeOutput(server: ServerProcess): string {
  return `exit: ${JSON.stringify(server.exit)}; last output:\n${server.output.slice(-30).join("\n")}`;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => T | undefined | false,
  server?: ServerProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${server ? `\n${describeOutput(server)}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitForExit(server: ServerProcess, timeoutMs: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`process did not exit within ${timeoutMs} ms\n${describeOutput(server)}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The fields of /proc/<pid>/stat after the command name, or undefined when the process is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Living children of `pid`, by scanning /proc (this kernel may lack /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  return pids()
    .filter((candidate) => {
      const stat = procStat(candidate);
      return stat?.ppid === pid && stat.state !== "Z";
    })
    .sort((a, b) => a - b);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Every living process started by this file, orphans included. */
function markedProcesses(): number[] {
  return pids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(RUN_MARKER) && isAlive(pid);
    } catch {
      return false;
    }
  });
}

async function stopAll(): Promise<void> {
  for (const server of started) {
    if (!server.exit) server.child.kill("SIGKILL");
  }
  for (const pid of markedProcesses()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.race([
    Promise.all(started.map((server) => server.exited)),
    new Promise((resolve) => setTimeout(resolve, 5_000)),
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

type Answer = { ok: true; status: number; body: string; localPort: number } | { ok: false; error: string };

/** One GET on its own connection; `keepOpen` holds the connection until `release` is called. */
function get(
  port: number,
  urlPath: string,
  timeoutMs: number,
  keepOpen = false,
): Promise<Answer & { release: () => void }> {
  const agent = keepOpen ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : undefined;
  const release = () => agent?.destroy();
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        agent: agent ?? false,
        timeout: timeoutMs,
        headers: keepOpen ? {} : { connection: "close" },
      },
      (response) => {
        // Read now: a kept-alive socket is detached from the response once it ends.
        const localPort = response.socket.localPort ?? 0;
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ ok: true, status: response.statusCode ?? 0, body, localPort, release }));
        response.on("error", (error) => resolve({ ok: false, error: error.message, release }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => resolve({ ok: false, error: error.message, release }));
  });
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, "0");
}

/** The process, among `candidates`, holding the server end of the connection from `clientPort`. */
function connectionOwner(serverPort: number, clientPort: number, candidates: number[]): number[] {
  const local = `0100007F:${hexPort(serverPort)}`;
  const remote = `0100007F:${hexPort(clientPort)}`;
  const row = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1] === local && fields[2] === remote);
  const inode = row?.[9];
  if (!inode) return [];
  return candidates.filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}

/** Asks /healthz on `connections` fresh connections; returns the process that served each. */
async function servingProcesses(port: number, candidates: number[], connections: number): Promise<number[]> {
  const owners: number[] = [];
  for (let i = 0; i < connections; i++) {
    const answer = await get(port, "/healthz", 5_000, true);
    try {
      expect(answer).toMatchObject({ ok: true, status: 200 });
      if (!answer.ok) continue;
      expect(JSON.parse(answer.body)).toMatchObject({ status: "ok", database: "ok" });
      const owner = connectionOwner(port, answer.localPort, candidates);
      expect(owner, `exactly one of ${candidates.join(", ")} holds the connection`).toHaveLength(1);
      owners.push(owner[0] ?? 0);
    } finally {
      answer.release();
    }
  }
  return owners;
}

function unique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function runNode(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  // The production server serves build/; the same staleness check as `npm start` and the browser tests.
  const build = await runNode(["scripts/build-if-stale.mjs"], 280_000);
  expect(build.code, build.output).toBe(0);
}, 300_000);

afterAll(stopAll, 20_000);

// A failure in a child process shows only in its output.
afterEach(({ task }) => {
  if (task.result?.state !== "fail") return;
  for (const server of started) console.error(`app/server/main.ts (pid ${server.pid}) ${describeOutput(server)}`);
});

describe("without DATABASE_URL (PGlite)", () => {
  let dataDir: string | undefined;

  afterAll(async () => {
    await stopAll();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 20_000);

  it("serves from one process and forks none, even with WEB_CONCURRENCY=2", async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "floorboard-webproc-"));
    const server = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: "",
      WEB_CONCURRENCY: "2",
      PGLITE_DATA_DIR: dataDir,
      SEED_DEMO_DATA: "never",
    });
    const ready = await waitFor(
      "the ready log",
      40_000,
      () => !server.exit && logsNamed(server, "Floorboard is ready")[0],
      server,
    );
    expect(ready).toMatchObject({ database: "pglite" });

    // A fork would be another Node process; other short-lived children are not web processes.
    const nodeChildren = childrenOf(server.pid)
      .map((pid) => `${pid}: ${commandLine(pid)}`)
      .filter((child) => child.includes(`: ${process.execPath} `) || child.includes(": node "));
    expect(nodeChildren).toEqual([]);
    expect(logsNamed(server, "web processes started")).toEqual([]);
    expect(unique(await servingProcesses(server.port, [server.pid], 3))).toEqual([server.pid]);
    expect(logsNamed(server, "Floorboard is ready")).toHaveLength(1);

    server.child.kill("SIGTERM");
    expect(await waitForExit(server, 15_000)).toEqual({ code: 0, signal: null });
  }, 60_000);
});

// Forking needs DATABASE_URL, which the PGlite run of this suite does not have: these cases
// exist only when the suite runs against a PostgreSQL server.
if (process.env.TEST_DATABASE_URL) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const databaseName = `${process.env.TEST_DATABASE_PREFIX ?? "floorboard_test"}_webproc`;
  const WEB_CONCURRENCY = 2;

  async function dropDatabase(): Promise<void> {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }

  describe("with DATABASE_URL and WEB_CONCURRENCY=2 (PostgreSQL)", () => {
    let server: ServerProcess;
    let workers: number[] = [];

    beforeAll(async () => {
      await recreateDatabase(adminUrl, databaseName);
      const databaseUrl = new URL(adminUrl);
      databaseUrl.pathname = `/${databaseName}`;
      server = startServer({
        PORT: String(await freePort()),
        DATABASE_URL: databaseUrl.toString(),
        WEB_CONCURRENCY: String(WEB_CONCURRENCY),
      });
      // Both processes migrate at start (one waits on the advisory lock) before listening.
      await waitFor(
        "two ready logs",
        45_000,
        () => !server.exit && logsNamed(server, "Floorboard is ready").length >= 2,
        server,
      );
    }, 60_000);

    afterAll(async () => {
      await stopAll();
      await dropDatabase();
    }, 30_000);

    it("starts two web processes that both serve /healthz on one port", async () => {
      expect(logsNamed(server, "web processes started")).toEqual([expect.objectContaining({ count: WEB_CONCURRENCY })]);
      workers = childrenOf(server.pid);
      expect(workers).toHaveLength(WEB_CONCURRENCY);
      expect(logsNamed(server, "Floorboard is ready")).toHaveLength(WEB_CONCURRENCY);
      for (const record of logsNamed(server, "Floorboard is ready")) {
        expect(record).toMatchObject({ database: "postgres", url: `http://127.0.0.1:${server.port}` });
      }

      // The primary hands connections out in turn: eight of them reach both processes.
      const owners = await servingProcesses(server.port, [server.pid, ...workers], 8);
      expect(unique(owners)).toEqual(workers);
    });

    it("replaces a web process killed with SIGKILL while the port keeps answering", async () => {
      expect(workers).toHaveLength(WEB_CONCURRENCY);
      const [killed = 0, survivor = 0] = workers;

      // Poll /healthz on fresh connections, one after another, from before the kill until the replacement serves.
      type Poll = { startedAt: number; ok: boolean; detail: string };
      const polls: Poll[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const startedAt = Date.now();
          const answer = await get(server.port, "/healthz", 1_000);
          const ok = answer.ok && answer.status === 200;
          polls.push({ startedAt, ok, detail: answer.ok ? `HTTP ${answer.status}` : answer.error });
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();

      let killedAt = 0;
      let replacedAt = 0;
      let replacement = 0;
      try {
        await waitFor("answers before the kill", 5_000, () => polls.filter((poll) => poll.ok).length >= 3, server);
        killedAt = Date.now();
        process.kill(killed, "SIGKILL");

        await waitFor(
          "the exit log of the killed process",
          5_000,
          () => logsNamed(server, "web process exited").find((record) => record.pid === killed),
          server,
        );
        replacement = await waitFor(
          "a replacement process",
          30_000,
          () => {
            const children = childrenOf(server.pid);
            const fresh = children.find((pid) => pid !== killed && pid !== survivor);
            return children.length === WEB_CONCURRENCY && children.includes(survivor) && fresh;
          },
          server,
        );
        await waitFor(
          "the replacement's ready log",
          40_000,
          () => logsNamed(server, "Floorboard is ready").length >= WEB_CONCURRENCY + 1,
          server,
        );
        replacedAt = Date.now();
        const pollsWhenReady = polls.length;
        await waitFor("answers after the replacement", 5_000, () => polls.length >= pollsWhenReady + 5, server);
      } finally {
        polling = false;
        await poller;
      }

      expect(logsNamed(server, "web process exited")).toEqual([
        expect.objectContaining({ pid: killed, code: null, signal: "SIGKILL" }),
      ]);
      expect(isAlive(killed)).toBe(false);
      expect(childrenOf(server.pid)).toEqual(unique([survivor, replacement]));

      // What "keeps answering" means here: at most one request fails, and only if it started within
      // 1 s of the kill (a connection handed to the process as it died); every other request, before,
      // during and after the replacement's start, is answered 200, and at least five of them were
      // answered (by the survivor) while the replacement was starting.
      const failures = polls.filter((poll) => !poll.ok);
      expect(failures.length, JSON.stringify(failures)).toBeLessThanOrEqual(1);
      for (const failure of failures) {
        expect(failure.startedAt - killedAt, failure.detail).toBeGreaterThanOrEqual(-1_000);
        expect(failure.startedAt - killedAt, failure.detail).toBeLessThan(1_000);
      }
      const duringRestart = polls.filter((poll) => poll.ok && poll.startedAt > killedAt && poll.startedAt < replacedAt);
      expect(duringRestart.length).toBeGreaterThanOrEqual(5);
      expect(polls.filter((poll) => poll.startedAt >= replacedAt).every((poll) => poll.ok)).toBe(true);

      // The replacement takes connections too.
      workers = childrenOf(server.pid);
      const owners = await servingProcesses(server.port, [server.pid, ...workers], 8);
      expect(unique(owners)).toEqual(workers);
    }, 60_000);

    it("ends every web process on SIGTERM and exits with code 0", async () => {
      expect(workers).toHaveLength(WEB_CONCURRENCY);
      server.child.kill("SIGTERM");
      // Each web process drains for at most 10 s (shutdown.ts) before it is forced.
      expect(await waitForExit(server, 15_000)).toEqual({ code: 0, signal: null });
      for (const pid of workers) expect(isAlive(pid), `web process ${pid}`).toBe(false);
      expect(markedProcesses()).toEqual([]);
      expect(logsNamed(server, "shutting down")).toHaveLength(WEB_CONCURRENCY);
      expect(await get(server.port, "/healthz", 1_000)).toMatchObject({ ok: false });
    }, 30_000);

    it("starts no replacement once a shutdown has begun, and still exits", async () => {
      const databaseUrl = new URL(adminUrl);
      databaseUrl.pathname = `/${databaseName}`;
      const racing = startServer({
        PORT: String(await freePort()),
        DATABASE_URL: databaseUrl.toString(),
        WEB_CONCURRENCY: String(WEB_CONCURRENCY),
      });
      await waitFor(
        "two ready logs",
        45_000,
        () => !racing.exit && logsNamed(racing, "Floorboard is ready").length >= 2,
        racing,
      );
      // An unfinished request on each web process keeps the survivor draining past the 500 ms
      // restart delay, so the delay ends while the shutdown is under way.
      const held: net.Socket[] = [];
      for (let i = 0; i < WEB_CONCURRENCY; i++) {
        const socket = net.connect(racing.port, "127.0.0.1");
        socket.on("error", () => {});
        socket.write(
          `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${racing.port}\r\nOrigin: http://127.0.0.1:${racing.port}\r\n` +
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
        );
        held.push(socket);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      try {
        const [crashed = 0] = childrenOf(racing.pid);
        process.kill(crashed, "SIGKILL");
        await new Promise((resolve) => setTimeout(resolve, 50));
        racing.child.kill("SIGTERM");
        // The survivor's drain is forced after 10 s (shutdown.ts).
        expect(await waitForExit(racing, 20_000), describeOutput(racing)).toEqual({ code: 0, signal: null });
        expect(logsNamed(racing, "Floorboard is ready")).toHaveLength(WEB_CONCURRENCY);
        await waitFor("no web process left", 5_000, () => markedProcesses().length === 0);
      } finally {
        for (const socket of held) socket.destroy();
      }
    }, 60_000);

    it("gives up and exits non-zero when web processes crash in a loop (bad DATABASE_URL)", async () => {
      // main.ts gives up after 3 failed starts per web process in a row (processes that exit before
      // they listen): 6 exits, the last in the 3rd round of restarts. Each round is the 500 ms
      // restart delay plus a start that fails on the refused connection (about 3 s here; 6.5 s allowed).
      const exitsToGiveUp = WEB_CONCURRENCY * 3;
      const rounds = Math.ceil(exitsToGiveUp / WEB_CONCURRENCY);
      const bound = rounds * (500 + 6_000);
      const nothingListens = await freePort();
      const startedAt = Date.now();
      const crashing = startServer({
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${nothingListens}/${databaseName}`,
        WEB_CONCURRENCY: String(WEB_CONCURRENCY),
        // Fail at once instead of waiting for the database, so every start crashes.
        DATABASE_WAIT_SECONDS: "0",
      });

      const exit = await waitForExit(crashing, bound);
      expect(exit, describeOutput(crashing)).toEqual({ code: 1, signal: null });
      expect(Date.now() - startedAt).toBeLessThan(bound);
      const exits = logsNamed(crashing, "web process exited");
      expect(exits).toHaveLength(exitsToGiveUp);
      for (const record of exits) expect(record).toMatchObject({ code: 1, signal: null });
      expect(logsNamed(crashing, "web processes keep crashing; stopping")).toHaveLength(1);
      expect(logsNamed(crashing, "Floorboard is ready")).toEqual([]);
      // A web process still starting when the primary gives up ends with it (its IPC channel closes).
      await waitFor("no web process left", 5_000, () => markedProcesses().length === 0);
    }, 60_000);
  });
}
