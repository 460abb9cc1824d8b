// A short-lived cache of rendered pages, per viewer. Rendering the board (50 cards, in React)
// costs tens of milliseconds of CPU; the same person reloading it, or a wall of phones polling
// it, gets the page rendered once per second at most. Every entry belongs to one exact set of
// cookies and credentials, so nobody is ever served another person's page. Any change made
// through this process (every non-GET request) empties the cache at once; changes made
// elsewhere (another instance, a background job) show within the time to live.
import type { NextFunction, Request, Response } from "express";

export interface RenderCacheOptions {
  /** Paths whose GET responses may be cached, e.g. "/board". Exact match on the path. */
  paths: string[];
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

interface Entry {
  generation: number;
  expiresAt: number;
  status: number;
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  /** The CSP nonce baked into the page's script tags. */
  nonce: string;
}

/** Headers that describe one response, not the page: never replayed from the cache. */
const perResponseHeaders = new Set([
  "set-cookie",
  "content-security-policy",
  "date",
  "content-length",
  // Compression happens after the cache, once per response.
  "content-encoding",
  "connection",
  "keep-alive",
  "transfer-encoding",
]);

export class RenderCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private generation = 0;
  private readonly paths: Set<string>;
  private readonly now: () => number;

  constructor(private readonly options: RenderCacheOptions) {
    this.paths = new Set(options.paths);
    this.now = options.now ?? Date.now;
  }

  /** Forgets every page: something changed. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The key for a cacheable request, or null when the request must reach the app. */
  keyFor(request: {
    method: string;
    path: string;
    originalUrl: string;
    headers: Record<string, string | string[] | undefined>;
  }): string | null {
    if (request.method !== "GET" || !this.paths.has(request.path)) return null;
    const { cookie, authorization } = request.headers;
    // Signed-in viewers only: the key carries their credentials, so each sees their own page.
    if (!cookie && !authorization) return null;
    const language = request.headers["accept-language"] ?? "";
    return JSON.stringify([request.originalUrl, cookie ?? "", authorization ?? "", language]);
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.generation || entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores a response if it is safe to replay: a 200 that sets no cookie. */
  set(key: string, generation: number, response: Omit<Entry, "generation" | "expiresAt">): boolean {
    if (generation !== this.generation || response.status !== 200) return false;
    if (response.headers.some(([name]) => name === "set-cookie")) return false;
    const size = response.body.byteLength;
    if (size > this.options.maxBytes / 4) return false;
    this.delete(key);
    while (this.entries.size >= this.options.maxEntries || this.bytes + size > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.entries.set(key, { ...response, generation, expiresAt: this.now() + this.options.ttlMs });
    this.bytes += size;
    return true;
  }

  currentGeneration(): number {
    return this.generation;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.body.byteLength;
    this.entries.delete(key);
  }
}

/**
 * Express middleware: answers from the cache when it can; otherwise lets the app render,
 * keeps a copy, and makes concurrent requests for the same page wait for that one render.
 */
export function renderCacheMiddleware(cache: RenderCache) {
  const inFlight = new Map<string, Promise<void>>();

  const replay = (res: Response, entry: Entry) => {
    res.status(entry.status);
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    // The page carries the nonce it was rendered with; the policy must name that one.
    const policy = res.getHeader("content-security-policy");
    const nonce = res.locals.cspNonce as string | undefined;
    if (typeof policy === "string" && nonce)
      res.setHeader("content-security-policy", policy.replace(nonce, entry.nonce));
    res.setHeader("x-render-cache", "hit");
    res.end(entry.body);
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    // Anything but a read may change what pages show.
    if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS") {
      res.on("finish", () => cache.invalidate());
      return next();
    }
    const key = cache.keyFor(req);
    if (key === null) return next();

    const cached = cache.get(key);
    if (cached) return replay(res, cached);
    const pending = inFlight.get(key);
    if (pending) {
      await pending;
      const rendered = cache.get(key);
      if (rendered) return replay(res, rendered);
      return next();
    }

    let done!: () => void;
    const rendering = new Promise<void>((resolve) => (done = resolve));
    inFlight.set(key, rendering);
    const finish = () => {
      if (inFlight.get(key) === rendering) inFlight.delete(key);
      done();
    };
    const generation = cache.currentGeneration();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"),
      );
    };
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      collect(chunk, encoding);
      return write(chunk, encoding, callback);
    }) as Response["write"];
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      collect(chunk, encoding);
      const headers = Object.entries(res.getHeaders())
        .filter(([name]) => !perResponseHeaders.has(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as [string, string | string[]]);
      if (res.getHeader("set-cookie") !== undefined) headers.push(["set-cookie", ""]);
      cache.set(key, generation, {
        status: res.statusCode,
        headers,
        body: Buffer.concat(chunks),
        nonce: String(res.locals.cspNonce ?? ""),
      });
      finish();
      return end(chunk, encoding, callback);
    }) as Response["end"];
    res.on("close", finish);
    next();
  };
}
