import { dot, SparseQuery } from '../similarity.js';
import type { ClusterItem, ClusterView, Clusterer } from './clusterer.js';
import { mulberry32 as prng } from '../../util/random.js';

/** Options of {@link OnlineClusterer}. */
export interface OnlineClustererOptions {
  /** Cosine similarity to a cluster's centroid needed to join it. Default 0.35 (tuned for the built-in hash encoder). */
  threshold?: number;
  /** Cosine similarity between two centroids at which the clusters merge. Default 0.6. */
  mergeThreshold?: number;
  /**
   * Weight of shared terms in the join score: `cosine + termWeight * min(1, overlap)`, where
   * overlap sums, over the message's terms ({@link ClusterItem.terms}), the share of the cluster's
   * messages that contain the term, divided by the square root of the number of terms. Lets a
   * lexical encoder group a conversation whose messages share their topic words but little else;
   * 0 = vectors only. Default 0.2.
   */
  termWeight?: number;
  /** Clusters with no message for this long expire; also the longest window. Default 600,000 (10 min). */
  horizonMs?: number;
  /** Weights of messages halve every `halfLifeMs`. Default 300,000 (5 min). */
  halfLifeMs?: number;
  /**
   * Most live clusters; a new cluster beyond it evicts the lightest one. Memory per clusterer:
   * maxClusters x dim floats plus maxClusters^2 doubles. Default 200.
   */
  maxClusters?: number;
  /** Most recent members kept per cluster (for labels and representatives). Default 24. */
  recentSamples?: number;
  /** Members kept per cluster by reservoir sampling over its whole life. Default 8. */
  reservoirSamples?: number;
  /** Most term keys kept per cluster (the lightest are pruned beyond it). Default 160. */
  maxTermsPerCluster?: number;
  /** Resolution of per-cluster message counts. Default `horizonMs / 20` (30 s). */
  bucketMs?: number;
  /** Seed of the reservoir's pseudo-random generator (runs are reproducible). Default 1. */
  seed?: number;
  /** Called when cluster `from` is merged into cluster `into` (evaluations follow ids with it). */
  onMerge?: (from: number, into: number) => void;
}

interface Cluster<T extends ClusterItem> {
  id: number;
  /** Row of the cluster's decayed vector sum in the clusterer's matrix (and pair table). */
  slot: number;
  /** Squared norm of the sum, updated incrementally and recomputed now and then. */
  norm2: number;
  /** Decayed member weight on the current scale. */
  mass: number;
  total: number;
  firstTime: number;
  lastTime: number;
  /** Bucket indices (time / bucketMs), ascending, and their message counts. */
  buckets: number[];
  counts: number[];
  recent: T[];
  reservoir: T[];
  /** Members offered to the reservoir. */
  seen: number;
  terms: Map<string, number>;
  tags: Map<string, number>;
  /** Adds since `norm2` was recomputed exactly. */
  drift: number;
}

/** Re-scale all decayed sums once the scale factor passes 2^20 (Float32 keeps ~7 digits). */
const MAX_SCALE_EXPONENT = 20;
/** Recompute a centroid's exact norm after this many incremental updates. */
const NORM_REFRESH = 64;

/**
 * Single-pass clustering with time decay (a leader/"sequential k-means" scheme with merges):
 * a message joins the live cluster whose centroid is most similar (cosine, plus a small bonus for
 * the cluster's frequent terms it shares), if at or above `threshold`, or starts a new one; after
 * each update, a cluster that became similar enough to another merges with it (pairwise centroid
 * dots are kept up to date from the search's own dots, so this check costs O(live clusters)). Every weight decays with a half-life, clusters silent for the horizon expire, and the
 * number of live clusters is capped (the lightest is evicted), so an update costs
 * O(live clusters x dim) whatever the chat rate. Decay uses a growing scale factor instead of
 * touching every cluster on each message.
 */
