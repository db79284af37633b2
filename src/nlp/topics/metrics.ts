/**
 * Agreement between two clusterings of the same items (labels are arbitrary ids; only the
 * partition matters). Used by `npm run eval:topics` against the reference labels of a recording.
 */

/** Contingency table of two labelings: counts per (a, b) pair and per label of each side. */
interface Contingency {
  n: number;
  cells: number[];
  rows: number[];
  cols: number[];
}

function contingency(a: readonly (string | number)[], b: readonly (string | number)[]): Contingency {
  if (a.length !== b.length) {
    throw new Error(`Cannot compare clusterings of different sizes (${a.length} vs ${b.length}): pass one label per item on both sides.`);
  }
  const rowIds = new Map<string | number, number>();
  const colIds = new Map<string | number, number>();
  const cells = new Map<string, number>();
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < a.length; i++) {
    let r = rowIds.get(a[i]!);
    if (r === undefined) rowIds.set(a[i]!, (r = rows.push(0) - 1));
    let c = colIds.get(b[i]!);
    if (c === undefined) colIds.set(b[i]!, (c = cols.push(0) - 1));
    rows[r]!++;
    cols[c]!++;
    const key = r + ',' + c;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return { n: a.length, cells: [...cells.values()], rows, cols };
}

function entropy(counts: readonly number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Normalised mutual information with arithmetic-mean normalisation (scikit-learn's default):
 * `MI / ((H(a) + H(b)) / 2)`, in [0, 1]. Two single-cluster labelings score 1; one trivial and one
 * non-trivial labeling score 0. Empty input scores 1 (nothing disagrees).
 */
export function normalizedMutualInfo(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const t = contingency(a, b);
  if (t.n === 0) return 1;
  const ha = entropy(t.rows, t.n);
  const hb = entropy(t.cols, t.n);
  if (ha === 0 && hb === 0) return 1;
  if (ha === 0 || hb === 0) return 0;
  // MI = H(a) + H(b) - H(a, b)
  const mi = ha + hb - entropy(t.cells, t.n);
  return Math.max(0, Math.min(1, mi / ((ha + hb) / 2)));
}

const pairs = (x: number): number => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie): 1 for identical partitions, about 0 for random ones,
 * negative when worse than chance. Degenerate cases where the expected index equals the maximum
 * (e.g. both labelings trivial) score 1.
 */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const t = contingency(a, b);
  if (t.n < 2) return 1;
  const index = t.cells.reduce((s, c) => s + pairs(c), 0);
  const sumRows = t.rows.reduce((s, c) => s + pairs(c), 0);
  const sumCols = t.cols.reduce((s, c) => s + pairs(c), 0);
  const expected = (sumRows * sumCols) / pairs(t.n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
