import type { z } from "zod";
import { getDb } from "#db/client.server";
import { getServerT } from "#app/i18n/i18n.server";
import { findItemRef, type ItemRef } from "#app/services/item-ref.server";
import { hasNul } from "#app/schemas/text";
import { apiError, notFound, type ApiFieldErrors } from "./responses.server";

// Reading what an API caller sent (body, query string, the item a URL names), where every
// failure is an API error the caller can act on.

/** Request bodies above this are refused with 413, whatever Content-Length claims. */
export const JSON_BODY_LIMIT = 1024 * 1024;

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
export async function issuesToFields(
  issues: readonly z.core.$ZodIssue[],
): Promise<{ fields: ApiFieldErrors; root: string[] }> {
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
function jsonHasNul(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(jsonHasNul);
  if (value && typeof value === "object")
    return Object.entries(value).some(([key, field]) => hasNul(key) || jsonHasNul(field));
  return false;
}

const nulRefused = (where: string) =>
  apiError(400, "validation_failed", `${where} contains a NUL character (\\u0000), which is not allowed.`);

/** Reads, size-checks, parses and validates a JSON body; every failure is an API error. */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.output<Schema>> {
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

/** The item a URL names by uuid or short number; a 404 answer when there is none. */
export async function requireItemRef(ref: string | undefined): Promise<ItemRef> {
  const item = await findItemRef(getDb(), ref);
  if (!item) throw notFound();
  return item;
}
