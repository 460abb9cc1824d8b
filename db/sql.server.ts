import { sql, type SQL } from "drizzle-orm";

/** A timestamp parameter: an ISO string, because postgres.js cannot bind a Date inside sql``. */
export function at(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

export function uuidList(ids: readonly string[]): SQL {
  return sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/** Writes many rows' values in one statement through a JSON document, whatever their number. */
export function jsonParam(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** Rows in batches of `size`, one statement each. */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
