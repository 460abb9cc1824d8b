import type { ImportFailure } from "#app/schemas/import-failure";

/** The text (an i18n key and its values) for why an import failed or cannot start. */
export function problemKey(failure: ImportFailure | null): { key: string; values: Record<string, string> } | null {
  if (!failure) return null;
  switch (failure.code) {
    case "missing_columns":
      return { key: "tickets:progress.failedMissing", values: { columns: failure.columns.join("”, “") } };
    case "unclosed_quote":
      return { key: "tickets:problems.unclosedQuote", values: { line: String(failure.line) } };
    case "unsupported_encoding":
      return { key: "tickets:problems.unsupportedEncoding", values: { encoding: failure.encoding.toUpperCase() } };
    case "empty_file":
      return { key: "tickets:progress.failedEmpty", values: {} };
    case "import_failed":
      return { key: "tickets:problems.importFailed", values: {} };
  }
}
