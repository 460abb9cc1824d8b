import { data } from "@remix-run/node";
import { hasNul } from "#app/schemas/text";
import type { ErrorPayload } from "./errors";
import { formErrorBody, type FormErrorData, type FormErrorValues } from "./forms";
import { getEnv } from "./env.server";

/**
 * An error Response for the error page: its status and the message key it shows. A real
 * Response, so resource routes (CSV downloads) send its status too.
 */
export function httpError(
  status: number,
  reason: string | null = null,
  values?: ErrorPayload["values"],
  headers?: HeadersInit,
): Response {
  const payload: ErrorPayload = values ? { reason, values } : { reason };
  return Response.json(payload, { status, headers });
}

/** The 404 a loader or action throws for a missing row: `throw notFound("items:errors.itemMissing", { number })`. */
export function notFound(
  reason: string | null = null,
  values?: ErrorPayload["values"],
  headers?: HeadersInit,
): Response {
  return httpError(404, reason, values, headers);
}

/** The 400 thrown for a request no form on the page sends (an unknown intent, a forged id). */
export function badRequest(reason = "validation:invalidForm"): Response {
  return httpError(400, reason);
}

/**
 * A form's error that is not a conform reply, in the one shape pages read with `formErrorFor`:
 * the form's intent, the message key and the row it is about.
 */
export function formError(
  intent: string,
  message: string,
  options: { status?: number; target?: string | null; values?: FormErrorValues } = {},
) {
  return data<FormErrorData>(formErrorBody(intent, message, options.target ?? null, options.values), {
    status: options.status ?? 400,
  });
}

/** Thrown for input no schema could read: a 400 whose `reason` the error page shows. */
function badInput(reason = "validation:nulCharacter"): never {
  throw badRequest(reason);
}

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The form a page posted. A body that is not a form (JSON, none, cut short) reads as an empty
 * form, so the action's schema answers with the form's own 400; NUL in any field is a 400.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (!FORM_TYPES.test(request.headers.get("content-type") ?? "")) return new FormData();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return new FormData();
  }
  for (const [name, value] of form) if (hasNul(name) || (typeof value === "string" && hasNul(value))) badInput();
  return form;
}

/** A page's query string as an object, for its zod schema; NUL anywhere in it is a 400. */
export function readSearchParams(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const values: Record<string, string> = {};
  for (const [name, value] of params) {
    if (hasNul(name) || hasNul(value)) badInput();
    values[name] ??= value;
  }
  return values;
}

export function isSecureRequest(request: Request): boolean {
  const publicUrl = getEnv().PUBLIC_URL;
  if (publicUrl) return publicUrl.startsWith("https:");
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

/** The client address; X-Forwarded-For is trusted only behind a declared proxy. */
export function getClientIp(request: Request): string {
  if (getEnv().TRUST_PROXY) {
    // The right-most entry is the one our proxy added; entries left of it come from the client.
    const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get("x-floorboard-remote-addr") ?? "unknown";
}

/** Only same-site relative paths, so a crafted `redirectTo` cannot send people elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  if ([...to].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
