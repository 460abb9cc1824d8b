import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { sql } from "drizzle-orm";
import { getDatabaseHandle } from "#db/client.server";
import { describeError } from "#db/errors.server";
import { migrateDatabase } from "#db/migrate";
import { EnvError, getEnv } from "#app/utils/env.server";
import { DEMO_PASSWORD, demoLogins, hasDemoData, seedDemoData } from "#app/services/demo/seed.server";
import { deliverPendingEmails } from "#app/services/email/deliver.server";
import { deliverManagerDigests } from "#app/services/email/manager-digest.server";
import { closeMailer } from "#app/services/email/mailer.server";
import { notifyOverdueOwners } from "#app/services/status.server";
import { pruneEvents } from "#app/services/events.server";
import { deleteAbandonedUploads } from "#app/services/tickets/imports.server";
import { closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { startJobRunner } from "#app/services/jobs/runner.server";
import { bodyLimitFor, checkBodySize } from "#app/utils/body-limit";
import { getLogger, redactUrl } from "#app/utils/logger.server";
import { apiDispatcher, compileApiRoutes } from "./api-dispatch";
import { isAllowedOrigin } from "./csrf";
import { RenderCache, renderCacheMiddleware } from "./render-cache";
import { logRequests } from "./request-log";
import { startPeriodic } from "./periodic";
import { guardBuild, waitForDatabase } from "./outage";
import { registerJobHandlers } from "./job-handlers";
import { createGracefulShutdown } from "./shutdown";
import { createStartupReport, terminalLocale } from "./startup-report";

/** host:port of a database URL, never its password. */
function safeHost(url: string): string {
  try {
    return new URL(url).host || "the configured server";
  } catch {
    return "the configured server";
  }
}

let env;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const log = getLogger();
const isProduction = env.NODE_ENV === "production";

// The first start takes a while (migrations, demo data): say what is happening.
const report = await createStartupReport({
  terminal: Boolean(process.stdout.isTTY),
  locale: terminalLocale(process.env),
  log,
});
const handle = getDatabaseHandle();
// A database that is not up yet (or restarting) is waited for, with one line per attempt.
const databaseWhere = handle.driver === "postgres" ? safeHost(handle.url) : "embedded";
try {
  const reachable = await waitForDatabase({
    probe: () => handle.db.execute(sql`select 1`),
    where: databaseWhere,
    totalMs: env.DATABASE_WAIT_SECONDS * 1000,
    log: (line) => log.warn(line),
  });
  if (!reachable) process.exit(1);
  report({ step: "migrating" });
  await migrateDatabase(handle);
} catch (error) {
  log.error(`Cannot prepare the database at ${databaseWhere}: ${describeError(error)}`);
  process.exit(1);
}
if (handle.driver === "pglite" && env.SEED_DEMO_DATA === "auto" && !(await hasDemoData(handle.db))) {
  report({ step: "seeding" });
  const result = await seedDemoData(handle.db);
  if (result.seeded) report({ step: "seeded", ...result.counts });
}

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", true);

app.use((req, res, next) => {
  // Headers the app derives itself must never come from the client.
  req.headers["x-floorboard-remote-addr"] = req.socket.remoteAddress ?? "unknown";
  res.locals.cspNonce = randomBytes(16).toString("hex");
  next();
});
app.use(logRequests(log));

app.use(
  helmet({
    contentSecurityPolicy: isProduction
      ? {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", "data:", "blob:"],
            connectSrc: ["'self'"],
            fontSrc: ["'self'"],
            frameAncestors: ["'none'"],
            formAction: ["'self'"],
            upgradeInsecureRequests: env.PUBLIC_URL?.startsWith("https:") ? [] : null,
          },
        }
      : false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    // HSTS only where the site is known to be served over HTTPS.
    strictTransportSecurity: env.PUBLIC_URL?.startsWith("https:") ? undefined : false,
  }),
);
app.use(compression());

app.use((req, res, next) => {
  const isApi = req.path.startsWith("/api/");
  const { limit, message: tooLarge } = bodyLimitFor(req.path);
  const body = checkBodySize({
    method: req.method,
    contentLength: req.get("content-length"),
    transferEncoding: req.get("transfer-encoding"),
    limit,
  });
  if (body.ok) return next();
  const message = body.status === 413 ? tooLarge : "Content-Length required.";
  if (isApi)
    res
      .status(body.status)
      .json({ error: { code: body.status === 413 ? "payload_too_large" : "length_required", message } });
  else res.status(body.status).type("text/plain").send(message);
});

