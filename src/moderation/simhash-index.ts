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

/** A vector's signature: one key per band. */
export type Signature = Uint16Array;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function popcount16(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}

/** Hamming distance of two signatures. */
export function hamming(a: Signature, b: Signature): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += popcount16(a[i]! ^ b[i]!);
  return d;
}

interface Entry<T> {
  item: T;
  sig: Signature;
  /** Last query that visited the entry (dedupes candidates without a Set). */
  mark: number;
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
  /** Bucket key (band * 65536 + band key) -> entries. */
  private readonly buckets = new Map<number, Set<Entry<T>>>();
  private readonly entries = new Map<T, Entry<T>>();
  private query = 0;

  constructor(options: SimHashOptions = {}) {
    this.bands = options.bands ?? 48;
    this.rows = options.rows ?? 9;
    this.seed = options.seed ?? 0x5eed;
    if (this.rows < 1 || this.rows > 16) throw new Error(`SimHashIndex: rows must be 1..16, got ${this.rows}`);
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
    this.buckets.clear();
    this.entries.clear();
    return planes;
  }

  /** The signature of a vector (sparse vectors, like the hashing encoder's, cost only their non-zeros). */
  signature(v: Float32Array): Signature {
    const dim = v.length;
    const planes = this.ensurePlanes(dim);
    // Non-zero components first: hashed chat vectors have ~40 of 512
    const nz: number[] = [];
    for (let i = 0; i < dim; i++) if (v[i] !== 0) nz.push(i);
    const sparse = nz.length * 2 < dim;
    const sig = new Uint16Array(this.bands);
    let p = 0;
    for (let b = 0; b < this.bands; b++) {
      let key = 0;
      for (let r = 0; r < this.rows; r++) {
        let s = 0;
        if (sparse) for (let k = 0; k < nz.length; k++) s += planes[p + nz[k]!]! * v[nz[k]!]!;
        else for (let i = 0; i < dim; i++) s += planes[p + i]! * v[i]!;
        p += dim;
        key = (key << 1) | (s >= 0 ? 1 : 0);
      }
      sig[b] = key;
    }
    return sig;
  }

  /** Indexes `item` under `sig` (from {@link signature}). */
  add(item: T, sig: Signature): void {
    if (this.entries.has(item)) this.remove(item);
    const e: Entry<T> = { item, sig, mark: 0 };
    this.entries.set(item, e);
    for (let b = 0; b < sig.length; b++) {
      const k = b * 65_536 + sig[b]!;
      let set = this.buckets.get(k);
      if (!set) this.buckets.set(k, (set = new Set()));
      set.add(e);
    }
  }

  remove(item: T): void {
    const e = this.entries.get(item);
    if (!e) return;
    this.entries.delete(item);
    for (let b = 0; b < e.sig.length; b++) {
      const k = b * 65_536 + e.sig[b]!;
      const set = this.buckets.get(k);
      if (!set) continue;
      set.delete(e);
      if (set.size === 0) this.buckets.delete(k);
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
    for (let b = 0; b < sig.length; b++) {
      const set = this.buckets.get(b * 65_536 + sig[b]!);
      if (!set) continue;
      for (const e of set) {
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
  maxHammingFor(threshold: number, sigmas = 3.5): number {
    const p = Math.acos(Math.max(-1, Math.min(1, threshold))) / Math.PI;
    const n = this.bits;
    return Math.min(n, Math.ceil(n * p + sigmas * Math.sqrt(n * p * (1 - p))));
  }
}
