type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void>;

/** JSON lines in production (for log collectors), short readable lines otherwise. */
export function createLogger(options: { json: boolean; level: Level; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + "\n"));
  const log =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (order[level] < order[options.level]) return;
      if (options.json) {
        write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...serialize(fields) }));
      } else {
        const extra = Object.entries(serialize(fields))
          .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
          .join(" ");
        write(`${level.padEnd(5)} ${message}${extra ? ` ${extra}` : ""}`);
      }
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

// Paths and query parameters that carry a secret: whoever reads the log must not be able to
// open a wall display, accept an invitation or unsubscribe someone with it.
const SECRET_PATH = /^(\/(?:wall|invite|unsubscribe)\/)[^/?#]+/i;
const SECRET_PARAMS = ["display", "token"];
const REDACTED = "[redacted]";

/** A URL or path as the log may show it: tokens in the path or the query replaced. */
export function redactUrl(url: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  let parsed: URL;
  try {
    parsed = new URL(url, "http://log.invalid");
  } catch {
    return REDACTED;
  }
  parsed.pathname = parsed.pathname.replace(SECRET_PATH, `$1${REDACTED}`);
  for (const name of SECRET_PARAMS) {
    if (parsed.searchParams.has(name)) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams percent-encodes the brackets; the log reads better with them plain.
  const text = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return absolute ? text : text.slice(parsed.origin.length);
}

const globalKey = Symbol.for("floorboard.logger");
type GlobalWithLogger = typeof globalThis & { [globalKey]?: Logger };

export function getLogger(): Logger {
  const g = globalThis as GlobalWithLogger;
  g[globalKey] ??= createLogger({
    json: process.env.NODE_ENV === "production",
    level: (process.env.LOG_LEVEL as Level | undefined) ?? "info",
  });
  return g[globalKey];
}
