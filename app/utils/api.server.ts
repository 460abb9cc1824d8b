import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { getDb } from "#db/client.server";
import type { UserLocale, UserRole } from "#db/schema/enums";
import { getSession } from "#app/auth/session.server";
import { getServerT } from "#app/i18n/i18n.server";
import { authenticateApiKey } from "#app/services/api-keys.server";
import { findItemRef, type ItemRef } from "#app/services/item-ref.server";
import type { ApiScope } from "#app/services/api-scopes";
import type { BoardItem, ItemView } from "#app/services/items.server";
import { can, type Permission } from "#app/services/permissions";
import { hasNul } from "#app/schemas/text";
import { describeError, isDataError, isUnavailableError } from "#db/errors.server";
import { getLogger, redactUrl } from "./logger.server";

// The JSON API's plumbing: who is calling, reading bodies and queries with zod, and one
// error shape for every failure: { "error": { "code", "message", "fields"? } }.
// Messages are English (the API is for integrators); codes are stable snake_case.

/** The JSON body of an ordinary API call: above this it is refused with 413, whatever Content-Length claims. */
export const JSON_BODY_LIMIT = 1024 * 1024;

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
  return Response.json(body, { status, headers });
}

export type ApiUser = {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  locale: UserLocale | null;
  /** How the caller proved who they are; scopes only exist for API keys. */
  auth: { kind: "session"; setCookie: string | null } | { kind: "api_key"; keyId: string; scopes: ApiScope[] };
};

/** A JSON response for an API caller; passes on a renewed session cookie. */
export function apiJson(data: unknown, init: { status?: number; user?: ApiUser; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  if (init.user?.auth.kind === "session" && init.user.auth.setCookie) headers.append("Set-Cookie", init.user.auth.setCookie);
  return Response.json(data, { status: init.status ?? 200, headers });
}

const BEARER = /^Bearer +(\S+) *$/i;
const realm = 'Bearer realm="floorboard"';

/**
 * The person behind an API request: an `Authorization: Bearer <key>` header if there is
 * one (the key acts for the admin who created it and must carry `scope`), else the
 * browser session, for which scopes do not apply. Role permissions apply to both and are
 * checked by each route with `requireApiPermission`. `scope: null` accepts any valid key.
 */
export async function requireApiUser(request: Request, scope: ApiScope | null): Promise<ApiUser> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) {
      throw apiError(401, "unauthenticated", "Send an API key as 'Authorization: Bearer <key>'.", {
        headers: { "WWW-Authenticate": `${realm}, error="invalid_request"` },
      });
    }
    const key = await authenticateApiKey(getDb(), token);
    if (!key) {
      throw apiError(401, "invalid_api_key", "The API key is unknown or has been revoked.", {
        headers: { "WWW-Authenticate": `${realm}, error="invalid_token"` },
      });
    }
    if (scope && !key.scopes.includes(scope)) {
      throw apiError(403, "insufficient_scope", `This API key lacks the '${scope}' scope.`, {
        headers: { "WWW-Authenticate": `${realm}, error="insufficient_scope", scope="${scope}"` },
      });
    }
    return { ...key.user, auth: { kind: "api_key", keyId: key.id, scopes: key.scopes } };
  }
  const { user, setCookie } = await getSession(request);
  if (!user) {
    const headers = new Headers({ "WWW-Authenticate": realm });
    if (setCookie) headers.append("Set-Cookie", setCookie);
    throw apiError(401, "unauthenticated", "Sign in or send an API key as 'Authorization: Bearer <key>'.", { headers });
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
    auth: { kind: "session", setCookie },
  };
}

export function requireApiPermission(user: ApiUser, permission: Permission): void {
  if (!can(user.role, permission)) {
    throw apiError(403, "forbidden", `The role '${user.role}' may not do this.`);
  }
}

export function requireMethod(request: Request, allowed: readonly string[]): void {
  if (!allowed.includes(request.method.toUpperCase())) {
    throw methodNotAllowed(request, allowed);
  }
}

export function methodNotAllowed(request: Request, allowed: readonly string[]): Response {
  return apiError(405, "method_not_allowed", `${request.method.toUpperCase()} is not supported here; use ${allowed.join(" or ")}.`, {
    headers: { Allow: allowed.join(", ") },
  });
}

export function notFound(what = "item"): Response {
  return apiError(404, "not_found", `No such ${what}.`);
}

/** The item a URL names by uuid or short number; a 404 answer when there is none. */
export async function requireItemRef(ref: string | undefined): Promise<ItemRef> {
  const item = await findItemRef(getDb(), ref);
  if (!item) throw notFound();
  return item;
}

// --- Reading input ---------------------------------------------------------------------------

function payloadTooLarge(limit: number, advice = ""): Response {
  return apiError(413, "payload_too_large", `The request body is larger than ${limit} bytes${advice}.`);
}

