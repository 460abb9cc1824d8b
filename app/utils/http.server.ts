import { data } from "@remix-run/node";
import { hasNul } from "#app/schemas/text";
import { getEnv } from "./env.server";

/**
 * Thrown for input no schema could read: a 400 whose `reason` the error page shows. A real
 * Response, so resource routes (CSV downloads) send its status too.
 */
function badInput(reason = "validation:nulCharacter"): never {
  throw Response.json({ reason }, { status: 400 });
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

/** Throws a Response with the given status unless the condition holds (404 for missing rows). */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: { status: number } = { status: 404 },
): asserts condition {
  if (!condition) {
    throw data(message, { status: init.status });
  }
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
