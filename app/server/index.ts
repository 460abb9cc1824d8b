// The server's boot: read the environment, prepare the database (migrations, demo data on an
// empty embedded one), build the app, listen, start the background work, shut down gracefully.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { getDatabaseHandle } from "#db/client.server";
import { getEnvOrExit } from "#app/utils/env.server";
import { DEMO_PASSWORD, demoLogins } from "#app/services/demo/seed.server";
import { closeMailer } from "#app/services/email/mailer.server";
import { closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { startJobRunner } from "#app/services/jobs/runner.server";
import { getLogger } from "#app/utils/logger.server";
import { createApp } from "./app";
import { startBackgroundTasks } from "./background-tasks";
import { waitForBuild } from "./build-wait";
import { registerJobHandlers } from "./job-handlers";
import { prepareDatabase, seedsDemoData } from "./prepare-database";
import { createGracefulShutdown } from "./shutdown";
import { createStartupReport, terminalLocale } from "./startup-report";

const env = getEnvOrExit();
const log = getLogger();
const isProduction = env.NODE_ENV === "production";

// The first start takes a while (migrations, demo data): say what is happening.
const report = await createStartupReport({
  terminal: Boolean(process.stdout.isTTY),
  locale: terminalLocale(process.env),
  log,
});
const handle = getDatabaseHandle();
if (!(await prepareDatabase({ handle, env, log, report }))) process.exit(1);
// The build has failed when this is false: `npm start` has already shown what it said.
if (!(await waitForBuild())) {
  await handle.close();
  process.exit(1);
}

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));
const app = await createApp({ env, log, viteDevServer });
// Listening from the start gives every page the event cursor its live stream resumes from.
void getLiveHub()
  .start()
  .catch((error: unknown) => log.warn("live events unavailable until the first stream opens", { error }));

const server = createServer(app);
server.listen(env.PORT, env.HOST, () => {
  const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = env.PUBLIC_URL ?? `http://${shownHost}:${env.PORT}`;
  report({ step: "ready", url, database: handle.driver });
  if (seedsDemoData(handle, env)) {
    report({ step: "demoLogins", url, logins: demoLogins.map((login) => login.email), password: DEMO_PASSWORD });
  }
});

const periodic = startBackgroundTasks({ db: handle.db, env, log });

// Background jobs: on by default so a single instance just works; with RUN_JOBS=false the
// instance only serves requests and `npm run worker` processes the queue.
registerJobHandlers();
const jobRunner = env.RUN_JOBS
  ? startJobRunner({
      db: handle.db,
      workerId: `web-${process.pid}-${randomBytes(3).toString("hex")}`,
      concurrency: env.JOB_CONCURRENCY,
      log,
    })
  : undefined;

const shutdown = createGracefulShutdown(server, {
  timeoutMs: 10_000,
  cleanup: async () => {
    await Promise.all([...periodic.map((task) => task.stop()), jobRunner?.stop()]);
    closeMailer();
    await viteDevServer?.close();
    await handle.close();
  },
  onForced: () => log.warn("shutdown timed out; closing open connections"),
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info("shutting down", { signal });
    // Live streams never finish on their own: end them so the server can close; clients reconnect.
    void closeLiveHub();
    void shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("shutdown cleanup failed", { error });
        process.exit(1);
      },
    );
  });
}
