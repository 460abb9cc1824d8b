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
      if (isDataError(thrown))
        return apiError(
          400,
          "invalid_input",
          "The database refused a value in the request; check its numbers, dates and text.",
        );
      if (isUnavailableError(thrown)) {
        getLogger().warn("api request: database unavailable", {
          method: args.request.method,
          error: describeError(thrown),
        });
        return apiError(503, "unavailable", "The database is not reachable right now; try again in a moment.", {
          headers: { "Retry-After": "5" },
        });
      }
      getLogger().error("api request failed", {
        method: args.request.method,
        url: redactUrl(args.request.url),
        error: thrown,
      });
      return apiError(500, "internal_error", "Something went wrong on our side.");
    }
  };
}

/** The methods an endpoint answers, in the order its Allow header lists them. GET also answers HEAD. */
export type ApiMethods = {
  GET?: Handler<LoaderFunctionArgs>;
  POST?: Handler<ActionFunctionArgs>;
  PUT?: Handler<ActionFunctionArgs>;
  PATCH?: Handler<ActionFunctionArgs>;
  DELETE?: Handler<ActionFunctionArgs>;
};

/**
 * A route module's loader and action, from the methods its endpoint answers: any other
 * method gets a 405 whose Allow header lists them. Both go through `apiRoute`.
 * Export both, each as `export const loader = endpoint.loader`: Remix strips only plain
 * (not destructured) loader and action exports from the browser build.
 */
export function apiEndpoint(methods: ApiMethods): {
  loader: Handler<LoaderFunctionArgs>;
  action: Handler<ActionFunctionArgs>;
} {
  const { GET, ...writes } = methods;
  const allowed = Object.keys(methods);
  return {
    loader: apiRoute(async (args: LoaderFunctionArgs) => (GET ? GET(args) : methodNotAllowed(args.request, allowed))),
    action: apiRoute(async (args: ActionFunctionArgs) => {
      const method = args.request.method.toUpperCase();
      const handler = writes[method as keyof typeof writes];
      return handler ? handler(args) : methodNotAllowed(args.request, allowed);
    }),
  };
}
