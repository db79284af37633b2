import { mulberry32 } from '../util/random.js';
/**
 * Random-hyperplane SimHash with banding (locality-sensitive hashing for cosine similarity).
 * A vector's signature is `bands * rows` sign bits; two vectors at angle θ agree on each bit with
 * probability 1 - θ/π, so near-duplicates share at least one band with high probability while
 * unrelated vectors rarely do. Candidates are then checked by Hamming distance (cheap) before the
 * exact dot product, so a lookup touches a few vectors instead of the whole window.
 */

/** Options of {@link SimHashIndex}. */
export interface SimHashOptions {
  /** Number of bands. Default 48. */
  bands?: number;
  /** Bits per band (at most 16). Default 9. */
  rows?: number;
  /** Seed of the hyperplanes (deterministic across runs). Default 0x5eed. */
  seed?: number;
}

/** A vector's signature: one key per band, and all bits packed for Hamming distances. */
export interface Signature {
  keys: Uint16Array;
  packed: Uint32Array;
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two signatures. */
export function hamming(a: Signature, b: Signature): number {
  const x = a.packed;
  const y = b.packed;
  let d = 0;
  for (let i = 0; i < x.length; i++) d += popcount32(x[i]! ^ y[i]!);
  return d;
}

interface Entry<T> {
  item: T;
  sig: Signature;
  /** Last query that visited the entry (dedupes candidates without a Set). */
  mark: number;
  /** Position of the entry in its bucket of each band (swap-remove). */
  pos: Int32Array;
}

/**
 * An LSH index of items by vector; items are any objects (compared by identity).
 * Defaults (48 bands of 9 bits): a pair at cosine 0.75 shares a band with probability ~0.99,
 * an unrelated pair (cosine ~0.05) with ~0.12, and the Hamming check drops nearly all of those.
 */
export class SimHashIndex<T> {
  readonly bands: number;
  readonly rows: number;
  private readonly seed: number;
  private planes: Float32Array | undefined;
  private dim = 0;
  /** Bucket of band b and key k at `b * 2^rows + k`. */
  private readonly buckets: (Entry<T>[] | undefined)[];
  private readonly entries = new Map<T, Entry<T>>();
  private query = 0;
  private acc = new Float64Array(0);
  /** Plane-row offsets and values of the non-zero components of the vector being signed. */
  private nzOffset = new Int32Array(0);
  private nzValue = new Float64Array(0);
  /** Signatures of vectors signed before (the shared encoder hands out one vector per repeated text). */
  private signed = new WeakMap<Float32Array, Signature>();

  constructor(options: SimHashOptions = {}) {
    this.bands = options.bands ?? 48;
    this.rows = options.rows ?? 9;
    this.seed = options.seed ?? 0x5eed;
    if (this.rows < 1 || this.rows > 16) throw new Error(`SimHashIndex: rows must be 1..16, got ${this.rows}`);
    this.buckets = new Array<Entry<T>[] | undefined>(this.bands << this.rows);
  }

  /** Number of indexed items. */
  get size(): number {
    return this.entries.size;
  }

  /** Total bits of a signature. */
  get bits(): number {
    return this.bands * this.rows;
  }

  private ensurePlanes(dim: number): Float32Array {
    if (this.planes && this.dim === dim) return this.planes;
    // Gaussian-ish hyperplanes (sum of uniforms), fixed by the seed
    const rnd = mulberry32(this.seed);
    const n = this.bits * dim;
    const planes = new Float32Array(n);
    for (let i = 0; i < n; i++) planes[i] = rnd() + rnd() + rnd() - 1.5;
    this.planes = planes;
    this.dim = dim;
    this.buckets.fill(undefined);
    this.entries.clear();
    this.signed = new WeakMap();
    return planes;
  }

