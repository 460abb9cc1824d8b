import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/responses.server";
import { apiRoute } from "#app/api/route.server";

// Anything under /api/v1 that no route answers: a JSON 404 rather than the HTML page.
const unknownEndpoint = apiRoute(async ({ request }: LoaderFunctionArgs | ActionFunctionArgs) =>
  apiError(404, "not_found", `No endpoint ${request.method.toUpperCase()} ${new URL(request.url).pathname}.`),
);

export const loader = unknownEndpoint;
export const action = unknownEndpoint;
