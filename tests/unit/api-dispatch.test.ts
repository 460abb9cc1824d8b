import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { apiDispatcher, compileApiRoutes, matchApiRoute } from "#app/server/api-dispatch";
import { jsonResponse } from "#app/utils/json-response.server";

type Args = { request: Request; params: Record<string, string>; context: unknown };
type Module = Record<string, unknown>;

/** Routes shaped as Remix's build lists them: flat route files nest under their dotted parents. */
function buildOf(routes: Record<string, { parentId?: string; path?: string; index?: boolean; module: Module }>) {
  const all: Record<string, unknown> = { root: { id: "root", path: "", module: { default: () => null } } };
  for (const [id, route] of Object.entries(routes)) all[id] = { id, ...route };
  return { routes: all } as unknown as Parameters<typeof compileApiRoutes>[0];
}

const echo =
  (name: string) =>
  async ({ request, params, context }: Args) =>
    Response.json({
      name,
      method: request.method,
      url: request.url,
      params,
      context,
      body: request.method === "GET" ? null : await request.text(),
    });

const build = buildOf({
  "routes/api.v1.items": {
    parentId: "root",
    path: "api/v1/items",
    module: { loader: echo("items"), action: echo("items") },
  },
  "routes/api.v1.items.$id": {
    parentId: "routes/api.v1.items",
    path: ":id",
    module: { loader: echo("item"), action: echo("item") },
  },
  "routes/api.v1.items.$id.vote": {
    parentId: "routes/api.v1.items",
    path: ":id/vote",
    module: { action: echo("vote") },
  },
  "routes/api.v1.items.new": { parentId: "routes/api.v1.items", path: "new", module: { loader: echo("new") } },
  "routes/api.v1.$": { parentId: "root", path: "api/v1/*", module: { loader: echo("splat") } },
  "routes/api.v1.page": {
    parentId: "root",
    path: "api/v1/page",
    module: { loader: echo("page"), default: () => null },
  },
  "routes/board": { parentId: "root", path: "board", module: { loader: echo("board") } },
  "routes/api.v1.me": {
    parentId: "root",
    path: "api/v1/me",
    module: {
      loader: () => {
        throw Response.json({ error: { code: "unauthenticated" } }, { status: 401 });
      },
      action: () => ({ plain: true }),
    },
  },
  "routes/api.v1.cookies": {
    parentId: "root",
    path: "api/v1/cookies",
    module: {
      loader: () => {
        const headers = new Headers();
        headers.append("Set-Cookie", "a=1; Path=/");
        headers.append("Set-Cookie", "b=2; Path=/");
        return new Response("ok", { headers });
      },
    },
  },
  "routes/api.v1.json": {
    parentId: "root",
    path: "api/v1/json",
    module: {
      loader: () => jsonResponse({ word: "perché 10 €" }, { status: 201, headers: { "X-Extra": "1" } }),
    },
  },
  "routes/api.v1.stream": {
    parentId: "root",
    path: "api/v1/stream",
    module: {
      loader: ({ request }: Args) => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode("data: one\n\n"));
            const timer = setInterval(() => controller.enqueue(encoder.encode("data: tick\n\n")), 20);
            request.signal.addEventListener("abort", () => {
              clearInterval(timer);
              aborted.push(request.url);
              controller.close();
            });
            stopTimer = () => clearInterval(timer);
          },
          cancel() {
            stopTimer();
            cancelled.push(request.method);
          },
        });
        return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
      },
    },
  },
});
const aborted: string[] = [];
const cancelled: string[] = [];
let stopTimer = () => {};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start() {
  const app = express();
  app.use(
    apiDispatcher(compileApiRoutes(build), (_req, res) => ({ from: "context", nonce: res.locals.nonce ?? null })),
  );
  // Whatever the dispatcher leaves goes on, as it would to Remix.
  app.use((req, res) => res.status(418).json({ fellThrough: `${req.method} ${req.originalUrl}` }));
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("compileApiRoutes", () => {
  it("takes resource routes under api/ with their parents' paths, and leaves pages, splats and other paths to Remix", () => {
    const ids = compileApiRoutes(build).map((route) => route.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "routes/api.v1.items",
        "routes/api.v1.items.$id",
        "routes/api.v1.items.$id.vote",
        "routes/api.v1.items.new",
      ]),
    );
    expect(ids).not.toContain("routes/api.v1.$");
    expect(ids).not.toContain("routes/api.v1.page");
    expect(ids).not.toContain("routes/board");
  });

  it("prefers a static segment to a parameter, decodes parameters, and ignores case and a trailing slash", () => {
    const routes = compileApiRoutes(build);
    expect(matchApiRoute(routes, "/api/v1/items/new")?.route.id).toBe("routes/api.v1.items.new");
    expect(matchApiRoute(routes, "/api/v1/items/42")).toMatchObject({
      route: { id: "routes/api.v1.items.$id" },
      params: { id: "42" },
    });
    expect(matchApiRoute(routes, "/API/v1/items/a%20b/vote/")).toMatchObject({
      route: { id: "routes/api.v1.items.$id.vote" },
      params: { id: "a b" },
    });
    expect(matchApiRoute(routes, "/api/v1/items/%E0%A4%A/vote")).toBeUndefined();
    expect(matchApiRoute(routes, "/api/v1/items/1/2/3")).toBeUndefined();
  });
});

