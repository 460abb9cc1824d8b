import { loader as eventsLoader } from "#app/routes/api.v1.events";

/** Reads Server-Sent Events from a Response body, one event at a time (comments skipped). */
export function readSse(response: Response, timeoutMs = 5_000) {
  if (!response.body) throw new Error("response has no body");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<{ id?: string; event?: string; data: string; raw: string }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of raw.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
          }
          if (fields.data === undefined) continue;
          return { id: fields.id, event: fields.event, data: fields.data, raw };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no event before the timeout");
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event before the timeout")), left)),
        ]);
        if (chunk.done) throw new Error("stream ended");
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** A GET request with a signal, as a browser's EventSource would send it. */
export function streamRequest(
  path: string,
  options: { cookie?: string; lastEventId?: number; signal: AbortSignal },
): Request {
  const headers = new Headers({ "x-floorboard-remote-addr": "127.0.0.1", accept: "text/event-stream" });
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.lastEventId !== undefined) headers.set("last-event-id", String(options.lastEventId));
  return new Request(new URL(path, "http://localhost:3000"), { headers, signal: options.signal });
}

/** The live event stream (`GET /api/v1/events`) as its loader answers a browser's EventSource. */
export async function requestEventStream(options: {
  cookie?: string;
  lastEventId?: number;
  signal: AbortSignal;
}): Promise<Response> {
  return (await eventsLoader({
    request: streamRequest("/api/v1/events", options),
    params: {},
    context: {},
  })) as Response;
}
