// `npm start`: run the production server, building the app first when the build is missing or
// stale. Then the server starts at once and gets the database ready (migrations, demo data on a
// first start) while the app builds beside it; it loads the build and listens once both are done.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, isBuildStale } from "./build-if-stale.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stale = isBuildStale();
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "app/server/main.ts")], {
  cwd: root,
  // The server asks over the IPC channel whether the build is done (app/server/build-wait.ts).
  stdio: stale ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
  env: {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? "production",
    FLOORBOARD_BUILD_PENDING: stale ? "1" : "",
  },
});

const stopBuild = new AbortController();
if (stale) {
  const built = build({ signal: stopBuild.signal });
  server.on("message", (message) => {
    if (message?.type !== "build?") return;
    void built.then((ok) => {
      if (server.connected) server.send({ type: "build", ok });
    });
  });
}

// Pass signals on so the server can shut down gracefully.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    stopBuild.abort();
    server.kill(signal);
  });
}
server.on("exit", (code, signal) => {
  // A server that stopped early takes an unfinished build with it.
  stopBuild.abort();
  process.exit(code ?? (signal ? 1 : 0));
});
