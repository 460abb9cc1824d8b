// `npm start`: build when needed, then run the production server. A build goes with getting the
// database ready (migrations, demo data on a first start) in a second process, at the same time:
// the build is one busy core for most of its time, the database work fits beside it.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, isBuildStale } from "./build-if-stale.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" };

/** The children running now: signals are passed on so they can stop gracefully. */
const running = new Set();
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (running.size === 0) process.exit(1);
    for (const child of running) child.kill(signal);
  });
}

function runTsx(file) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, file)], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
  return { child, exited };
}

if (isBuildStale()) {
  // A failed build still waits for the database work: stopping it halfway would leave demo data half made.
  const [built, prepared] = await Promise.all([build(), runTsx("scripts/prepare-database.ts").exited]);
  if (!built) process.exit(1);
  if (prepared !== 0) process.exit(prepared);
}

const server = runTsx("app/server/main.ts");
process.exit(await server.exited);
