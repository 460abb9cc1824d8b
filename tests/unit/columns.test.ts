import { describe, expect, it } from "vitest";
import { fromColumns, toColumns } from "#app/utils/columns";

type Row = { number: number; title: string; area?: string; voted?: true; createdAt: Date };

describe("records as columns", () => {
  const rows: Row[] = [
    { number: 8, title: "SMS", area: "tool_system", createdAt: new Date("2026-09-18T10:00:00Z") },
    { number: 58, title: "Cartello", voted: true, createdAt: new Date("2026-11-27T10:00:00Z") },
  ];

  it("names each field once, with a value or a gap per record, up to the last value", () => {
    expect(toColumns(rows)).toEqual({
      number: [8, 58],
      title: ["SMS", "Cartello"],
      area: ["tool_system"],
      voted: [undefined, true],
      createdAt: [rows[0]?.createdAt, rows[1]?.createdAt],
    });
  });

  it("gives the same records back, absent fields left out", () => {
    const back = fromColumns(toColumns(rows));
    expect(back).toEqual(rows);
    expect(Object.keys(back[0] ?? {})).not.toContain("voted");
    expect(Object.keys(back[1] ?? {})).not.toContain("area");
  });

  it("keeps an empty list empty", () => {
    expect(fromColumns(toColumns<Row>([]))).toEqual([]);
  });
});
