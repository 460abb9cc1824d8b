import { Readable, type Transform, pipeline } from "node:stream";
import { parse } from "csv-parse";
import { and, asc, eq, gte } from "drizzle-orm";
import iconv from "iconv-lite";
import type { Queryable } from "#db/client.server";
import { ticketImportChunks, ticketImports, type TicketImport } from "#db/schema/index";
import { readImportFailure, type ImportFailure } from "#app/schemas/import-failure";

/*
 * Uploaded CSV files are kept in the database in chunks of about 1 MiB, so the import job
 * can stream them back from any worker process or host, and nothing ever holds a whole file
 * in memory. Encoding and separator are detected while the upload streams in.
 */

const CHUNK_BYTES = 1024 * 1024;
/** Largest accepted upload. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor() {
    super(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`);
  }
}

/** The separator of a CSV file, from its header line: the most frequent of `;`, `,`, tab and `|` outside quotes. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
    ["|", 0],
  ]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ",";
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** Tracks whether a byte stream is valid UTF-8 without keeping it. */
class Utf8Check {
  private decoder = new TextDecoder("utf-8", { fatal: true });
  valid = true;
  push(bytes: Uint8Array, last = false) {
    if (!this.valid) return;
    try {
      this.decoder.decode(bytes, { stream: !last });
    } catch {
      this.valid = false;
    }
  }
}

export type StoredUpload = Pick<TicketImport, "id" | "sizeBytes" | "encoding" | "delimiter" | "rowsTotal" | "error">;

/**
 * Streams an uploaded file into an import row's chunks. The import row must exist; its size,
 * encoding and separator are filled in at the end. Throws UploadTooLargeError past the limit.
 */
export async function storeUploadChunks(
  db: Queryable,
  importId: string,
  data: AsyncIterable<Uint8Array>,
  limit = MAX_UPLOAD_BYTES,
): Promise<StoredUpload> {
  const utf8 = new Utf8Check();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let seq = 0;
  let head: Buffer | null = null;

  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    head ??= chunk.subarray(0, 64 * 1024);
    await db.insert(ticketImportChunks).values({ importId, seq, data: chunk });
    seq += 1;
  };

  for await (const part of data) {
    size += part.byteLength;
    if (size > limit) throw new UploadTooLargeError();
    utf8.push(part);
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    pendingBytes += part.byteLength;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  utf8.push(new Uint8Array(0), true);

  const encoding = utf8.valid ? "utf-8" : "windows-1252";
  const firstLine = head ? iconv.decode(head as Buffer, encoding).split(/\r?\n/, 1)[0]! : "";
  const delimiter = detectDelimiter(firstLine);
  const wide = head ? detectWideEncoding(head) : null;
  // A file that cannot be read is refused here, at the preview, before a single row is written.
  const inspected = wide
    ? { rowsTotal: null, problem: { code: "unsupported_encoding" as const, encoding: wide } }
    : await inspectUpload(db, { id: importId, encoding, delimiter });
  const [row] = await db
    .update(ticketImports)
    .set({ sizeBytes: size, encoding, delimiter, rowsTotal: inspected.rowsTotal, error: inspected.problem })
    .where(eq(ticketImports.id, importId))
    .returning({
      id: ticketImports.id,
      sizeBytes: ticketImports.sizeBytes,
      encoding: ticketImports.encoding,
      delimiter: ticketImports.delimiter,
      rowsTotal: ticketImports.rowsTotal,
      error: ticketImports.error,
    });
  if (!row) throw new Error("import row not found");
  return { ...row, error: readImportFailure(row.error) };
}

