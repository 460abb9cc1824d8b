/**
 * One CSV field: quoted when needed, and defused when it is text that starts like a
 * spreadsheet formula (=, +, -, @, tab, CR), so an exported title cannot run in Excel.
 * Numbers are written as numbers: -59.7 is a figure, not a formula.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint")
    return Number.isFinite(Number(value)) ? String(value) : "";
  let text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(", ") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Italian Excel splits on ";" (the comma is its decimal mark); elsewhere ",". */
export type CsvDelimiter = "," | ";";

export function csvRow(values: unknown[], delimiter: CsvDelimiter = ","): string {
  return values.map(csvField).join(delimiter) + "\r\n";
}
