/**
 * What a Remix loader or action produced, returned or thrown, in one shape: a status,
 * the headers, the body data (for `data(...)` and plain objects) and where it redirects.
 */
export type RouteResult = {
  status: number;
  headers: Headers;
  data: unknown;
  location: string | null;
  thrown: boolean;
};

type DataWithResponseInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithResponseInit(value: unknown): value is DataWithResponseInit {
  return Boolean(value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit");
}

async function toResult(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    const text = value.body ? await value.text() : "";
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return {
      status: value.status,
      headers: value.headers,
      data: body,
      location: value.headers.get("location"),
      thrown,
    };
  }
  if (isDataWithResponseInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, headers, data: value.data, location: headers.get("location"), thrown };
  }
  return { status: 200, headers: new Headers(), data: value, location: null, thrown };
}

/** Runs a loader or action and describes its outcome; unexpected errors still fail the test. */
export async function runRoute(run: () => Promise<unknown>): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    if (error instanceof Response || isDataWithResponseInit(error)) return toResult(error, true);
    throw error;
  }
  return toResult(value, false);
}

/** The `name=value` pair of a Set-Cookie header, ready to send back in a Cookie header. */
export function cookiePair(setCookie: string | null, name: string): string | null {
  if (!setCookie) return null;
  const match = setCookie.split(/,(?=\s*[\w-]+=)/).find((part) => part.trim().startsWith(`${name}=`));
  return match ? match.trim().split(";")[0]! : null;
}

/** The conform `reply()` field errors inside an action result, whatever the wrapping key. */
export function fieldErrors(reply: unknown): Record<string, string[] | null> {
  const value = reply as { error?: Record<string, string[] | null> | null } | null;
  return value?.error ?? {};
}

export type RequestOptions = {
  method?: string;
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};

/** A request as a browser would send it: a session cookie, a form body (then POST), from 127.0.0.1. */
export function makeRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  headers.set("x-floorboard-remote-addr", headers.get("x-floorboard-remote-addr") ?? "127.0.0.1");
  const method = options.method ?? (options.form ? "POST" : "GET");
  return new Request(new URL(path, "http://localhost:3000"), {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
}

/** Runs a loader or action and returns the Response it threw, or fails when it did not throw. */
export async function expectThrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if (
      thrown &&
      typeof thrown === "object" &&
      "type" in thrown &&
      (thrown as { type: string }).type === "DataWithResponseInit"
    ) {
      const value = thrown as unknown as { data: unknown; init: ResponseInit | null };
      return new Response(JSON.stringify(value.data), value.init ?? undefined);
    }
    throw thrown;
  }
  throw new Error("expected the call to throw a Response");
}
