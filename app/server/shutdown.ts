import type { Server, ServerResponse } from "node:http";

/**
 * Stops accepting connections, lets requests in flight finish, closes idle keep-alive
 * sockets, then runs the cleanup. Forces the exit after `timeoutMs`.
 *
 * Keep-alive sockets that are busy when shutdown starts would otherwise stay open after
 * their response (and take new requests) until the keep-alive timeout: once shutting
 * down, every response asks the client to close its connection.
 */
export function createGracefulShutdown(
  server: Server,
  options: { timeoutMs: number; cleanup: () => Promise<void>; onForced?: () => void },
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const active = new Set<ServerResponse>();
  server.prependListener("request", (_req, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader("Connection", "close");
    active.add(res);
    res.on("close", () => active.delete(res));
  });
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        options.onForced?.();
        server.closeAllConnections();
      }, options.timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        options.cleanup().then(resolve, reject);
      });
      for (const res of active) {
        if (!res.headersSent) res.setHeader("Connection", "close");
        else res.once("finish", () => setImmediate(() => server.closeIdleConnections()));
      }
      server.closeIdleConnections();
    });
    return closing;
  };
}
