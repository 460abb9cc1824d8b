import type { Server } from "node:http";

/**
 * Stops accepting connections, lets requests in flight finish, closes idle keep-alive
 * sockets, then runs the cleanup. Forces the exit after `timeoutMs`.
 */
export function createGracefulShutdown(
  server: Server,
  options: { timeoutMs: number; cleanup: () => Promise<void>; onForced?: () => void },
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        options.onForced?.();
        server.closeAllConnections();
      }, options.timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        options.cleanup().finally(resolve);
      });
      server.closeIdleConnections();
    });
    return closing;
  };
}
