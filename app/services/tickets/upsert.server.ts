import { sql } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { tickets } from "#db/schema/index";
import type { TicketRecord } from "./normalise";
import { enqueueJob } from "#app/services/jobs/queue.server";
import { scrubPii } from "./pii";

/** The job that files new tickets into clusters; its handler belongs to the clustering services. */
const CLUSTER_ASSIGN_JOB = "clusters.assign";

/** Rows per INSERT statement. */
const UPSERT_BATCH_SIZE = 1000;

export type UpsertResult = { inserted: number; updated: number; ids: string[] };

/**
 * Inserts or updates tickets by (source, external id), one statement per batch, scrubbing
 * personal data first. Cluster fields are left as they are on update. Within one call the
 * last occurrence of an external id wins (PostgreSQL refuses to update a row twice in one
 * statement).
 */
export async function upsertTickets(
  db: Queryable,
  source: string,
  records: readonly TicketRecord[],
): Promise<UpsertResult> {
  const unique = new Map<string, TicketRecord>();
  for (const record of records) unique.set(record.externalId, record);
  const rows = [...unique.values()];
  const summary: UpsertResult = { inserted: 0, updated: 0, ids: [] };
  for (let start = 0; start < rows.length; start += UPSERT_BATCH_SIZE) {
    const values = rows.slice(start, start + UPSERT_BATCH_SIZE).map((record) => ({
      source,
      external_id: record.externalId,
      subject: scrubPii(record.subject),
      body: scrubPii(record.body),
      status: record.status,
      channel: record.channel,
      product: record.product,
      language: record.language,
      opened_at: record.openedAt.toISOString(),
      first_response_at: record.firstResponseAt?.toISOString() ?? null,
      resolved_at: record.resolvedAt?.toISOString() ?? null,
      csat_score: record.csatScore,
      csat_good: record.csatGood,
      interactions: record.interactions,
    }));
    // One JSON parameter expanded by PostgreSQL: several times faster than 14 bound
    // parameters per row, on both drivers. Cluster fields are not touched on update.
    const result = await db.execute<{ id: string; inserted: boolean }>(sql`
      insert into ${tickets} (source, external_id, subject, body, status, channel, product, language,
        opened_at, first_response_at, resolved_at, csat_score, csat_good, interactions)
      select source, external_id, subject, body, status::ticket_status, channel::channel, product, language,
        opened_at, first_response_at, resolved_at, csat_score, csat_good, interactions
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as row(source text, external_id text, subject text,
        body text, status text, channel text, product text, language text, opened_at timestamptz,
        first_response_at timestamptz, resolved_at timestamptz, csat_score smallint, csat_good boolean, interactions integer)
      on conflict (source, external_id) do update set
        subject = excluded.subject, body = excluded.body, status = excluded.status, channel = excluded.channel,
        product = excluded.product, language = excluded.language, opened_at = excluded.opened_at,
        first_response_at = excluded.first_response_at, resolved_at = excluded.resolved_at,
        csat_score = excluded.csat_score, csat_good = excluded.csat_good, interactions = excluded.interactions,
        updated_at = now()
      returning id, (xmax = 0) as inserted`);
    // postgres.js answers with the rows, PGlite with { rows }.
    const written = Array.isArray(result)
      ? result
      : (result as unknown as { rows: Array<{ id: string; inserted: boolean }> }).rows;
    for (const row of written) {
      summary.ids.push(row.id);
      if (row.inserted) summary.inserted += 1;
      else summary.updated += 1;
    }
  }
  return summary;
}

/** Asks the clustering services to file these tickets (all unassigned ones when no ids are given). */
export async function requestClusterAssignment(db: Queryable, ticketIds?: string[], createdById?: string | null) {
  return enqueueJob(db, {
    type: CLUSTER_ASSIGN_JOB,
    payload: ticketIds ? { ticketIds } : {},
    createdById: createdById ?? null,
  });
}
