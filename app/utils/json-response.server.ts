// A JSON Response that keeps the text it was made from, so the server that writes the answer
// (app/server/api-dispatch.ts) can send that text with its length at once instead of reading
// the Response's body stream chunk by chunk. Anyone else reads the Response as usual.

// On globalThis: the server build and the HTTP server each bundle their own copy of this module.
const textsKey = Symbol.for("floorboard.jsonResponseTexts");
const texts: WeakMap<Response, string> = ((globalThis as { [textsKey]?: WeakMap<Response, string> })[textsKey] ??=
  new WeakMap());

/** As `Response.json(data, init)`, with the serialized text kept for `jsonResponseText`. */
export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(data) as string | undefined;
  if (text === undefined) throw new TypeError("Value is not JSON serializable");
  const headers = new Headers(init.headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const response = new Response(text, { ...init, headers });
  texts.set(response, text);
  return response;
}

/** The body of a Response made by `jsonResponse`, which a body cannot change after it is made. */
export function jsonResponseText(response: Response): string | undefined {
  return texts.get(response);
}
