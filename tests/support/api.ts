import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Handler<Args> = (args: Args) => Promise<Response>;
export type ApiRouteModule = { loader?: Handler<LoaderFunctionArgs>; action?: Handler<ActionFunctionArgs> };

export type ApiCall = {
  method?: string;
  /** A plain API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  cookie?: string;
  /** Serialised with JSON.stringify; use `body` for raw text. */
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export type ApiResult = { status: number; headers: Headers; body: unknown };

/** Calls an API route the way Remix would: the loader for GET, the action otherwise. */
export async function callApi(route: ApiRouteModule, path: string, call: ApiCall = {}): Promise<ApiResult> {
  const method = call.method ?? (call.json !== undefined || call.body !== undefined ? "POST" : "GET");
  const headers = new Headers(call.headers);
  if (call.apiKey) headers.set("authorization", `Bearer ${call.apiKey}`);
  if (call.cookie) headers.set("cookie", call.cookie);
  headers.set("x-floorboard-remote-addr", "127.0.0.1");
  const body = call.json !== undefined ? JSON.stringify(call.json) : call.body;
  if (call.json !== undefined) headers.set("content-type", "application/json");
  const request = new Request(new URL(path, "http://localhost:3000"), { method, headers, body });
  const args = { request, params: call.params ?? {}, context: {} };
  const handler = method === "GET" || method === "HEAD" ? route.loader : route.action;
  if (!handler) throw new Error(`the route has no ${method === "GET" ? "loader" : "action"}`);
  const response = await handler(args);
  if (!(response instanceof Response)) throw new Error("API routes must answer with a Response");
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

/** The `error` object of an API error response. */
export function apiErrorOf(result: ApiResult): { code: string; message: string; fields?: Record<string, string[]> } {
  const body = result.body as { error?: { code: string; message: string; fields?: Record<string, string[]> } } | null;
  if (!body?.error) throw new Error(`expected an API error, got ${result.status} ${JSON.stringify(result.body)}`);
  return body.error;
}
