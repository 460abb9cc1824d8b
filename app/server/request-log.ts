import type { IncomingMessage, ServerResponse } from "node:http";
import { redactUrl, type Logger } from "#app/utils/logger.server";

/** One line per request once it is answered, with tokens in the URL redacted; assets are skipped. */
export function logRequests(log: Logger) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void) => {
    const started = process.hrtime.bigint();
    const url = req.originalUrl ?? req.url ?? "/";
    res.on("finish", () => {
      if (url.startsWith("/assets/")) return;
      log.info("request", {
        method: req.method,
        path: redactUrl(url),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  };
}
