import { describe, expect, it } from "vitest";
import { matchClusters } from "#app/services/clustering/index";

const ids = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe("matchClusters", () => {
  it("keeps identities when clusters come back in another order", () => {
    const previous = [
      { id: "A", documentIds: ids("t", 0, 10) },
      { id: "B", documentIds: ids("t", 10, 20) },
      { id: "C", documentIds: ids("t", 20, 30) },
    ];
    const next = [
      { documentIds: [...ids("t", 20, 30), "t99"] },
      { documentIds: ids("t", 0, 9) },
      { documentIds: ids("t", 10, 20).reverse() },
    ];
    expect(matchClusters(previous, next)).toEqual(["C", "A", "B"]);
  });

  it("gives a split cluster's id to its larger part only", () => {
    const previous = [{ id: "A", documentIds: ids("t", 0, 10) }];
    expect(matchClusters(previous, [{ documentIds: ids("t", 0, 3) }, { documentIds: ids("t", 3, 10) }])).toEqual([
      null,
      "A",
    ]);
  });

  it("gives a merged cluster the id of the old cluster it overlaps most", () => {
    const previous = [
      { id: "A", documentIds: ids("t", 0, 4) },
      { id: "B", documentIds: ids("t", 4, 10) },
    ];
    expect(matchClusters(previous, [{ documentIds: ids("t", 0, 10) }])).toEqual(["B"]);
  });

  it("starts new clusters when nothing overlaps enough", () => {
    const previous = [{ id: "A", documentIds: ids("t", 0, 10) }];
    const next = [{ documentIds: ids("n", 0, 10) }, { documentIds: ["t0", ...ids("n", 10, 20)] }];
    expect(matchClusters(previous, next)).toEqual([null, null]);
    expect(matchClusters(previous, next, { minOverlap: 0.05 })).toEqual([null, "A"]);
    expect(matchClusters([], next)).toEqual([null, null]);
  });

  it("uses each previous id at most once", () => {
    const previous = [{ id: "A", documentIds: ids("t", 0, 10) }];
    const next = [{ documentIds: ids("t", 0, 5) }, { documentIds: ids("t", 5, 10) }];
    const result = matchClusters(previous, next);
    expect(result.filter((id) => id === "A")).toHaveLength(1);
  });
});
