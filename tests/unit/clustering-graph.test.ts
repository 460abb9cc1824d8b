import { describe, expect, it } from "vitest";
import { type Graph, mergeLinked } from "#app/services/clustering/graph";

/** A symmetric graph from weighted edges. */
function graphOf(n: number, edges: [number, number, number][]): Graph {
  const lists: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    lists[a]!.push([b, w]);
    lists[b]!.push([a, w]);
  }
  const indptr = new Int32Array(n + 1);
  lists.forEach((list, i) => (indptr[i + 1] = indptr[i]! + list.length));
  const flat = lists.flat();
  return {
    n,
    indptr,
    indices: Int32Array.from(flat, ([j]) => j),
    weights: Float32Array.from(flat, ([, w]) => w),
  };
}

/** Every pair of the documents `from`..`to` - 1 linked with weight 1. */
function clique(from: number, to: number): [number, number, number][] {
  const edges: [number, number, number][] = [];
  for (let a = from; a < to; a++) for (let b = a + 1; b < to; b++) edges.push([a, b, 1]);
  return edges;
}

const halves = (n: number) => Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));

describe("mergeLinked", () => {
  // Two triangles joined by one link: 0.5 of each one's 6.5 of degree, a share of 0.077.
  const small = graphOf(6, [...clique(0, 3), ...clique(3, 6), [2, 3, 0.5]]);
  // Two groups of twelve joined by ten links: 10 of each one's 142, a share of 0.070.
  const large = graphOf(24, [
    ...clique(0, 12),
    ...clique(12, 24),
    ...Array.from({ length: 10 }, (_, i): [number, number, number] => [i, 12 + i, 1]),
  ]);

  it("merges communities that send a good share of their links to each other", () => {
    expect(mergeLinked(small, halves(6), 2, 0.045).count).toBe(1);
    expect(mergeLinked(large, halves(24), 2, 0.045).count).toBe(1);
  });

  it("with a prior, keeps small communities apart that a single stray link would join", () => {
    expect(mergeLinked(small, halves(6), 2, 0.045, "geometric", 3).count).toBe(2);
    // The same share between large communities rests on many links: still merged.
    expect(mergeLinked(large, halves(24), 2, 0.045, "geometric", 3).count).toBe(1);
  });
});
