import { once } from "node:events";
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGracefulShutdown } from "#app/server/shutdown";

type Reply = { status: number; body: string; connection: string | undefined };

const servers: Server[] = [];
const agents: Agent[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  for (const agent of agents.splice(0)) agent.destroy();
});

/** A server whose /slow answers after `slowMs`, and everything else at once. */
async function startServer(slowMs = 400, onFinish: (url: string) => void = () => {}) {
  const started: string[] = [];
  const server = createServer((req, res) => {
    started.push(req.url ?? "");
    res.on("finish", () => onFinish(req.url ?? ""));
    const delay = req.url === "/slow" ? slowMs : 0;
    setTimeout(() => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`done ${req.url}`);
    }, delay);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  // Keep-alive, as browsers and fetch() use.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  const get = (path: string, useAgent: Agent | false = agent) =>
    new Promise<Reply>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, agent: useAgent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      });
      req.on("error", reject);
      req.end();
    });
  return { server, port, get, started };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createGracefulShutdown", () => {
  it("lets a request in flight finish with 200 after shutdown starts", async () => {
    const events: string[] = [];
    const { server, get } = await startServer(400, (url) => events.push(`sent ${url}`));
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 5_000,
      cleanup: async () => {
        events.push("cleanup");
      },
    });
    const slow = get("/slow");
    await sleep(100);
    const done = shutdown().then(() => events.push("resolved"));
    expect(events).toEqual([]);
    const reply = await slow;
    expect(reply).toMatchObject({ status: 200, body: "done /slow" });
    await done;
    expect(events).toEqual(["sent /slow", "cleanup", "resolved"]);
  });

  it("refuses new connections once shutdown has started", async () => {
    const { server, get, started } = await startServer();
    const shutdown = createGracefulShutdown(server, { timeoutMs: 5_000, cleanup: async () => {} });
    const slow = get("/slow");
    await sleep(100);
    const done = shutdown();
    await expect(get("/fresh", false)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await slow;
    await done;
    expect(started).toEqual(["/slow"]);
  });

  it("does not keep a keep-alive connection open for more requests after its response", async () => {
    const { server, get, started } = await startServer();
    let cleanedUp = false;
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 5_000,
      cleanup: async () => {
        cleanedUp = true;
      },
    });
    await get("/warm-up");
    const slow = get("/slow");
    await sleep(100);
    const startedAt = Date.now();
    const done = shutdown();
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.connection).toBe("close");
    // The agent would reuse an open socket: the server must have closed it.
    await expect(get("/after")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await done;
    expect(cleanedUp).toBe(true);
    // Well before Node's 5 s keep-alive timeout would have closed the socket.
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(started).toEqual(["/warm-up", "/slow"]);
  });

  it("closes idle keep-alive sockets at once and runs the cleanup", async () => {
    const { server, get } = await startServer();
    let cleanups = 0;
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 5_000,
      cleanup: async () => {
        cleanups += 1;
      },
    });
    await get("/idle");
    const startedAt = Date.now();
    await shutdown();
    expect(cleanups).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(server.listening).toBe(false);
  });

  it("runs the cleanup once however often it is called", async () => {
    const { server } = await startServer();
    let cleanups = 0;
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 5_000,
      cleanup: async () => {
        cleanups += 1;
      },
    });
    const first = shutdown();
    const second = shutdown();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(cleanups).toBe(1);
  });

  it("forces open connections closed after the timeout", async () => {
    const { server, get } = await startServer(10_000);
    let forced = false;
    let cleanedUp = false;
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 300,
      cleanup: async () => {
        cleanedUp = true;
      },
      onForced: () => {
        forced = true;
      },
    });
    const stuck = get("/slow");
    await sleep(100);
    const startedAt = Date.now();
    await shutdown();
    await expect(stuck).rejects.toThrow();
    expect(forced).toBe(true);
    expect(cleanedUp).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it("passes a failing cleanup on to the caller", async () => {
    const { server } = await startServer();
    const shutdown = createGracefulShutdown(server, {
      timeoutMs: 5_000,
      cleanup: async () => {
        throw new Error("database did not close");
      },
    });
    await expect(shutdown()).rejects.toThrow("database did not close");
  });
});
