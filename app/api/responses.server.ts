import type { ApiUser } from "#app/auth/require-api.server";
import { jsonResponse } from "#app/utils/json-response.server";

// Every API answer is JSON and never cached. Failures share one shape,
// { "error": { "code", "message", "fields"? } }: messages are English (the API is for
// integrators) and codes are stable snake_case.

export type ApiErrorCode =
  | "invalid_json"
  | "validation_failed"
  | "unauthenticated"
  | "invalid_api_key"
  | "invalid_signature"
  | "insufficient_scope"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "voting_closed"
  | "version_conflict"
  | "payload_too_large"
  | "too_many_streams"
  | "rule_violation"
  | "invalid_input"
  | "unavailable"
  | "internal_error";

export type ApiFieldErrors = Record<string, string[]>;

export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; fields?: ApiFieldErrors } };

export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  options: { fields?: ApiFieldErrors; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = { error: { code, message, ...(options.fields ? { fields: options.fields } : {}) } };
  const headers = new Headers(options.headers);
  headers.set("Cache-Control", "no-store");
  return jsonResponse(body, { status, headers });
}

/** A JSON response for an API caller; passes on a renewed session cookie. */
export function apiJson(
  data: unknown,
  init: { status?: number; user?: ApiUser; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  if (init.user?.auth.kind === "session" && init.user.auth.setCookie)
    headers.append("Set-Cookie", init.user.auth.setCookie);
  return jsonResponse(data, { status: init.status ?? 200, headers });
}

export function methodNotAllowed(request: Request, allowed: readonly string[]): Response {
  return apiError(
    405,
    "method_not_allowed",
    `${request.method.toUpperCase()} is not supported here; use ${allowed.join(" or ")}.`,
    {
      headers: { Allow: allowed.join(", ") },
    },
  );
}

export function notFound(what = "item"): Response {
  return apiError(404, "not_found", `No such ${what}.`);
}
