/** One result of a nearest-neighbour search: the row index and its score (dot product). */
export interface ScoredIndex {
  index: number;
  score: number;
}

/** Dot product of the first `min(a.length, b.length)` components. Equals cosine for unit vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** Euclidean norm. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros (never NaN). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0 || !Number.isFinite(na) || !Number.isFinite(nb)) return 0;
  const c = dot(a, b) / (na * nb);
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/** Scales `v` in place to unit L2 norm (left unchanged when it is all zeros). Returns `v`. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  const n = norm(v);
  if (n > 0 && Number.isFinite(n)) {
    const inv = 1 / n;
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/** Dot product of `query` with row `row` of a contiguous row-major matrix of width `dim`. */
export function dotRow(query: ArrayLike<number>, matrix: Float32Array, row: number, dim: number): number {
  const off = row * dim;
  const n = Math.min(dim, query.length);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += query[i]! * matrix[off + i]!;
    s1 += query[i + 1]! * matrix[off + i + 1]!;
  }
  if (i < n) s0 += query[i]! * matrix[off + i]!;
  return s0 + s1;
}

/**
 * A query vector kept as its non-zero components, for dot products against many vectors or rows
 * of a dense matrix: a hashing encoder's vector (~40 non-zeros of 512) then costs its non-zeros
 * per product. {@link SparseQuery.dot} and {@link SparseQuery.dotColumns} return exactly what
 * {@link dot} and {@link dotRow} return for the same query (the same terms in the same partial
 * sums and order; the skipped terms are zeros). Buffers are reused across `load`s.
 */
export class SparseQuery {
  private source: ArrayLike<number> = [];
  private length = 0;
  /** Lane `k` of the 2-lane split (index parity) at `[k * length, ...)`, as {@link dotRow} sums (for {@link dotColumns}). */
  private index2 = new Int32Array(0);
  private value2 = new Float64Array(0);
  private readonly count2 = new Int32Array(2);
  /** Lane `k` of the 4-lane split, as {@link dot} sums (its tail after the last multiple of 4 in lane 0). */
  private index4 = new Int32Array(0);
  private value4 = new Float64Array(0);
  private readonly count4 = new Int32Array(4);
  /** Partial sums of {@link dotColumns} (even and odd components). */
  private sums0 = new Float64Array(0);
  private sums1 = new Float64Array(0);

  /** Number of non-zero components of the loaded query. */
  get nonZeros(): number {
    return this.count2[0]! + this.count2[1]!;
  }

  /** Loads `query` (kept by reference: do not change it while it is loaded). */
  load(query: ArrayLike<number>): this {
    const n = query.length;
    if (this.index2.length < 2 * n) {
      this.index2 = new Int32Array(2 * n);
      this.value2 = new Float64Array(2 * n);
      this.index4 = new Int32Array(4 * n);
      this.value4 = new Float64Array(4 * n);
    }
    this.source = query;
    this.length = n;
    this.count2.fill(0);
    this.count4.fill(0);
    const tail = n - (n % 4);
    for (let i = 0; i < n; i++) {
      const x = query[i]!;
      if (x === 0) continue;
      const l2 = i & 1;
      const k2 = l2 * n + this.count2[l2]!++;
      this.index2[k2] = i;
      this.value2[k2] = x;
      const l4 = i < tail ? i & 3 : 0;
      const k4 = l4 * n + this.count4[l4]!++;
      this.index4[k4] = i;
      this.value4[k4] = x;
    }
    return this;
  }

  /** `dot(query, b)`. */
  dot(b: ArrayLike<number>): number {
    const n = this.length;
    if (b.length !== n) return dot(this.source, b);
    const s0 = this.lane(this.index4, this.value4, 0, this.count4[0]!, b);
    const s1 = this.lane(this.index4, this.value4, n, this.count4[1]!, b);
    const s2 = this.lane(this.index4, this.value4, 2 * n, this.count4[2]!, b);
    const s3 = this.lane(this.index4, this.value4, 3 * n, this.count4[3]!, b);
    return s0 + s1 + s2 + s3;
  }

  /**
   * `dotRow(query, M, r, dim)` for every row `r < rows` of a matrix `M` stored column-major (its
   * transpose: component `i` of row `r` at `i * width + r`), into `out[r]`. Reads only the columns
   * of the query's non-zeros, each one contiguous.
   */
  dotColumns(matrixT: Float32Array, width: number, rows: number, out: Float64Array): void {
    if (this.sums0.length < rows) {
      this.sums0 = new Float64Array(rows);
      this.sums1 = new Float64Array(rows);
    }
    const s0 = this.sums0.fill(0, 0, rows);
    const s1 = this.sums1.fill(0, 0, rows);
    this.addColumns(s0, 0, this.count2[0]!, matrixT, width, rows);
    this.addColumns(s1, this.length, this.count2[1]!, matrixT, width, rows);
    for (let r = 0; r < rows; r++) out[r] = s0[r]! + s1[r]!;
  }

  /** Adds `scale * query` to column `column` of a column-major matrix of row count `width` (see {@link dotColumns}). */
  addScaledToColumn(matrixT: Float32Array, width: number, column: number, scale: number): void {
    for (let l = 0; l < 2; l++) {
      const base = l * this.length;
      for (let k = base; k < base + this.count2[l]!; k++) matrixT[this.index2[k]! * width + column]! += scale * this.value2[k]!;
    }
  }

