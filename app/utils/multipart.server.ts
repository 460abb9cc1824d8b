/*
 * Remix's multipart parser splits a part's Content-Disposition header at every `;`, quoted or
 * not, so a browser upload of "export;2024.csv" fails to parse. Before the parser sees the body,
 * semicolons inside the quoted file name are swapped for a private-use character, and
 * `originalFilename` swaps them back.
 */

const PLACEHOLDER = "\ue000";
/** Part headers are looked for in this much of the body; the file part's come first from a browser. */
const HEADER_WINDOW = 64 * 1024;

/** The name the browser sent, from a file name that went through `withQuotedSemicolons`. */
export function originalFilename(filename: string): string {
  return filename.replaceAll(PLACEHOLDER, ";");
}

function boundaryOf(request: Request): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(request.headers.get("content-type") ?? "");
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** Rewrites the part headers found in `head` (a latin1 view of the body's first bytes). */
function rewriteHeaders(head: string, boundary: string): string {
  const delimiter = `--${boundary}\r\n`;
  let out = "";
  let at = 0;
  for (let start = head.indexOf(delimiter); start >= 0; start = head.indexOf(delimiter, at)) {
    const headersStart = start + delimiter.length;
    const headersEnd = head.indexOf("\r\n\r\n", headersStart);
    if (headersEnd < 0) break;
    const headers = head
      .slice(headersStart, headersEnd)
      .replace(
        /(filename\*?=")((?:[^"\\]|\\.)*)"/gi,
        (_all, key: string, name: string) => `${key}${name.replaceAll(";", PLACEHOLDER_LATIN1)}"`,
      );
    out += head.slice(at, headersStart) + headers;
    at = headersEnd;
  }
  return out + head.slice(at);
}

// The placeholder's UTF-8 bytes, as latin1 characters (the head is handled byte for byte).
const PLACEHOLDER_LATIN1 = Buffer.from(PLACEHOLDER, "utf8").toString("latin1");

/** The same request, with semicolons in quoted multipart file names replaced by a placeholder. */
export function withQuotedSemicolons(request: Request): Request {
  const boundary = boundaryOf(request);
  if (!boundary || !request.body) return request;
  const reader = request.body.getReader();
  let head: Buffer | null = Buffer.alloc(0);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Each pull must enqueue or close, so the head is read in a loop until it is complete.
      for (;;) {
        const { done, value } = await reader.read();
        if (head === null) {
          if (done) controller.close();
          else controller.enqueue(value);
          return;
        }
        if (!done) head = Buffer.concat([head, value]);
        if (done || head.length >= HEADER_WINDOW) {
          // Only whole header blocks are rewritten; the rest of the window passes through as it came.
          controller.enqueue(Buffer.from(rewriteHeaders(head.toString("latin1"), boundary), "latin1"));
          head = null;
          if (done) controller.close();
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: "half",
  } as RequestInit);
}
