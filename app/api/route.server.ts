import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describeError, isDataError, isUnavailableError } from "#db/errors.server";
import { getLogger, redactUrl } from "#app/utils/logger.server";
import { apiError, methodNotAllowed } from "./responses.server";

type Handler<Args> = (args: Args) => Promise<Response>;

/**
 * Runs an API loader or action so that every outcome is JSON: thrown API errors are
 * returned as they are, and anything unexpected becomes a logged 500.
 */
export function apiRoute<Args extends LoaderFunctionArgs | ActionFunctionArgs>(handler: Handler<Args>): Handler<Args> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      // Input the checks let through but the database refuses is still the caller's to fix.
      if (isDataError(thrown)) return apiError(400, "invalid_input", "The database refused a value in the request; check its numbers, dates and text.");
      if (isUnavailableError(thrown)) {
        getLogger().warn("api request: database unavailable", { method: args.request.method, error: describeError(thrown) });
        return apiError(503, "unavailable", "The database is not reachable right now; try again in a moment.", { headers: { "Retry-After": "5" } });
      }
      getLogger().error("api request failed", { method: args.request.method, url: redactUrl(args.request.url), error: thrown });
      return apiError(500, "internal_error", "Something went wrong on our side.");
    }
  };
}

export function requireMethod(request: Request, allowed: readonly string[]): void {
  if (!allowed.includes(request.method.toUpperCase())) {
    throw methodNotAllowed(request, allowed);
  }
}
