import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  clusteringAccuracy,
  hungarian,
  normalizedMutualInfo,
} from "#app/services/clustering/metrics";

describe("clustering metrics", () => {
  it("scores identical labelings 1 whatever the label names", () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const renamed = [5, 5, 9, 9, 7, 7];
    expect(normalizedMutualInfo(truth, renamed)).toBeCloseTo(1, 12);
    expect(adjustedRandIndex(truth, renamed)).toBeCloseTo(1, 12);
    expect(clusteringAccuracy(truth, renamed)).toBe(1);
  });

  it("computes ARI of a hand-worked contingency table", () => {
    // Table [[2,1],[0,3]]: Σ C(nij,2) = 1+0+0+3 = 4; rows (3,3) → 6; columns (2,4) → 7; C(6,2) = 15.
    // Expected = 6·7/15 = 2.8; max = 6.5; ARI = (4 − 2.8)/(6.5 − 2.8) = 1.2/3.7.
    const truth = [0, 0, 0, 1, 1, 1];
    const predicted = [0, 0, 1, 1, 1, 1];
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(1.2 / 3.7, 12);
  });

  it("computes NMI of a hand-worked example", () => {
    // Same table: H(truth) = ln 2; H(pred) = −(1/3 ln 1/3 + 2/3 ln 2/3);
    // MI = 2/6 ln(2·6/(3·2)) + 1/6 ln(1·6/(3·4)) + 3/6 ln(3·6/(3·4)).
    const hTruth = Math.log(2);
    const hPred = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3));
    const mi = (2 / 6) * Math.log(2) + (1 / 6) * Math.log(0.5) + (3 / 6) * Math.log(1.5);
    expect(normalizedMutualInfo([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1])).toBeCloseTo(mi / ((hTruth + hPred) / 2), 12);
    // Independent labelings share no information.
    expect(normalizedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });

  it("finds the cheapest assignment with the Hungarian algorithm", () => {
    // Optimal: row0→col1 (1), row1→col0 (2), row2→col2 (2) = 5.
    expect(
      hungarian([
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ]),
    ).toEqual([1, 0, 2]);
    // More columns than rows.
    expect(
      hungarian([
        [9, 1, 9],
        [1, 9, 9],
      ]),
    ).toEqual([1, 0]);
  });

  it("scores accuracy under the best one-to-one matching", () => {
    // Clusters: {0,1,2} mostly class 0, {3,4,5} class 1 → 5 of 6 match.
    expect(clusteringAccuracy([0, 0, 1, 1, 1, 1], [7, 7, 7, 8, 8, 8])).toBeCloseTo(5 / 6, 12);
    // Two clusters cannot both map to one class.
    expect(clusteringAccuracy([0, 0, 0, 0], [1, 1, 2, 2])).toBe(0.5);
  });
});
