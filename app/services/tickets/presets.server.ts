import { requiredTicketFields, type ColumnMapping, type ImportPreset, type TicketField } from "./fields";

/**
 * The column headers of each helpdesk's CSV export, first match wins. Zendesk: the
 * "Export as CSV" of a view or the full ticket export; it has no first-reply timestamp,
 * only "First reply time in minutes". Freshdesk: Tickets → Export with the default fields.
 */
const presetColumns: Record<Exclude<ImportPreset, "manual">, Partial<Record<TicketField, string[]>>> = {
  zendesk: {
    externalId: ["Id", "Ticket ID"],
    subject: ["Subject"],
    body: ["Description"],
    status: ["Status"],
    channel: ["Via"],
    product: ["Product"],
    language: ["Requester language", "Language"],
    openedAt: ["Created at"],
    firstReplyMinutes: ["First reply time in minutes"],
    resolvedAt: ["Solved at"],
    csat: ["Satisfaction Score"],
    interactions: ["Replies"],
  },
  freshdesk: {
    externalId: ["Ticket ID", "Ticket Id"],
    subject: ["Subject"],
    body: ["Description"],
    status: ["Status"],
    channel: ["Source"],
    product: ["Product"],
    language: ["Language", "Contact language"],
    openedAt: ["Created time"],
    firstResponseAt: ["Initial response time"],
    resolvedAt: ["Resolved time", "Closed time"],
    csat: ["Customer Satisfaction", "Satisfaction rating"],
    interactions: ["Agent interactions"],
  },
};

/** The ticket source stored for each preset; a hand-made mapping imports as "csv". */
export const presetSource: Record<ImportPreset, string> = { zendesk: "zendesk", freshdesk: "freshdesk", manual: "csv" };

function normaliseHeader(header: string): string {
  return header.trim().toLowerCase();
}

/** The preset's columns found in `headers` (spelled as in the file). */
export function presetMapping(preset: ImportPreset, headers: readonly string[]): ColumnMapping {
  if (preset === "manual") return {};
  const byName = new Map(headers.map((header) => [normaliseHeader(header), header]));
  const mapping: ColumnMapping = {};
  for (const [field, candidates] of Object.entries(presetColumns[preset]) as Array<[TicketField, string[]]>) {
    const found = candidates.map((candidate) => byName.get(normaliseHeader(candidate))).find(Boolean);
    if (found) mapping[field] = found;
  }
  return mapping;
}

/** Required fields with no column in the file: each with the column name the admin should look for. */
export function missingRequiredColumns(
  preset: ImportPreset,
  mapping: ColumnMapping,
  headers: readonly string[],
): Array<{ field: TicketField; column: string | null }> {
  const present = new Set(headers);
  return requiredTicketFields
    .filter((field) => !mapping[field] || !present.has(mapping[field]))
    .map((field) => ({
      field,
      column: mapping[field] ?? (preset === "manual" ? null : (presetColumns[preset][field]?.[0] ?? null)),
    }));
}
