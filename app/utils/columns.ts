/**
 * A list of records as one array per field. Loader data repeats every field's name in every
 * record; as columns each name travels once, which on a page of fifty cards is most of the
 * data's size. `fromColumns` gives the records back, fields that were absent left out; the
 * records are counted by the longest column, so each must have a field that is always set.
 */
export type Columns<T> = { [K in keyof T]-?: Array<T[K]> };

export function toColumns<T extends object>(rows: readonly T[]): Columns<T> {
  const keys = new Set(rows.flatMap((row) => Object.keys(row) as Array<keyof T>));
  const columns = {} as Columns<T>;
  for (const key of keys) {
    const values = rows.map((row) => row[key]);
    // A column of mostly absent values (a flag few rows have) stops at its last value.
    while (values.length > 0 && values.at(-1) === undefined) values.pop();
    columns[key] = values;
  }
  return columns;
}

export function fromColumns<T extends object>(columns: Columns<T>): T[] {
  const entries = Object.entries(columns) as Array<[keyof T, unknown[]]>;
  const length = Math.max(0, ...entries.map(([, values]) => values.length));
  return Array.from({ length }, (_, index) => {
    const row = {} as T;
    for (const [key, values] of entries) {
      if (values[index] !== undefined) row[key] = values[index] as T[keyof T];
    }
    return row;
  });
}
