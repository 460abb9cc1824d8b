import type { Database } from "#db/client.server";
import { TicketInputSchema, TicketSourceSchema } from "#app/schemas/tickets";
import { toTicketRecord, type TicketRecord } from "./normalise";
import type { z } from "zod";
import { requestClusterAssignment, upsertTickets } from "./upsert.server";

export type IngestRowError = { index: number; externalId?: string; issues: readonly z.core.$ZodIssue[] };

export type IngestResult = { accepted: number; inserted: number; updated: number; errors: IngestRowError[] };

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== null) out[key] = value[key];
  return out;
}

/**
 * Validates a batch of tickets from the API one by one and stores the valid ones in one
 * transaction (one INSERT per source), together with the request that files them into
 * clusters. Invalid rows are reported by index and never stop the others.
 */
export async function ingestTickets(
  db: Database,
  input: { tickets: readonly unknown[]; defaultSource?: string; actorId?: string | null },
): Promise<IngestResult> {
  const bySource = new Map<string, TicketRecord[]>();
  const errors: IngestRowError[] = [];
  input.tickets.forEach((raw, index) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      errors.push({
        index,
        issues: [{ code: "custom", path: [], message: "tickets:rowErrors.notObject", input: raw }],
      });
      return;
    }
    const value = withoutNulls(raw as Record<string, unknown>);
    const externalId =
      typeof value.externalId === "string" || typeof value.externalId === "number"
        ? String(value.externalId)
        : undefined;
    const source = TicketSourceSchema.safeParse(value.source ?? input.defaultSource ?? "api");
    const ticket = TicketInputSchema.safeParse(value);
    if (!source.success || !ticket.success) {
      const issues = [
        ...(source.success ? [] : source.error.issues.map((issue) => ({ ...issue, path: ["source", ...issue.path] }))),
        ...(ticket.success ? [] : ticket.error.issues),
      ];
      errors.push({ index, ...(externalId ? { externalId } : {}), issues });
      return;
    }
    const list = bySource.get(source.data) ?? [];
    list.push(toTicketRecord(ticket.data));
    bySource.set(source.data, list);
  });

  const result: IngestResult = { accepted: 0, inserted: 0, updated: 0, errors };
  if (bySource.size === 0) return result;
  await db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const [source, records] of bySource) {
      const written = await upsertTickets(tx, source, records);
      result.inserted += written.inserted;
      result.updated += written.updated;
      ids.push(...written.ids);
    }
    await requestClusterAssignment(tx, ids, input.actorId ?? null);
  });
  result.accepted = input.tickets.length - errors.length;
  return result;
}