/** The body as text, refusing more than `limit` bytes before reading all of it. */
export async function readBodyText(request: Request, limit: number, tooLargeAdvice?: string): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(limit, tooLargeAdvice);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Content-Length can be missing (chunked) or wrong: count what actually arrives.
    if (size > limit) {
      await reader.cancel();
      throw payloadTooLarge(limit, tooLargeAdvice);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw apiError(400, "invalid_json", "The request body is not valid UTF-8.");
  }
}

const messageKey = /^[a-z]+:[A-Za-z0-9_.]+$/;

/** zod issues as API fields; the app's i18n keys ("validation:titleLength") become English text. */
export async function issuesToFields(issues: readonly z.core.$ZodIssue[]): Promise<{ fields: ApiFieldErrors; root: string[] }> {
  const t = await getServerT("en");
  const english = (issue: z.core.$ZodIssue) => {
    // A choice from a fixed list: name the values, which helps a developer more than the form's wording.
    if (issue.code === "invalid_value" && issue.values.length > 0) {
      return `Use one of: ${issue.values.map((value) => String(value)).join(", ")}.`;
    }
    return messageKey.test(issue.message) ? t(issue.message, { defaultValue: issue.message }) : issue.message;
  };
  const fields: ApiFieldErrors = {};
  const root: string[] = [];
  for (const issue of issues) {
    const message = english(issue);
    if (issue.path.length === 0) root.push(message);
    else (fields[issue.path.map(String).join(".")] ??= []).push(message);
  }
  return { fields, root };
}

async function validationFailed(error: z.ZodError, what: string): Promise<Response> {
  const { fields, root } = await issuesToFields(error.issues);
  const message = root.length > 0 ? `${what}: ${root.join(" ")}` : `${what} has invalid fields.`;
  return apiError(400, "validation_failed", message, Object.keys(fields).length > 0 ? { fields } : {});
}

/** JSON `null` for an optional field means "not given", as leaving it out does. */
function withoutNulls(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}

/** A body's text as a JSON object, or a 400 that says what is wrong with it. */
export function parseJsonObject(text: string, expected = "a JSON object"): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw apiError(400, "invalid_json", "The request body is not valid JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw apiError(400, "invalid_json", `The request body must be ${expected}.`);
  }
  return parsed as Record<string, unknown>;
}

/** Whether a parsed JSON value holds NUL in any string, key or value. */
export function jsonHasNul(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(jsonHasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, field]) => hasNul(key) || jsonHasNul(field));
  return false;
}

const nulRefused = (where: string) => apiError(400, "validation_failed", `${where} contains a NUL character (\\u0000), which is not allowed.`);

/** Reads, size-checks, parses and validates a JSON body; every failure is an API error. */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const parsed = parseJsonObject(await readBodyText(request, JSON_BODY_LIMIT));
  if (jsonHasNul(parsed)) throw nulRefused("The request body");
  const result = await schema.safeParseAsync(withoutNulls(parsed));
  if (!result.success) throw await validationFailed(result.error, "The request body");
  return result.data;
}

/** Validates the query string (repeated parameters: the last one wins). */
export async function readQuery<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  if (jsonHasNul(params)) throw nulRefused("The query string");
  const result = await schema.safeParseAsync(params);
  if (!result.success) throw await validationFailed(result.error, "The query string");
  return result.data;
}

// --- Route wrapper ---------------------------------------------------------------------------

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

// --- Representations -------------------------------------------------------------------------

/** An item as the board lists it. `author` is null for anonymous items the caller did not post. */
export function boardItemJson(item: BoardItem) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    kind: item.kind,
    status: item.status,
    area: item.area,
    channel: item.channel,
    votes: item.votes,
    comments: item.comments,
    /** Tickets per week over the last four weeks in the item's linked clusters. */
    impact: item.impact,
    voted: item.voted,
    anonymous: item.anonymous,
    author: item.authorName,
    owner: item.ownerName,
    team: item.teamName,
    targetDate: item.targetDate,
    overdue: item.overdue,
    tags: item.tags,
    createdAt: item.createdAt,
  };
}

/** An item with everything its page shows, anonymity applied for the caller. */
export function itemDetailJson(item: ItemView) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    body: item.body,
    kind: item.kind,
    status: item.status,
    area: item.area,
    channel: item.channel,
    votes: item.votes,
    comments: item.comments,
    voted: item.voted,
    following: item.following,
    anonymous: item.anonymous,
    author: item.authorName,
    owner: item.ownerName,
    ownerId: item.ownerId,
    team: item.teamName,
    teamId: item.teamId,
    targetDate: item.targetDate,
    overdue: item.overdue,
    declineReason: item.declineReason,
    duplicateOf: item.duplicateOf,
    outcome: item.outcome,
    tags: item.tags,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    doneAt: item.doneAt,
  };
}