describe("apiDispatcher", () => {
  it("runs the loader for GET and the action for other methods, with the request, params and load context", async () => {
    const base = await start();
    const read = await fetch(`${base}/api/v1/items/7?sort=top`);
    expect(await read.json()).toEqual({
      name: "item",
      method: "GET",
      url: `${base}/api/v1/items/7?sort=top`,
      params: { id: "7" },
      context: { from: "context", nonce: null },
      body: null,
    });
    const write = await fetch(`${base}/api/v1/items/7/vote`, {
      method: "PUT",
      body: '{"x":1}',
      headers: { "content-type": "application/json" },
    });
    expect(await write.json()).toMatchObject({ name: "vote", method: "PUT", params: { id: "7" }, body: '{"x":1}' });
  });

  it("passes on what it cannot place: unknown paths, splats, pages and methods a module has no function for", async () => {
    const base = await start();
    for (const [method, path] of [
      ["GET", "/api/v1/unknown/path"],
      ["GET", "/api/v1/page"],
      ["GET", "/board"],
      ["GET", "/api/v1/items/7/vote"],
      ["POST", "/api/v1/items/new"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(418);
      expect(await response.json()).toEqual({ fellThrough: `${method} ${path}` });
    }
  });

  it("sends a thrown Response as the answer, wraps plain data as JSON, keeps every Set-Cookie and sends no body to HEAD", async () => {
    const base = await start();
    const thrown = await fetch(`${base}/api/v1/me`);
    expect(thrown.status).toBe(401);
    expect(await thrown.json()).toEqual({ error: { code: "unauthenticated" } });
    const plain = await fetch(`${base}/api/v1/me`, { method: "POST" });
    expect(await plain.json()).toEqual({ plain: true });
    const cookies = await fetch(`${base}/api/v1/cookies`);
    expect(cookies.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const head = await fetch(`${base}/api/v1/cookies`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("sends a JSON answer's text at once with its length in bytes, and only the headers to HEAD", async () => {
    const base = await start();
    const text = JSON.stringify({ word: "perché 10 €" });
    const response = await fetch(`${base}/api/v1/json`);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(await response.text()).toBe(text);
    const head = await fetch(`${base}/api/v1/json`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(await head.text()).toBe("");
    // Read as any Response is, it has the same body.
    expect(await jsonResponse({ word: "perché" }).json()).toEqual({ word: "perché" });
  });

  it("streams an event stream as it is written and aborts the handler when the client leaves", async () => {
    const base = await start();
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/stream`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let received = "";
    while (!received.includes("tick")) received += new TextDecoder().decode((await reader.read()).value);
    expect(received.startsWith("data: one\n\n")).toBe(true);
    controller.abort();
    await expect.poll(() => aborted).toContain(`${base}/api/v1/stream`);
  });

  it("answers HEAD on a live stream with its headers only, and stops the stream", async () => {
    const base = await start();
    const response = await fetch(`${base}/api/v1/stream`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await response.text()).toBe("");
    await expect.poll(() => cancelled).toContain("HEAD");
  });
});
