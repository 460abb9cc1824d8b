/**
 * A list of records as one array per field. Loader data repeats every field's name in every
 * record; as columns each name travels once, which on a page of fifty cards is most of the
 * data's size. `fromColumns` gives the records back, fields that were absent left out.
 */
export type Columns<T> = { [K in keyof T]-?: Array<T[K]> };

export function toColumns<T extends object>(rows: readonly T[]): Columns<T> {
  const keys = new Set(rows.flatMap((row) => Object.keys(row) as Array<keyof T>));
  const columns = {} as Columns<T>;
  for (const key of keys) columns[key] = rows.map((row) => row[key]);
  return columns;
}

export function fromColumns<T extends object>(columns: Columns<T>): T[] {
  const entries = Object.entries(columns) as Array<[keyof T, unknown[]]>;
  const length = entries[0]?.[1].length ?? 0;
  return Array.from({ length }, (_, index) => {
    const row = {} as T;
    for (const [key, values] of entries) {
      if (values[index] !== undefined) row[key] = values[index] as T[keyof T];
    }
    return row;
  });
}
