import { mulberry32 } from '../../util/random.js';
import { dot } from '../similarity.js';

/**
 * Where the measured tail of a null distribution ends and the extrapolation to similarity 1
 * starts: rates below `TAIL_PAIRS / pairs` rest on fewer than this many pairs.
 */
const TAIL_PAIRS = 10;
/** Rate at which the tail extrapolation reaches similarity 1 (linear in log10 of the rate). */
const FLOOR_RATE = 1e-7;
/** Points of the stored table per decade of rate. */
const POINTS_PER_DECADE = 20;

/** A null distribution as a table: similarity reached by the top `rates[k]` share of unrelated pairs. */
export interface NullTable {
  /** Decreasing false-match rates, from 0.5 down to the last one measured with enough pairs. */
  readonly rates: readonly number[];
  /** Similarity at or above which that share of unrelated pairs lies (non-decreasing). */
  readonly sims: readonly number[];
  /** Pairs the table was measured on. */
  readonly pairs: number;
  /** Messages the pairs were drawn from. */
  readonly messages: number;
  /** Mean similarity of the pairs. */
  readonly mean: number;
}

/** Options of {@link sampleNull}. */
export interface NullSampleOptions {
  /** Pairs drawn at most (all pairs when there are fewer). Default 200,000. */
  pairs?: number;
  /** Seed of the pair sampler (reproducible calibration). Default 1. */
  seed?: number;
  /**
   * Message times (ms), parallel to the vectors: pairs closer in time than `minGapMs` are left
   * out, so a copypasta wave or a conversation does not count as "unrelated". Optional.
   */
  times?: readonly number[];
  /** Smallest time gap of a pair, in ms, when `times` is given. Default 120,000 (2 min). */
  minGapMs?: number;
}

/** Identity of a vector's contents (identical texts give identical vectors: not an unrelated pair). */
function vectorKey(v: Float32Array): string {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < v.length; i++) {
    const x = Math.round(v[i]! * 1e6);
    h1 = (Math.imul(h1, 31) + x) | 0;
    h2 = (Math.imul(h2, 17) ^ x) | 0;
  }
  return `${h1}:${h2}`;
}

function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

/**
 * Similarities of random pairs of distinct messages: the encoder's similarity for unrelated chat.
 * Zero vectors and exact duplicates (same vector) are left out; with `times`, so are pairs
 * closer than `minGapMs` (when enough pairs remain).
 * @returns the sampled similarities, ascending
 */
export function sampleNull(vectors: readonly Float32Array[], options: NullSampleOptions = {}): { sims: Float64Array; messages: number } {
  const want = options.pairs ?? 200_000;
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]!;
    if (isZero(v)) continue;
    const k = vectorKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    keep.push(i);
  }
  const n = keep.length;
  const total = (n * (n - 1)) / 2;
  const times = options.times;
  const gap = options.minGapMs ?? 120_000;
  const farEnough = (a: number, b: number): boolean => !times || Math.abs(times[a]! - times[b]!) >= gap;
  const out: number[] = [];
  if (total <= want) {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (farEnough(keep[a]!, keep[b]!)) out.push(dot(vectors[keep[a]!]!, vectors[keep[b]!]!));
  } else {
    const rnd = mulberry32(options.seed ?? 1);
    // Rejection of close pairs is bounded: a chat shorter than the gap falls back to any pair
    for (let tries = 0; out.length < want && tries < want * 4; tries++) {
      const a = keep[Math.floor(rnd() * n)]!;
      const b = keep[Math.floor(rnd() * n)]!;
      if (a === b || !farEnough(a, b)) continue;
      out.push(dot(vectors[a]!, vectors[b]!));
    }
  }
  if (out.length < Math.min(want, total) / 4 && times) return sampleNull(vectors, { ...options, times: undefined });
  const sims = Float64Array.from(out).sort();
  return { sims, messages: n };
}

/** The table of a sample of null similarities (ascending). */
export function nullTable(sortedSims: Float64Array, messages: number): NullTable {
  const pairs = sortedSims.length;
  if (pairs === 0) throw new Error('calibration: no pair of distinct, non-empty messages to measure (need at least 2 different messages)');
  const rates: number[] = [];
  const sims: number[] = [];
  const minRate = Math.min(0.5, TAIL_PAIRS / pairs);
  for (let k = 0; ; k++) {
    const rate = 0.5 * Math.pow(10, -k / POINTS_PER_DECADE);
    if (rate < minRate && k > 0) break;
    // Similarity with `rate` of the pairs at or above it
    const above = Math.max(1, Math.round(rate * pairs));
    rates.push(rate);
    sims.push(sortedSims[pairs - above]!);
  }
  let sum = 0;
  for (const s of sortedSims) sum += s;
  return { rates, sims, pairs, messages, mean: sum / pairs };
}