  /**
   * The signature of a vector. Hyperplanes are stored component-major, so each non-zero
   * component adds one contiguous row: sparse vectors (the hashing encoder's ~40 of 512) cost
   * only their non-zeros, dense ones (ONNX) one pass. Rows are added four at a time (fewer passes
   * over the accumulator; each bit still sums its terms in component order). A vector signed
   * before gets the same (shared, read-only) signature back: vectors must not change once signed.
   */
  signature(v: Float32Array): Signature {
    const dim = v.length;
    const planes = this.ensurePlanes(dim);
    const known = this.signed.get(v);
    if (known) return known;
    const bits = this.bits;
    const acc = this.acc.length === bits ? this.acc.fill(0) : (this.acc = new Float64Array(bits));
    if (this.nzOffset.length < dim) {
      this.nzOffset = new Int32Array(dim);
      this.nzValue = new Float64Array(dim);
    }
    const offsets = this.nzOffset;
    const values = this.nzValue;
    let n = 0;
    for (let i = 0; i < dim; i++) {
      const x = v[i]!;
      if (x === 0) continue;
      offsets[n] = i * bits;
      values[n++] = x;
    }
    let k = 0;
    for (; k + 3 < n; k += 4) {
      const x0 = values[k]!;
      const x1 = values[k + 1]!;
      const x2 = values[k + 2]!;
      const x3 = values[k + 3]!;
      const o0 = offsets[k]!;
      const o1 = offsets[k + 1]!;
      const o2 = offsets[k + 2]!;
      const o3 = offsets[k + 3]!;
      for (let b = 0; b < bits; b++) acc[b] = acc[b]! + x0 * planes[o0 + b]! + x1 * planes[o1 + b]! + x2 * planes[o2 + b]! + x3 * planes[o3 + b]!;
    }
    for (; k < n; k++) {
      const x = values[k]!;
      const off = offsets[k]!;
      for (let b = 0; b < bits; b++) acc[b]! += x * planes[off + b]!;
    }
    const keys = new Uint16Array(this.bands);
    const packed = new Uint32Array(Math.ceil(bits / 32));
    let p = 0;
    for (let b = 0; b < this.bands; b++) {
      let key = 0;
      for (let r = 0; r < this.rows; r++, p++) {
        const bit = acc[p]! >= 0 ? 1 : 0;
        key = (key << 1) | bit;
        if (bit) packed[p >>> 5]! |= 1 << (p & 31);
      }
      keys[b] = key;
    }
    const sig = { keys, packed };
    this.signed.set(v, sig);
    return sig;
  }

  /** Indexes `item` under `sig` (from {@link signature}). */
  add(item: T, sig: Signature): void {
    if (this.entries.has(item)) this.remove(item);
    const e: Entry<T> = { item, sig, mark: 0, pos: new Int32Array(this.bands) };
    this.entries.set(item, e);
    for (let b = 0; b < this.bands; b++) {
      const k = (b << this.rows) + sig.keys[b]!;
      const bucket = this.buckets[k] ?? (this.buckets[k] = []);
      e.pos[b] = bucket.length;
      bucket.push(e);
    }
  }

  remove(item: T): void {
    const e = this.entries.get(item);
    if (!e) return;
    this.entries.delete(item);
    for (let b = 0; b < this.bands; b++) {
      const bucket: Entry<T>[] | undefined = this.buckets[(b << this.rows) + e.sig.keys[b]!];
      if (!bucket) continue;
      // Swap-remove: move the last entry into the hole
      const i = e.pos[b]!;
      const last: Entry<T> = bucket.pop()!;
      if (last !== e) {
        bucket[i] = last;
        last.pos[b] = i;
      }
    }
  }

  /**
   * Items sharing at least one band with `sig` and within `maxHamming` bits of it.
   * `maxHamming` defaults to all bits (no Hamming pruning).
   */
  candidates(sig: Signature, maxHamming: number = this.bits): T[] {
    const q = ++this.query;
    const out: T[] = [];
    const check = maxHamming < this.bits;
    for (let b = 0; b < this.bands; b++) {
      const bucket = this.buckets[(b << this.rows) + sig.keys[b]!];
      if (!bucket) continue;
      for (let i = 0; i < bucket.length; i++) {
        const e = bucket[i]!;
        if (e.mark === q) continue;
        e.mark = q;
        if (check && hamming(sig, e.sig) > maxHamming) continue;
        out.push(e.item);
      }
    }
    return out;
  }

  /**
   * A Hamming bound that keeps pairs at cosine >= `threshold` with high probability: the expected
   * distance at that cosine plus `sigmas` standard deviations.
   */
  maxHammingFor(threshold: number, sigmas = 3): number {
    const p = Math.acos(Math.max(-1, Math.min(1, threshold))) / Math.PI;
    const n = this.bits;
    return Math.min(n, Math.ceil(n * p + sigmas * Math.sqrt(n * p * (1 - p))));
  }
}
