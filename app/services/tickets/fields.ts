// The ticket fields an import maps to columns, and the helpdesk presets it knows. Plain
// lists: the import pages render them in the browser, so nothing heavier belongs here.

export const ticketFields = [
  "externalId",
  "subject",
  "body",
  "status",
  "channel",
  "product",
  "language",
  "openedAt",
  "firstResponseAt",
  "firstReplyMinutes",
  "resolvedAt",
  "csat",
  "interactions",
] as const;
export type TicketField = (typeof ticketFields)[number];

/** Columns an import cannot do without: it stops before writing anything when one is missing. */
export const requiredTicketFields = ["externalId", "subject", "openedAt"] as const satisfies readonly TicketField[];

export const importPresets = ["zendesk", "freshdesk", "manual"] as const;
export type ImportPreset = (typeof importPresets)[number];

export type ColumnMapping = Partial<Record<TicketField, string>>;
