// External clustering quality measures against known labels: accuracy under the best
// one-to-one matching of clusters to classes (Hungarian), NMI and ARI. Labels are any
// integers; results are fractions from 0 to 1.

/** Contingency table of two labelings, with the distinct labels of each. */
function contingency(truth: ArrayLike<number>, predicted: ArrayLike<number>) {
  if (truth.length !== predicted.length) throw new Error("Labelings differ in length");
  const rowsOf = new Map<number, number>();
  const colsOf = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    if (!rowsOf.has(truth[i]!)) rowsOf.set(truth[i]!, rowsOf.size);
    if (!colsOf.has(predicted[i]!)) colsOf.set(predicted[i]!, colsOf.size);
  }
  const r = rowsOf.size;
  const c = colsOf.size;
  const table = new Float64Array(r * c);
  for (let i = 0; i < truth.length; i++) table[rowsOf.get(truth[i]!)! * c + colsOf.get(predicted[i]!)!]!++;
  return { table, r, c, n: truth.length };
}

/**
 * Minimum-cost assignment (Hungarian algorithm, O(n³)) on a square or rectangular cost
 * matrix given as rows; returns for each row its column, or -1 when there are more rows.
 */
export function hungarian(cost: number[][]): number[] {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  const n = Math.max(rows, cols);
  const a = (i: number, j: number) => (i < rows && j < cols ? cost[i]![j]! : 0);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = a(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! - 1 < rows && j - 1 < cols) result[p[j]! - 1] = j - 1;
  return result;
}

/** Share of items whose cluster maps to their class under the best one-to-one matching. */
export function clusteringAccuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { table, r, c, n } = contingency(truth, predicted);
  if (n === 0) return 1;
  let max = 0;
  for (const x of table) max = Math.max(max, x);
  const cost = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => max - table[i * c + j]!));
  const match = hungarian(cost);
  let correct = 0;
  match.forEach((j, i) => {
    if (j >= 0) correct += table[i * c + j]!;
  });
  return correct / n;
}

/** Normalised mutual information with the arithmetic-mean normaliser (as scikit-learn's default). */
export function normalizedMutualInfo(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { table, r, c, n } = contingency(truth, predicted);
  if (n === 0) return 1;
  const rowSum = new Float64Array(r);
  const colSum = new Float64Array(c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      rowSum[i]! += table[i * c + j]!;
      colSum[j]! += table[i * c + j]!;
    }
  const entropy = (sums: Float64Array) => {
    let h = 0;
    for (const s of sums) if (s > 0) h -= (s / n) * Math.log(s / n);
    return h;
  };
  const hTruth = entropy(rowSum);
  const hPred = entropy(colSum);
  if (hTruth === 0 && hPred === 0) return 1;
  let mi = 0;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const x = table[i * c + j]!;
      if (x > 0) mi += (x / n) * Math.log((n * x) / (rowSum[i]! * colSum[j]!));
    }
  const denominator = (hTruth + hPred) / 2;
  return denominator > 0 ? Math.max(0, mi / denominator) : 0;
}

/** Adjusted Rand index (Hubert and Arabie). */
export function adjustedRandIndex(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { table, r, c, n } = contingency(truth, predicted);
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let sumCells = 0;
  const rowSum = new Float64Array(r);
  const colSum = new Float64Array(c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const x = table[i * c + j]!;
      sumCells += pairs(x);
      rowSum[i]! += x;
      colSum[j]! += x;
    }
  let sumRows = 0;
  let sumCols = 0;
  for (const x of rowSum) sumRows += pairs(x);
  for (const x of colSum) sumCols += pairs(x);
  const expected = (sumRows * sumCols) / pairs(n);
  const maximum = (sumRows + sumCols) / 2;
  if (maximum === expected) return 1;
  return (sumCells - expected) / (maximum - expected);
}

/**
 * Translation pairs in one cluster: within each category, the j-th row in `first` pairs
 * with the j-th row in `second` (files that hold the same requests in two languages, row
 * for row). The share of pairs whose two rows have the same cluster (−1, unclustered, never matches).
 */
export function translationPairShare(
  truth: ArrayLike<number>,
  languages: ArrayLike<string>,
  predicted: ArrayLike<number>,
  first: string,
  second: string,
): number {
  const rowsOf = (language: string) => {
    const byCategory = new Map<number, number[]>();
    for (let i = 0; i < truth.length; i++) {
      if (languages[i] !== language) continue;
      const list = byCategory.get(truth[i]!) ?? [];
      list.push(i);
      byCategory.set(truth[i]!, list);
    }
    return byCategory;
  };
  const a = rowsOf(first);
  const b = rowsOf(second);
  let pairs = 0;
  let together = 0;
  for (const [category, rows] of a) {
    const others = b.get(category) ?? [];
    for (let j = 0; j < Math.min(rows.length, others.length); j++) {
      pairs++;
      const p = predicted[rows[j]!]!;
      if (p >= 0 && p === predicted[others[j]!]) together++;
    }
  }
  return pairs === 0 ? 0 : together / pairs;
}

/**
 * For each category, the share of its rows that sit in a cluster also holding rows of the
 * same category in another language: 1 when no problem is split by language.
 */
export function crossLanguageShare(
  truth: ArrayLike<number>,
  languages: ArrayLike<string>,
  predicted: ArrayLike<number>,
): Map<number, number> {
  const seen = new Map<string, Set<string>>();
  for (let i = 0; i < truth.length; i++) {
    if (predicted[i]! < 0) continue;
    const key = `${truth[i]}:${predicted[i]}`;
    const set = seen.get(key) ?? new Set<string>();
    set.add(languages[i]!);
    seen.set(key, set);
  }
  const totals = new Map<number, [number, number]>();
  for (let i = 0; i < truth.length; i++) {
    const entry = totals.get(truth[i]!) ?? [0, 0];
    entry[1]++;
    if (predicted[i]! >= 0 && seen.get(`${truth[i]}:${predicted[i]}`)!.size > 1) entry[0]++;
    totals.set(truth[i]!, entry);
  }
  return new Map([...totals].map(([category, [shared, all]]) => [category, shared / all]));
}