export class OnlineClusterer<T extends ClusterItem = ClusterItem> implements Clusterer<T> {
  readonly threshold: number;
  readonly mergeThreshold: number;
  readonly termWeight: number;
  readonly horizonMs: number;
  readonly halfLifeMs: number;
  readonly maxClusters: number;
  private readonly recentSamples: number;
  private readonly reservoirSamples: number;
  private readonly maxTerms: number;
  private readonly bucketMs: number;
  private readonly random: () => number;
  private readonly onMerge: ((from: number, into: number) => void) | undefined;

  private live: Cluster<T>[] = [];
  private nextId = 1;
  private dim = 0;
  /**
   * Decayed vector sums, column-major: component `i` of slot `s` at `i * maxClusters + s`, so a
   * message's non-zero components each read one contiguous column (allocated on the first message).
   */
  private sums = new Float32Array(0);
  /** Dot products between the sums of two slots (maxClusters x maxClusters), kept up to date. */
  private pairs = new Float64Array(0);
  /** Dot of the current message with each slot's sum. */
  private scratch = new Float64Array(0);
  /** Cosine of the current message with each slot's centroid. */
  private cosines = new Float64Array(0);
  /** The current message's non-zero components (dots and sum updates cost only those). */
  private readonly query = new SparseQuery();
  /** A cluster's sum being refreshed, as a row and as a query. */
  private rowBuffer = new Float32Array(0);
  private readonly rowQuery = new SparseQuery();
  private rowDots = new Float64Array(0);
  private freeSlots: number[] = [];
  /** Time at which the scale factor is 1. */
  private ref = NaN;
  /** Latest message time seen. */
  private latest = -Infinity;

  constructor(options: OnlineClustererOptions = {}) {
    this.threshold = options.threshold ?? 0.35;
    this.mergeThreshold = options.mergeThreshold ?? 0.6;
    this.termWeight = options.termWeight ?? 0.2;
    this.horizonMs = options.horizonMs ?? 600_000;
    this.halfLifeMs = options.halfLifeMs ?? 300_000;
    this.maxClusters = options.maxClusters ?? 200;
    this.recentSamples = options.recentSamples ?? 24;
    this.reservoirSamples = options.reservoirSamples ?? 8;
    this.maxTerms = options.maxTermsPerCluster ?? 160;
    this.bucketMs = options.bucketMs ?? Math.max(1, Math.floor(this.horizonMs / 20));
    this.random = prng(options.seed ?? 1);
    this.onMerge = options.onMerge;
    if (!(this.horizonMs > 0) || !(this.halfLifeMs > 0)) {
      throw new Error(`OnlineClusterer: horizonMs and halfLifeMs must be > 0 (got ${this.horizonMs}, ${this.halfLifeMs}).`);
    }
    if (!(this.maxClusters >= 1)) throw new Error(`OnlineClusterer: maxClusters must be >= 1 (got ${this.maxClusters}).`);
  }

  get size(): number {
    return this.live.length;
  }

  clear(): void {
    this.live = [];
    this.ref = NaN;
    this.latest = -Infinity;
    this.dim = 0;
    this.sums = new Float32Array(0);
  }

