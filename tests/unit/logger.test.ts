import { describe, expect, it } from "vitest";
import { createLogger } from "#app/utils/logger.server";

function capture(options: { json: boolean; level: "debug" | "info" | "warn" | "error" }) {
  const lines: string[] = [];
  const log = createLogger({ ...options, write: (line) => lines.push(line) });
  return { log, lines };
}

describe("createLogger", () => {
  it("writes one JSON object per line in JSON mode", () => {
    const { log, lines } = capture({ json: true, level: "info" });
    log.info("request", { method: "GET", path: "/board", status: 200, ms: 12 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "info", msg: "request", method: "GET", path: "/board", status: 200, ms: 12 });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
    expect(lines[0]).not.toContain("\n");
  });

  it("writes short readable lines in text mode", () => {
    const { log, lines } = capture({ json: false, level: "info" });
    log.warn("cross-origin request refused", { method: "POST", origin: "https://evil.example", count: 2 });
    log.info("ready");
    expect(lines).toEqual([
      "warn  cross-origin request refused method=POST origin=https://evil.example count=2",
      "info  ready",
    ]);
  });

  it("serialises objects as JSON in text mode", () => {
    const { log, lines } = capture({ json: false, level: "debug" });
    log.debug("details", { user: { id: "u1" }, tags: ["a", "b"] });
    expect(lines[0]).toBe('debug details user={"id":"u1"} tags=["a","b"]');
  });

  it("drops messages below the configured level", () => {
    const { log, lines } = capture({ json: true, level: "warn" });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["w", "e"]);
  });

  it("logs everything at debug level", () => {
    const { log, lines } = capture({ json: false, level: "debug" });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines).toHaveLength(4);
  });

  it("turns an Error into its name, message and stack", () => {
    const { log, lines } = capture({ json: true, level: "info" });
    log.error("health check failed", { error: new TypeError("connection refused") });
    const entry = JSON.parse(lines[0]!) as { error: { name: string; message: string; stack: string } };
    expect(entry.error.name).toBe("TypeError");
    expect(entry.error.message).toBe("connection refused");
    expect(entry.error.stack).toContain("connection refused");
  });

  it("writes only time, level and msg when there are no fields", () => {
    const { log, lines } = capture({ json: true, level: "info" });
    log.info("hello");
    expect(Object.keys(JSON.parse(lines[0]!) as object).sort()).toEqual(["level", "msg", "time"]);
  });
});