async function* readChunks(db: Queryable, importId: string, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  // One chunk per query: the file is never in memory as a whole.
  for (let seq = 0; ; seq += 1) {
    const [chunk] = await db
      .select({ data: ticketImportChunks.data })
      .from(ticketImportChunks)
      .where(and(eq(ticketImportChunks.importId, importId), gte(ticketImportChunks.seq, seq)))
      .orderBy(asc(ticketImportChunks.seq))
      .limit(1);
    if (!chunk) return;
    onBytes(chunk.data.byteLength);
    yield chunk.data;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count += 1;
  return count;
}

export type CsvRecord = {
  /** The line of the file where the record starts (1 is the header). */
  line: number;
  /** How many lines of the file the record takes (more than one with quoted line breaks). */
  lines: number;
  values: string[];
  /**
   * Set on the last item when a quote opened at `line` is never closed: everything after it
   * would be one field, so nothing from `line` on can be read (`values` is empty).
   */
  unclosedQuote?: true;
};

function isUnclosedQuote(error: unknown): boolean {
  return Boolean(error && typeof error === "object" && (error as { code?: unknown }).code === "CSV_QUOTE_NOT_CLOSED");
}

/**
 * The records of a stored upload, header first, decoded and parsed as they stream from the
 * database. Stop early by breaking out of the loop. `onBytes` reports raw bytes read.
 */
export async function* readImportRecords(
  db: Queryable,
  upload: Pick<TicketImport, "id" | "encoding" | "delimiter">,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<CsvRecord> {
  const source = Readable.from(readChunks(db, upload.id, onBytes));
  const decoder: Transform = iconv.decodeStream(
    upload.encoding === "windows-1252" ? "win1252" : "utf8",
  ) as unknown as Transform;
  let unclosedQuote = false;
  const parser = parse({
    delimiter: upload.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // With relaxed quotes the only parse error is a quote still open at the end of the file.
    // Skipped rather than thrown: a stream that errors drops the records it had not yet handed out.
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!isUnclosedQuote(error)) throw error;
      unclosedQuote = true;
    },
  });
  pipeline(source, decoder, parser, () => {
    // Errors surface through the parser's iterator below.
  });
  // Each record takes one line plus the line breaks inside its quoted fields.
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      const lines = 1 + record.reduce((sum, value) => sum + countNewlines(value), 0);
      nextLine += lines;
      if (record.length === 1 && record[0]!.trim() === "") continue;
      yield { line, lines, values: record };
    }
    // The quote opened where the next record starts.
    if (unclosedQuote) yield { line: nextLine, lines: 1, values: [], unclosedQuote: true };
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** Why a stored upload cannot be imported at all (an encoding it cannot read, a quote never closed). */
export type UploadProblem = Extract<ImportFailure, { code: "unsupported_encoding" | "unclosed_quote" }>;

/**
 * Reads a stored upload once, before anything is written: counts its data rows (for progress)
 * and finds a quote that is never closed, which would swallow the rest of the file.
 */
async function inspectUpload(
  db: Queryable,
  upload: Pick<TicketImport, "id" | "encoding" | "delimiter">,
): Promise<{ rowsTotal: number; problem: UploadProblem | null }> {
  let rowsTotal = -1;
  for await (const record of readImportRecords(db, upload)) {
    if (record.unclosedQuote)
      return { rowsTotal: Math.max(0, rowsTotal), problem: { code: "unclosed_quote", line: record.line } };
    rowsTotal += 1;
  }
  return { rowsTotal: Math.max(0, rowsTotal), problem: null };
}

/**
 * UTF-16 or UTF-32 text, from a byte order mark or from the zero bytes that ASCII characters
 * carry in those encodings. Null for UTF-8 and single-byte files (a stray NUL is a bad row).
 */
function detectWideEncoding(head: Uint8Array): string | null {
  if (head[0] === 0x00 && head[1] === 0x00 && head[2] === 0xfe && head[3] === 0xff) return "utf-32be";
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0x00 && head[3] === 0x00) return "utf-32le";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const sample = head.subarray(0, 4096);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros += 1;
  if (sample.length < 4 || zeros / sample.length < 0.25) return null;
  return sample[0] === 0 ? "utf-16be" : "utf-16le";
}
