import { z } from "zod";
import type { ImportFailure, ImportRowProblem } from "#db/schema/imports";

export type { ImportFailure, ImportRowProblem };

/** The stored reason an import failed or cannot start, checked when read back from the database. */
export const ImportFailureSchema = z.discriminatedUnion("code", [
  z.object({ code: z.literal("missing_columns"), columns: z.array(z.string()) }),
  z.object({ code: z.literal("unclosed_quote"), line: z.number().int().positive() }),
  z.object({ code: z.literal("unsupported_encoding"), encoding: z.string().min(1) }),
  z.object({ code: z.literal("empty_file") }),
  z.object({ code: z.literal("import_failed") }),
]) satisfies z.ZodType<ImportFailure>;

/**
 * A stored failure as a typed value: null when there is none, and a plain "the import failed"
 * for anything this version cannot read, so an odd row never breaks the import pages.
 */
export function readImportFailure(stored: unknown): ImportFailure | null {
  if (stored === null || stored === undefined) return null;
  const parsed = ImportFailureSchema.safeParse(stored);
  return parsed.success ? parsed.data : { code: "import_failed" };
}

/** The stored reasons a row was not imported, checked when read back from the database. */
export const ImportRowProblemsSchema = z.array(
  z.object({ field: z.string(), message: z.string().min(1) }),
) satisfies z.ZodType<ImportRowProblem[]>;

/** Stored row problems as typed values; anything this version cannot read is one generic problem. */
export function readImportRowProblems(stored: unknown): ImportRowProblem[] {
  const parsed = ImportRowProblemsSchema.safeParse(stored);
  return parsed.success ? parsed.data : [{ field: "", message: "tickets:rowErrors.unreadable" }];
}
