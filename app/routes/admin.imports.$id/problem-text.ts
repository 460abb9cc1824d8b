/** The text for a stored import problem code ("unclosed_quote:1502"), or null for an unknown code. */
export function problemKey(code: string | null): { key: string; values: Record<string, string> } | null {
  if (!code) return null;
  const [kind, detail = ""] = code.split(/:(.*)/s, 2) as [string, string?];
  if (kind === "missing_columns")
    return { key: "tickets:progress.failedMissing", values: { columns: detail.split("|").join("”, “") } };
  if (kind === "unclosed_quote") return { key: "tickets:problems.unclosedQuote", values: { line: detail } };
  if (kind === "unsupported_encoding")
    return { key: "tickets:problems.unsupportedEncoding", values: { encoding: detail.toUpperCase() } };
  if (kind === "empty_file") return { key: "tickets:progress.failedEmpty", values: {} };
  if (kind === "import_failed") return { key: "tickets:problems.importFailed", values: {} };
  return null;
}