app.use((req, res, next) => {
  const allowed = isAllowedOrigin({
    method: req.method,
    origin: req.get("origin"),
    referer: req.get("referer"),
    host: (env.TRUST_PROXY && req.get("x-forwarded-host")) || req.get("host"),
    // Express reads X-Forwarded-Proto only with "trust proxy" (TRUST_PROXY=true).
    scheme: req.protocol,
    publicUrl: env.PUBLIC_URL,
    hasSessionCookie: /(?:^|;\s*)fb_session=/.test(req.get("cookie") ?? ""),
  });
  if (allowed) return next();
  log.warn("cross-origin request refused", {
    method: req.method,
    path: redactUrl(req.path),
    origin: req.get("origin"),
  });
  res.status(403).type("text/plain").send("Cross-origin request refused.");
});

if (isProduction && env.RENDER_CACHE_TTL_MS > 0) {
  const renderCache = new RenderCache({
    paths: ["/board", "/api/v1/items"],
    ttlMs: env.RENDER_CACHE_TTL_MS,
    maxEntries: 2_000,
    maxBytes: 64 * 1024 * 1024,
  });
  app.use(renderCacheMiddleware(renderCache));
  // Changes made through other instances or by background jobs arrive as live events.
  getLiveHub().subscribe({ deliver: () => renderCache.invalidate(), heartbeat: () => {}, close: () => {} });
}
// Listening from the start gives every page the event cursor its live stream resumes from.
void getLiveHub()
  .start()
  .catch((error: unknown) => log.warn("live events unavailable until the first stream opens", { error }));

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  const clientDir = path.resolve("build/client");
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // Only names with an extension are files (favicon.svg, robots.txt): pages skip the disk lookup.
  const serveFile = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? serveFile(req, res, next) : next()));
}

// sseBacklog: bytes not yet sent to this client, so a live stream can drop a client too slow to keep up.
// liveSince: read before any loader queries, so a page's stream replays whatever commits while it loads.
const getLoadContext = (_req: express.Request, res: express.Response) => ({
  cspNonce: res.locals.cspNonce as string,
  sseBacklog: () => res.writableLength,
  liveSince: getLiveHub().startedCursor,
});
// Every loader and action answers 503 during a database outage, and 400 for input the database refuses.
const build = viteDevServer
  ? async () => guardBuild((await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild)
  : guardBuild((await import(/* @vite-ignore */ path.resolve("build/server/index.js"))) as ServerBuild);
// API requests skip Remix's routing (see api-dispatch.ts); in development Vite rebuilds the routes, so Remix takes all.
if (typeof build !== "function") app.use(apiDispatcher(compileApiRoutes(build), getLoadContext));
app.all("*", createRequestHandler({ build, getLoadContext }));

const server = createServer(app);
server.listen(env.PORT, env.HOST, () => {
  const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = env.PUBLIC_URL ?? `http://${shownHost}:${env.PORT}`;
  report({ step: "ready", url, database: handle.driver });
  if (handle.driver === "pglite" && env.SEED_DEMO_DATA === "auto") {
    report({ step: "demoLogins", url, logins: demoLogins.map((login) => login.email), password: DEMO_PASSWORD });
  }
});

// Background work, in every instance: the queries claim rows with SKIP LOCKED, so
// several instances never do the same work twice.
const periodic = [
  startPeriodic(
    "events pruning",
    60 * 60_000,
    async () => {
      const pruned = await pruneEvents(handle.db);
      log.debug("events pruned", { pruned });
    },
    log,
  ),
  startPeriodic(
    "abandoned uploads cleanup",
    60 * 60_000,
    async () => {
      const deleted = await deleteAbandonedUploads(handle.db);
      log.debug("abandoned uploads deleted", { deleted });
    },
    log,
  ),
  startPeriodic(
    "overdue reminders",
    15 * 60_000,
    async () => {
      const asked = await notifyOverdueOwners(handle.db);
      log.debug("overdue reminders", { asked });
    },
    log,
  ),
];
if (env.SMTP_URL) {
  periodic.push(
    startPeriodic(
      "email delivery",
      60_000,
      async () => {
        const result = await deliverPendingEmails(handle.db);
        log.debug("email delivery", result);
        const managers = await deliverManagerDigests(handle.db);
        if (managers.sent || managers.failed) log.info("manager digests", managers);
      },
      log,
    ),
  );
}

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
