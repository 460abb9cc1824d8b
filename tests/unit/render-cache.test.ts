import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import compression from "compression";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { RenderCache, renderCacheMiddleware } from "#app/server/render-cache";

let clock = 0;
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A tiny app: /board renders a page counting its renders, as the real app would render the board. */
async function startApp(options: { ttlMs?: number; setCookie?: boolean; delayMs?: number } = {}) {
  clock = 0;
  const cache = new RenderCache({
    paths: ["/board"],
    ttlMs: options.ttlMs ?? 1000,
    maxEntries: 10,
    maxBytes: 1024 * 1024,
    now: () => clock,
  });
  let renders = 0;
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(8).toString("hex");
    res.setHeader("content-security-policy", `script-src 'nonce-${res.locals.cspNonce}'`);
    next();
  });
  app.use(compression({ threshold: 0 }));
  app.use(renderCacheMiddleware(cache));
  app.get("/board", async (req, res) => {
    renders++;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.setCookie) res.setHeader("set-cookie", "fb_session=renewed");
    // Streamed in two writes, as React's server renderer does.
    res.type("html").write(`<p>render ${renders} for ${req.get("cookie")}</p>`);
    res.end(`<script nonce="${res.locals.cspNonce}"></script>`);
  });
  app.post("/vote", (_req, res) => {
    res.status(204).end();
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (cookie?: string) => {
    // fetch asks for gzip and fails on a body that is not what its encoding says.
    const response = await fetch(`${base}/board`, { headers: cookie ? { cookie } : {} });
    return {
      body: await response.text(),
      csp: response.headers.get("content-security-policy") ?? "",
      hit: response.headers.get("x-render-cache") === "hit",
    };
  };
  return { cache, base, get, renders: () => renders };
}

describe("render cache", () => {
  it("replays a page to the same viewer and renders afresh for another", async () => {
    const app = await startApp();
    const first = await app.get("fb_session=alice");
    const second = await app.get("fb_session=alice");
    const other = await app.get("fb_session=bruno");
    expect(first.body).toContain("render 1 for fb_session=alice");
    expect(second).toMatchObject({ body: first.body, hit: true });
    expect(other.body).toContain("render 2 for fb_session=bruno");
    expect(app.renders()).toBe(2);
  });

  it("names the page's own nonce in the replayed content security policy", async () => {
    const app = await startApp();
    const first = await app.get("fb_session=alice");
    const second = await app.get("fb_session=alice");
    const nonce = /nonce="([0-9a-f]+)"/.exec(first.body)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.csp).toBe(`script-src 'nonce-${nonce}'`);
  });

  it("never caches a page for someone without credentials", async () => {
    const app = await startApp();
    await app.get();
    await app.get();
    expect(app.renders()).toBe(2);
  });

  it("forgets every page when a change goes through", async () => {
    const app = await startApp();
    await app.get("fb_session=alice");
    await fetch(`${app.base}/vote`, { method: "POST" });
    const after = await app.get("fb_session=alice");
    expect(after.hit).toBe(false);
    expect(after.body).toContain("render 2");
  });

  it("expires pages after their time to live", async () => {
    const app = await startApp({ ttlMs: 1000 });
    await app.get("fb_session=alice");
    clock = 999;
    expect((await app.get("fb_session=alice")).hit).toBe(true);
    clock = 1000;
    expect((await app.get("fb_session=alice")).hit).toBe(false);
    expect(app.renders()).toBe(2);
  });

  it("does not replay responses that set a cookie", async () => {
    const app = await startApp({ setCookie: true });
    await app.get("fb_session=alice");
    await app.get("fb_session=alice");
    expect(app.renders()).toBe(2);
  });

  it("renders once for concurrent requests of the same page", async () => {
    const app = await startApp({ delayMs: 50 });
    const pages = await Promise.all(Array.from({ length: 5 }, () => app.get("fb_session=alice")));
    expect(app.renders()).toBe(1);
    expect(new Set(pages.map((page) => page.body)).size).toBe(1);
  });

  it("drops the oldest pages beyond its size", () => {
    const cache = new RenderCache({ paths: ["/board"], ttlMs: 1000, maxEntries: 2, maxBytes: 1024, now: () => 0 });
    const page = { status: 200, headers: [], body: Buffer.from("x"), nonce: "n" };
    for (const key of ["a", "b", "c"]) cache.set(key, cache.currentGeneration(), page);
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBeDefined();
  });
});