/**
 * Null table of a few fixed texts (e.g. blocklist examples) against chat: every pair of a query
 * and a chat message, for a setting that compares each message to a list (its false-match rate
 * per message is about the list length times the per-pair rate, so the pairs that matter are
 * chat-to-list, not chat-to-chat). Zero vectors and chat duplicates are left out.
 */
export function measureCrossNull(queries: readonly Float32Array[], chat: readonly Float32Array[]): NullTable {
  const seen = new Set<string>();
  const out: number[] = [];
  let messages = 0;
  const qs = queries.filter((q) => !isZero(q));
  for (const c of chat) {
    if (isZero(c)) continue;
    const k = vectorKey(c);
    if (seen.has(k)) continue;
    seen.add(k);
    messages++;
    for (const q of qs) out.push(dot(q, c));
  }
  return nullTable(Float64Array.from(out).sort(), messages);
}

/** Builds the null table of some vectors (see {@link sampleNull}). */
export function measureNull(vectors: readonly Float32Array[], options: NullSampleOptions = {}): NullTable {
  const { sims, messages } = sampleNull(vectors, options);
  return nullTable(sims, messages);
}

/**
 * Share of unrelated pairs at or above similarity `s` (a false-match rate). Between table points:
 * linear in log10(rate); beyond the measured tail (where fewer than 10 pairs lie): linear in
 * log10(rate) from the last measured point up to similarity 1 at rate 1e-7, the same rule for
 * every encoder, so a setting beyond both tails keeps its relative place between the last
 * measured similarity and 1. (A slope fitted on the last measured decade was tried: the hash
 * encoder's sparse tail falls so fast that blocklist settings mapped to 1 for every model.)
 */
export function rateAtOrAbove(t: NullTable, s: number): number {
  const { rates, sims } = t;
  const last = sims.length - 1;
  if (s <= sims[0]!) return rates[0]!;
  if (s > sims[last]!) {
    const f = (Math.min(1, s) - sims[last]!) / (1 - sims[last]!);
    return Math.pow(10, Math.log10(rates[last]!) + f * (Math.log10(FLOOR_RATE) - Math.log10(rates[last]!)));
  }
  // First point whose similarity reaches s
  let k = 1;
  while (k < last && sims[k]! < s) k++;
  const s0 = sims[k - 1]!;
  const s1 = sims[k]!;
  const f = s1 > s0 ? (s - s0) / (s1 - s0) : 1;
  return Math.pow(10, Math.log10(rates[k - 1]!) + f * (Math.log10(rates[k]!) - Math.log10(rates[k - 1]!)));
}

/** Similarity at or above which a share `rate` of unrelated pairs lies (inverse of {@link rateAtOrAbove}). */
export function simForRate(t: NullTable, rate: number): number {
  const { rates, sims } = t;
  const last = sims.length - 1;
  if (rate >= rates[0]!) return sims[0]!;
  if (rate <= FLOOR_RATE) return 1;
  const lr = Math.log10(rate);
  if (rate < rates[last]!) {
    const f = Math.min(1, (Math.log10(rates[last]!) - lr) / (Math.log10(rates[last]!) - Math.log10(FLOOR_RATE)));
    return sims[last]! + f * (1 - sims[last]!);
  }
  let k = 1;
  while (k < last && rates[k]! > rate) k++;
  const l0 = Math.log10(rates[k - 1]!);
  const l1 = Math.log10(rates[k]!);
  const f = l1 < l0 ? (l0 - lr) / (l0 - l1) : 1;
  return sims[k - 1]! + f * (sims[k]! - sims[k - 1]!);
}

/** Percentile summary of a null table, for logs and reports. */
export function nullSummary(t: NullTable): { pairs: number; messages: number; mean: number; p90: number; p99: number; p999: number } {
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { pairs: t.pairs, messages: t.messages, mean: r(t.mean), p90: r(simForRate(t, 0.1)), p99: r(simForRate(t, 0.01)), p999: r(simForRate(t, 0.001)) };
}
