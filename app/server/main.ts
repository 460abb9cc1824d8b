// Production entry point. With PostgreSQL and WEB_CONCURRENCY > 1, the primary process forks
// that many web processes sharing one port (node:cluster): server rendering is CPU-bound and
// one Node process uses one core. PGlite lives inside one process, so embedded mode stays single.
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError, getEnv } from "#app/utils/env.server";
import { getLogger } from "#app/utils/logger.server";
import { waitForBuild } from "./build-wait";

const serverEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), "index.ts");

function webProcessCount(): number {
  try {
    const env = getEnv();
    if (!env.DATABASE_URL) return 1;
    return env.WEB_CONCURRENCY === "auto" ? availableParallelism() : env.WEB_CONCURRENCY;
  } catch (error) {
    // index.ts reports a bad environment with the full explanation.
    if (error instanceof EnvError) return 1;
    throw error;
  }
}

const count = webProcessCount();
if (count <= 1 || !cluster.isPrimary) {
  await import(serverEntry);
} else {
  // Web processes load the build as they start: under `npm start` it may still be building.
  if (!(await waitForBuild())) process.exit(1);
  const log = getLogger();
  let stopping = false;
  cluster.setupPrimary({ exec: serverEntry, execArgv: [...process.execArgv] });
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  log.info("web processes started", {
    count,
    pids: Object.values(cluster.workers ?? {}).map((worker) => worker?.process.pid),
  });

  let restarts: number[] = [];
  // Processes that exit before they ever listen, in a row: a start that cannot succeed (a bad
  // DATABASE_URL, a database that never answers) however long each attempt takes.
  const listened = new Set<number>();
  let failedStarts = 0;
  let shutdownCode = 0;
  cluster.on("listening", (worker) => {
    listened.add(worker.id);
    failedStarts = 0;
  });
  cluster.on("exit", (worker, code, signal) => {
    const hadListened = listened.delete(worker.id);
    if (stopping) {
      if (code !== 0 && signal === null) shutdownCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(shutdownCode);
      return;
    }
    // Replace a crashed process, but give up if they crash in a loop (e.g. a bad DATABASE_URL).
    const now = Date.now();
    restarts = [...restarts.filter((at) => now - at < 60_000), now];
    failedStarts = hadListened ? 0 : failedStarts + 1;
    log.error("web process exited", { pid: worker.process.pid, code, signal });
    if (restarts.length > count * 5 || failedStarts >= count * 3) {
      log.error("web processes keep crashing; stopping");
      process.exit(1);
    }
    // A shutdown may start while the replacement waits: then it is not started.
    setTimeout(() => {
      if (!stopping) fork();
    }, 500);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker?.process.kill(signal);
    });
  }
}
