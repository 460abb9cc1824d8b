import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { logRequests } from "#app/server/request-log";
import { createLogger, redactUrl } from "#app/utils/logger.server";

const token = "wQ3xY9kLm2Pz7Rt4Vb8Nc6Hd1Jf5Gs0";

function logOf(url: string): string {
  const lines: string[] = [];
  const middleware = logRequests(createLogger({ json: true, level: "info", write: (line) => lines.push(line) }));
  const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as ServerResponse;
  middleware({ method: "GET", url, originalUrl: url } as IncomingMessage & { originalUrl: string }, res, () => {});
  res.emit("finish");
  return lines.join("\n");
}

describe("the request log", () => {
  it("never writes a wall display, invitation or unsubscribe token", () => {
    for (const url of [
      `/wall/${token}`,
      `/wall/${token}?_data=routes%2Fwall.%24token`,
      `/api/v1/events?display=${token}&lastEventId=12`,
      `/invite/${token}`,
      `/unsubscribe/${token}?lng=it`,
    ]) {
      const line = logOf(url);
      expect(line).not.toContain(token);
      expect(line).toContain("[redacted]");
    }
    expect(JSON.parse(logOf(`/api/v1/events?display=${token}&lastEventId=12`))).toMatchObject({
      path: "/api/v1/events?display=[redacted]&lastEventId=12",
    });
    expect(JSON.parse(logOf(`/wall/${token}`))).toMatchObject({ path: "/wall/[redacted]" });
  });

  it("keeps ordinary paths as they are", () => {
    expect(JSON.parse(logOf("/board?sort=top&q=bollette"))).toMatchObject({
      path: "/board?sort=top&q=bollette",
      status: 200,
    });
    expect(logOf("/assets/app.js")).toBe("");
  });

  it("redacts absolute URLs too (the API's error log)", () => {
    expect(redactUrl(`http://localhost:3000/api/v1/events?display=${token}`)).toBe(
      "http://localhost:3000/api/v1/events?display=[redacted]",
    );
    expect(redactUrl(`http://localhost:3000/wall/${token}/`)).toBe("http://localhost:3000/wall/[redacted]/");
  });
});
