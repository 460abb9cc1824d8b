import type { ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { jsonResponse, jsonResponseText } from "#app/utils/json-response.server";

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

export type ApiRoute = {
  id: string;
  pattern: RegExp;
  keys: string[];
  /** Static segments outrank parameters, as in Remix's own ranking. */
  staticSegments: number;
  module: RouteModule;
};

const SEGMENT_PARAM = /^:([A-Za-z_$][\w$]*)$/;
const STATIC_SEGMENT = /^[\w.~-]+$/;

/**
 * The build's JSON API routes that can be matched without Remix: top-level resource routes
 * under `api/` whose paths have only static and `:param` segments. Anything else (splats,
 * optional segments, nested routes) is left to Remix.
 */
export function compileApiRoutes(build: Pick<ServerBuild, "routes">, prefix = "api/"): ApiRoute[] {
  const compiled: ApiRoute[] = [];
  for (const route of Object.values(build.routes)) {
    const path = fullPath(build.routes, route.id);
    if (!path?.startsWith(prefix) || route.index) continue;
    if ("default" in route.module && route.module.default) continue; // a page, not a resource route
    const segments = path.split("/");
    const keys: string[] = [];
    let source = "";
    let staticSegments = 0;
    let supported = true;
    for (const segment of segments) {
      const param = SEGMENT_PARAM.exec(segment);
      if (param) {
        keys.push(param[1]!);
        source += "/([^/]+)";
      } else if (STATIC_SEGMENT.test(segment)) {
        staticSegments++;
        source += `/${segment.replace(/[.]/g, "\\.")}`;
      } else {
        supported = false;
        break;
      }
    }
    if (!supported) continue;
    compiled.push({
      id: route.id,
      pattern: new RegExp(`^${source}/?$`, route.caseSensitive ? "" : "i"),
      keys,
      staticSegments,
      module: route.module,
    });
  }
  return compiled.sort((a, b) => b.staticSegments - a.staticSegments || b.keys.length - a.keys.length);
}

/** A route's path from the root, through its parents' paths (flat routes nest by their dots). */
function fullPath(routes: ServerBuild["routes"], id: string): string | undefined {
  const parts: string[] = [];
  let route = routes[id];
  while (route && route.id !== "root") {
    if (route.path) parts.unshift(route.path);
    route = route.parentId ? routes[route.parentId] : undefined;
  }
  return route ? parts.join("/") : undefined;
}

export function matchApiRoute(
  routes: ApiRoute[],
  pathname: string,
): { route: ApiRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(match[index + 1]!);
      });
    } catch {
      return undefined; // a malformed escape: Remix answers it
    }
    return { route, params };
  }
  return undefined;
}

function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values !== undefined) headers.set(key, values);
  }
  const port = /:(\d+)$/.exec(req.get("host") ?? "")?.[1];
  const url = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
  const controller = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  // Abort the handler when the response can no longer be written (a live stream's client left).
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  return new Request(url, init);
}

async function sendResponse(res: ExpressResponse, response: Response, method: string): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  // A JSON answer's text is at hand: one write with its length, no stream to read.
  const text = jsonResponseText(response);
  if (text !== undefined) {
    res.setHeader("Content-Length", Buffer.byteLength(text));
    res.end(method === "HEAD" ? undefined : text);
    return;
  }
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body && method !== "HEAD") return writeReadableStreamToWritable(response.body, res);
  // A body nobody will read (HEAD) is cancelled, so a live stream behind it stops at once.
  await response.body?.cancel().catch(() => {});
  res.end();
}

/**
 * Runs the JSON API's route modules directly: the same loaders and actions Remix would run,
 * without Remix's per-request route ranking and document machinery, which cost more CPU than
 * a vote itself. Requests it cannot place (an unknown path, a method the module has no
 * function for) go on to Remix unchanged.
 */
export function apiDispatcher(
  routes: ApiRoute[],
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => unknown,
  prefix = "/api/",
): RequestHandler {
  return (req, res, next: NextFunction) => {
    if (!req.path.startsWith(prefix)) return next();
    const matched = matchApiRoute(routes, req.path);
    if (!matched) return next();
    const isRead = req.method === "GET" || req.method === "HEAD";
    const handler = (isRead ? matched.route.module.loader : matched.route.module.action) as Handler | undefined;
    if (!handler) return next();
    void (async () => {
      const request = fetchRequest(req, res);
      let result: unknown;
      try {
        result = await handler({ request, params: matched.params, context: getLoadContext(req, res) });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        result = thrown;
      }
      const response = result instanceof Response ? result : jsonResponse(result);
      await sendResponse(res, response, req.method);
    })().catch(next);
  };
}
