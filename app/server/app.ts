import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import type { ViteDevServer } from "vite";
import { getLiveHub } from "#app/services/live/hub.server";
import { bodyLimitFor, checkBodySize } from "#app/utils/body-limit";
import type { Env } from "#app/utils/env.server";
import { getLogger, redactUrl, type Logger } from "#app/utils/logger.server";
import { apiDispatcher, compileApiRoutes } from "./api-dispatch";
import { isAllowedOrigin } from "./csrf";
import { guardBuild } from "./outage";
import { RenderCache, renderCacheMiddleware } from "./render-cache";
import { logRequests } from "./request-log";

export type CreateAppOptions = {
  env: Env;
  log?: Logger;
  /** In development, Vite serves the assets and rebuilds the routes; without it, build/ is served. */
  viteDevServer?: ViteDevServer;
};

/**
 * The Express app: security headers, body limits, the CSRF check, the render cache, static
 * files and the Remix handler. It does not listen and starts nothing in the background.
 */
export async function createApp({ env, log = getLogger(), viteDevServer }: CreateAppOptions): Promise<express.Express> {
  const isProduction = env.NODE_ENV === "production";
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
  return app;
}