  add(item: T): number {
    const v = item.vector;
    const self = dot(v, v);
    if (!(self > 1e-12) || !Number.isFinite(self)) return -1;
    if (this.dim === 0) this.allocate(v.length);
    else if (v.length !== this.dim) {
      throw new Error(
        `OnlineClusterer: got a vector of length ${v.length}, expected ${this.dim}. Fix: use one encoder per clusterer (clear() it when the encoder changes).`,
      );
    }
    const time = Number.isFinite(item.time) ? item.time : Number.isFinite(this.latest) ? this.latest : 0;
    if (Number.isNaN(this.ref)) this.ref = time;
    if (time > this.latest) this.latest = time;
    this.expire(this.latest);
    let f = this.scale(time);
    if (Math.log2(f) > MAX_SCALE_EXPONENT) {
      this.rebase(time);
      f = 1;
    }

    // Nearest live cluster by cosine to its (decayed) centroid
    const inv = 1 / Math.sqrt(self);
    this.query.load(v).dotColumns(this.sums, this.maxClusters, this.slotBound(), this.scratch);
    const unique = item.terms && item.terms.length > 0 ? distinct(item.terms) : undefined;
    let best: Cluster<T> | undefined;
    let bestSim = -Infinity;
    for (const c of this.live) {
      const sim = (this.scratch[c.slot]! * inv) / Math.sqrt(c.norm2);
      this.cosines[c.slot] = sim;
      if (sim > bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    if (this.termWeight > 0 && unique) ({ best, bestSim } = this.withTerms(unique, bestSim));

    if (!best || bestSim < this.threshold) {
      if (this.live.length >= this.maxClusters) this.evictLightest();
      best = this.create(time);
    }
    this.join(best, item, unique, self, f, time);
    return this.mergeAround(best).id;
  }

  /**
   * The best cluster by cosine plus term bonus (ties: the earliest live). The bonus is at most
   * `termWeight`, so clusters whose cosine + `termWeight` stays below both the best cosine and the
   * threshold cannot win (nor make a difference) and are not looked up.
   */
  private withTerms(terms: readonly string[], maxCosine: number): { best: Cluster<T> | undefined; bestSim: number } {
    const termScale = this.termWeight / Math.sqrt(terms.length);
    const floor = Math.max(this.threshold, maxCosine);
    let best: Cluster<T> | undefined;
    let bestSim = -Infinity;
    for (const c of this.live) {
      let sim = this.cosines[c.slot]!;
      if (!(sim + this.termWeight >= floor)) continue;
      let overlap = 0;
      for (const t of terms) {
        const w = c.terms.get(t);
        if (w !== undefined) overlap += Math.min(1, w / c.mass);
      }
      sim += Math.min(this.termWeight, overlap * termScale);
      if (sim > bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    return { best, bestSim };
  }

  nearest(vector: Float32Array): { id: number; similarity: number } | undefined {
    const self = dot(vector, vector);
    if (!(self > 1e-12) || !Number.isFinite(self) || vector.length !== this.dim) return undefined;
    const inv = 1 / Math.sqrt(self);
    this.query.load(vector).dotColumns(this.sums, this.maxClusters, this.slotBound(), this.scratch);
    let best: { id: number; similarity: number } | undefined;
    for (const c of this.live) {
      const sim = (this.scratch[c.slot]! * inv) / Math.sqrt(c.norm2);
      if (!best || sim > best.similarity) best = { id: c.id, similarity: sim };
    }
    return best;
  }

  clusters(now: number, windowMs: number = this.horizonMs): ClusterView<T>[] {
    const window = Math.min(Math.max(0, windowMs), this.horizonMs);
    const from = now - window;
    const firstBucket = Math.floor(from / this.bucketMs);
    const out: ClusterView<T>[] = [];
    for (const c of this.live) {
      if (c.lastTime < now - this.horizonMs) continue;
      let count = 0;
      let weight = 0;
      for (let i = c.buckets.length - 1; i >= 0; i--) {
        const b = c.buckets[i]!;
        if (b < firstBucket) break;
        const n = c.counts[i]!;
        const mid = Math.min(now, (b + 0.5) * this.bucketMs);
        count += n;
        weight += n * Math.pow(2, -(now - mid) / this.halfLifeMs);
      }
      if (count === 0) continue;
      out.push({
        id: c.id,
        centroid: this.centroidOf(c),
        count,
        total: c.total,
        weight,
        firstTime: c.firstTime,
        lastTime: c.lastTime,
        samples: this.samplesOf(c),
        terms: c.terms,
        tags: c.tags,
        mass: c.mass,
      });
    }
    return out.sort((a, b) => b.weight - a.weight || a.id - b.id);
  }

  /** The scale factor of a message at `time` (2^((time - ref) / halfLife)). */
  private scale(time: number): number {
    return Math.pow(2, (time - this.ref) / this.halfLifeMs);
  }

  private allocate(dim: number): void {
    this.dim = dim;
    this.sums = new Float32Array(this.maxClusters * dim);
    this.pairs = new Float64Array(this.maxClusters * this.maxClusters);
    this.scratch = new Float64Array(this.maxClusters);
    this.cosines = new Float64Array(this.maxClusters);
    this.rowBuffer = new Float32Array(dim);
    this.rowDots = new Float64Array(this.maxClusters);
    this.freeSlots = Array.from({ length: this.maxClusters }, (_, i) => this.maxClusters - 1 - i);
  }

  /** Copies the sum of `c` into `out` (length `dim`). */
  private rowOf(c: Cluster<T>, out: Float32Array): Float32Array {
    const m = this.maxClusters;
    for (let i = 0; i < this.dim; i++) out[i] = this.sums[i * m + c.slot]!;
    return out;
  }

  /** One past the highest slot in use (slots are handed out lowest first). */
  private slotBound(): number {
    let bound = 0;
    for (const c of this.live) if (c.slot >= bound) bound = c.slot + 1;
    return bound;
  }

  /** Moves the scale reference to `time`, shrinking every decayed sum accordingly. */
  private rebase(time: number): void {
    const g = Math.pow(2, (this.ref - time) / this.halfLifeMs);
    for (let i = 0; i < this.sums.length; i++) this.sums[i]! *= g;
    for (let i = 0; i < this.pairs.length; i++) this.pairs[i]! *= g * g;
    for (const c of this.live) {
      c.norm2 = this.pairs[c.slot * this.maxClusters + c.slot]!;
      c.mass *= g;
      for (const [k, w] of c.terms) c.terms.set(k, w * g);
      for (const [k, w] of c.tags) c.tags.set(k, w * g);
    }
    this.ref = time;
  }

  private create(time: number): Cluster<T> {
    const slot = this.freeSlots.pop()!;
    const m = this.maxClusters;
    for (let i = 0; i < this.dim; i++) this.sums[i * m + slot] = 0;
    for (let o = 0; o < m; o++) {
      this.pairs[slot * m + o] = 0;
      this.pairs[o * m + slot] = 0;
    }
    this.scratch[slot] = 0;
    const c: Cluster<T> = {
      id: this.nextId++,
      slot,
      norm2: 0,
      mass: 0,
      total: 0,
      firstTime: time,
      lastTime: time,
      buckets: [],
      counts: [],
      recent: [],
      reservoir: [],
      seen: 0,
      terms: new Map(),
      tags: new Map(),
      drift: 0,
    };
    this.live.push(c);
    return c;
  }

  /** Adds the message loaded in `query` (with its distinct terms) to `c`. */
  private join(c: Cluster<T>, item: T, terms: readonly string[] | undefined, self: number, f: number, time: number): void {
    // Centroid: sum += w * v, with the pair table updated from the dots of the search
    const w = f / Math.sqrt(self);
    this.query.addScaledToColumn(this.sums, this.maxClusters, c.slot, w);
    const m = this.maxClusters;
    const d = this.scratch[c.slot]!;
    c.norm2 += 2 * w * d + w * w * self;
    for (const o of this.live) {
      if (o === c) continue;
      const p = this.pairs[c.slot * m + o.slot]! + w * this.scratch[o.slot]!;
      this.pairs[c.slot * m + o.slot] = p;
      this.pairs[o.slot * m + c.slot] = p;
    }
    if (++c.drift >= NORM_REFRESH || !(c.norm2 > 0)) this.refresh(c);
    this.pairs[c.slot * m + c.slot] = c.norm2;
    c.mass += f;
    c.total++;
    if (time < c.firstTime) c.firstTime = time;
    if (time > c.lastTime) c.lastTime = time;
    this.count(c, time);
    // Bag of terms and tags, same decay
    if (terms) {
      for (const t of terms) c.terms.set(t, (c.terms.get(t) ?? 0) + f);
      if (c.terms.size > this.maxTerms * 1.5) pruneMap(c.terms, this.maxTerms);
    }
    if (item.tags) for (const t of new Set(item.tags)) c.tags.set(t, (c.tags.get(t) ?? 0) + f);
    // Samples: the most recent members, plus a reservoir over the cluster's life
    c.recent.push(item);
    if (c.recent.length > this.recentSamples) c.recent.shift();
    c.seen++;
    if (c.reservoir.length < this.reservoirSamples) c.reservoir.push(item);
    else {
      const j = Math.floor(this.random() * c.seen);
      if (j < this.reservoirSamples) c.reservoir[j] = item;
    }
  }

  /** Adds one message to the cluster's time buckets and drops buckets older than the horizon. */
  private count(c: Cluster<T>, time: number): void {
    const b = Math.floor(time / this.bucketMs);
    const { buckets, counts } = c;
    let i = buckets.length - 1;
    while (i >= 0 && buckets[i]! > b) i--;
    if (i >= 0 && buckets[i] === b) counts[i]!++;
    else {
      buckets.splice(i + 1, 0, b);
      counts.splice(i + 1, 0, 1);
    }
    const oldest = Math.floor((this.latest - this.horizonMs) / this.bucketMs);
    let drop = 0;
    while (drop < buckets.length - 1 && buckets[drop]! < oldest) drop++;
    if (drop > 0) {
      buckets.splice(0, drop);
      counts.splice(0, drop);
    }
  }

  /** Recomputes a cluster's norm and pair dots exactly (float drift of incremental updates). */
  private refresh(c: Cluster<T>): void {
    const m = this.maxClusters;
    const row = this.rowOf(c, this.rowBuffer);
    c.norm2 = dot(row, row);
    this.rowQuery.load(row).dotColumns(this.sums, m, this.slotBound(), this.rowDots);
    for (const o of this.live) {
      if (o === c) continue;
      const p = this.rowDots[o.slot]!;
      this.pairs[c.slot * m + o.slot] = p;
      this.pairs[o.slot * m + c.slot] = p;
    }
    this.pairs[c.slot * m + c.slot] = c.norm2;
    c.drift = 0;
  }

  /** Merges `c` with every live cluster whose centroid became close enough; returns the survivor. */
  private mergeAround(c: Cluster<T>): Cluster<T> {
    const m = this.maxClusters;
    let current = c;
    for (;;) {
      const n = Math.sqrt(current.norm2);
      let other: Cluster<T> | undefined;
      let bestSim = this.mergeThreshold;
      for (const o of this.live) {
        if (o === current) continue;
        const sim = this.pairs[current.slot * m + o.slot]! / (n * Math.sqrt(o.norm2));
        if (sim >= bestSim) {
          bestSim = sim;
          other = o;
        }
      }
      if (!other) return current;
      const [into, from] = other.mass > current.mass ? [other, current] : [current, other];
      this.absorb(into, from);
      current = into;
    }
  }

  private absorb(into: Cluster<T>, from: Cluster<T>): void {
    const m = this.maxClusters;
    for (let i = 0; i < this.dim; i++) this.sums[i * m + into.slot]! += this.sums[i * m + from.slot]!;
    for (const o of this.live) {
      if (o === into || o === from) continue;
      const p = this.pairs[into.slot * m + o.slot]! + this.pairs[from.slot * m + o.slot]!;
      this.pairs[into.slot * m + o.slot] = p;
      this.pairs[o.slot * m + into.slot] = p;
    }
    into.norm2 = into.norm2 + from.norm2 + 2 * this.pairs[into.slot * m + from.slot]!;
    this.pairs[into.slot * m + into.slot] = into.norm2;
    into.drift += from.drift + 1;
    into.mass += from.mass;
    into.total += from.total;
    into.firstTime = Math.min(into.firstTime, from.firstTime);
    into.lastTime = Math.max(into.lastTime, from.lastTime);
    // Buckets: merge two ascending lists
    const buckets: number[] = [];
    const counts: number[] = [];
    let i = 0;
    let j = 0;
    while (i < into.buckets.length || j < from.buckets.length) {
      const x = into.buckets[i] ?? Infinity;
      const y = from.buckets[j] ?? Infinity;
      if (x === y) {
        buckets.push(x);
        counts.push(into.counts[i++]! + from.counts[j++]!);
      } else if (x < y) {
        buckets.push(x);
        counts.push(into.counts[i++]!);
      } else {
        buckets.push(y);
        counts.push(from.counts[j++]!);
      }
    }
    into.buckets = buckets;
    into.counts = counts;
    for (const [k, w] of from.terms) into.terms.set(k, (into.terms.get(k) ?? 0) + w);
    if (into.terms.size > this.maxTerms * 1.5) pruneMap(into.terms, this.maxTerms);
    for (const [k, w] of from.tags) into.tags.set(k, (into.tags.get(k) ?? 0) + w);
    into.recent = [...into.recent, ...from.recent].sort((p, q) => p.time - q.time).slice(-this.recentSamples);
    const pool = [...into.reservoir, ...from.reservoir];
    while (pool.length > this.reservoirSamples) pool.splice(Math.floor(this.random() * pool.length), 1);
    into.reservoir = pool;
    into.seen += from.seen;
    this.remove(from);
    this.onMerge?.(from.id, into.id);
  }

  /** Takes a cluster out of the live list and frees its slot. */
  private remove(c: Cluster<T>): void {
    const i = this.live.indexOf(c);
    if (i >= 0) this.live.splice(i, 1);
    this.freeSlots.push(c.slot);
  }

  /** Drops clusters with no message within the horizon. */
  private expire(now: number): void {
    const limit = now - this.horizonMs;
    if (!this.live.some((c) => c.lastTime < limit)) return;
    const kept: Cluster<T>[] = [];
    for (const c of this.live) {
      if (c.lastTime >= limit) kept.push(c);
      else this.freeSlots.push(c.slot);
    }
    this.live = kept;
  }

  private evictLightest(): void {
    let lightest = this.live[0]!;
    for (const c of this.live) if (c.mass < lightest.mass) lightest = c;
    this.remove(lightest);
  }

  private centroidOf(c: Cluster<T>): Float32Array {
    const out = this.rowOf(c, new Float32Array(this.dim));
    const inv = 1 / Math.sqrt(dot(out, out));
    if (Number.isFinite(inv)) for (let i = 0; i < out.length; i++) out[i] = out[i]! * inv;
    else out.fill(0);
    return out;
  }

  private samplesOf(c: Cluster<T>): T[] {
    const all = new Set<T>(c.reservoir);
    for (const m of c.recent) all.add(m);
    return [...all].sort((a, b) => a.time - b.time);
  }
}

/** The distinct terms in first-seen order: `terms` itself when it has no repeat (the usual case). */
function distinct(terms: readonly string[]): readonly string[] {
  for (let i = 1; i < terms.length; i++) if (terms.lastIndexOf(terms[i]!, i - 1) >= 0) return [...new Set(terms)];
  return terms;
}

/** Keeps the `keep` heaviest entries of a weight map. */
function pruneMap(map: Map<string, number>, keep: number): void {
  const sorted = [...map.entries()].sort((a, b) => b[1] - a[1]);
  map.clear();
  for (let i = 0; i < Math.min(keep, sorted.length); i++) map.set(sorted[i]![0], sorted[i]![1]);
}