  private addColumns(acc: Float64Array, base: number, count: number, matrixT: Float32Array, width: number, rows: number): void {
    for (let k = base; k < base + count; k++) {
      const x = this.value2[k]!;
      const off = this.index2[k]! * width;
      for (let r = 0; r < rows; r++) acc[r]! += x * matrixT[off + r]!;
    }
  }

  private lane(index: Int32Array, value: Float64Array, base: number, count: number, b: ArrayLike<number>): number {
    let s = 0;
    for (let k = base; k < base + count; k++) s += value[k]! * b[index[k]!]!;
    return s;
  }
}

/** Keeps the best `k` (score, index) pairs seen so far, in a small sorted array. */
class TopKCollector {
  readonly items: ScoredIndex[] = [];
  constructor(private readonly k: number) {}

  offer(index: number, score: number): void {
    if (this.k <= 0 || Number.isNaN(score)) return;
    const items = this.items;
    if (items.length === this.k && score <= items[items.length - 1]!.score) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.score >= score) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, { index, score });
    if (items.length > this.k) items.pop();
  }
}

/**
 * The `k` rows most similar to `query` by dot product (cosine for unit vectors), best first;
 * ties keep the lower index first.
 *
 * `vectors` is either a contiguous row-major `Float32Array` of `n * dim` values (`dim` defaults to
 * `query.length`; a trailing partial row is ignored) or an array of vectors.
 * @param options.dim row width of a contiguous matrix (default `query.length`)
 * @param options.count for a contiguous matrix, the number of rows in use (default: all full rows)
 * @param options.minScore rows scoring below are skipped (default: none)
 */
export function topK(
  query: ArrayLike<number>,
  vectors: Float32Array | readonly ArrayLike<number>[],
  k: number,
  options: { dim?: number; count?: number; minScore?: number } = {},
): ScoredIndex[] {
  const out = new TopKCollector(Math.max(0, Math.floor(k)));
  const minScore = options.minScore ?? -Infinity;
  if (vectors instanceof Float32Array) {
    const dim = options.dim ?? query.length;
    if (dim <= 0) return [];
    const rows = Math.min(options.count ?? Infinity, Math.floor(vectors.length / dim));
    for (let r = 0; r < rows; r++) {
      const s = dotRow(query, vectors, r, dim);
      if (s >= minScore) out.offer(r, s);
    }
  } else {
    for (let r = 0; r < vectors.length; r++) {
      const s = dot(query, vectors[r]!);
      if (s >= minScore) out.offer(r, s);
    }
  }
  return out.items;
}

/**
 * A growable contiguous matrix of fixed-width rows (e.g. the vectors of a rolling window or an
 * FAQ index), with top-k search. Rows are copied in; `removeFirst` drops the oldest rows.
 */
export class VectorMatrix {
  private data: Float32Array;
  private rows = 0;

  /** @param dim row width; @param initialCapacity rows allocated up front (default 64) */
  constructor(
    readonly dim: number,
    initialCapacity = 64,
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`VectorMatrix: dim must be a positive integer, got ${dim}`);
    this.data = new Float32Array(dim * Math.max(1, initialCapacity));
  }

  /** Number of rows stored. */
  get size(): number {
    return this.rows;
  }

  /** Appends a copy of `v` (must have length `dim`); returns its row index. */
  add(v: ArrayLike<number>): number {
    if (v.length !== this.dim) throw new Error(`VectorMatrix: expected a vector of length ${this.dim}, got ${v.length}`);
    if ((this.rows + 1) * this.dim > this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data.subarray(0, this.rows * this.dim));
      this.data = next;
    }
    this.data.set(v, this.rows * this.dim);
    return this.rows++;
  }

  /** A view (not a copy) of row `i`; valid until the matrix changes. */
  row(i: number): Float32Array {
    if (i < 0 || i >= this.rows) throw new RangeError(`VectorMatrix: row ${i} out of range 0..${this.rows - 1}`);
    return this.data.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Overwrites row `i` with `v`. */
  set(i: number, v: ArrayLike<number>): void {
    if (v.length !== this.dim) throw new Error(`VectorMatrix: expected a vector of length ${this.dim}, got ${v.length}`);
    this.row(i).set(v);
  }

  /** Drops the first `n` rows (the oldest), shifting the rest down. */
  removeFirst(n: number): void {
    const m = Math.min(Math.max(0, Math.floor(n)), this.rows);
    if (m === 0) return;
    this.data.copyWithin(0, m * this.dim, this.rows * this.dim);
    this.rows -= m;
  }

  /** Removes every row. */
  clear(): void {
    this.rows = 0;
  }

  /** The contiguous view of all stored rows (`size * dim` values). */
  view(): Float32Array {
    return this.data.subarray(0, this.rows * this.dim);
  }

  /** The `k` rows most similar to `query`, best first (see {@link topK}). */
  topK(query: ArrayLike<number>, k: number, minScore?: number): ScoredIndex[] {
    return topK(query, this.data, k, { dim: this.dim, count: this.rows, ...(minScore !== undefined ? { minScore } : {}) });
  }
}
