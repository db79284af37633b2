import type { ReplayRecord } from './record.js';
import { mulberry32, searchCumulative } from '../util/random.js';

/** Options of {@link assignSyntheticUsers}. */
export interface SyntheticUserOptions {
  /** PRNG seed; the same file and seed always give the same users. Default 1. */
  seed?: number;
  /** Average messages per chatter, which sets the audience size. Default 6. */
  messagesPerUser?: number;
  /** Share of synthetic chatters who are subscribers. Default 0.25. */
  subscriberShare?: number;
}

/** What {@link assignSyntheticUsers} did, for the summary. */
export interface SyntheticUsersInfo {
  /** Messages that got a synthetic author. */
  messages: number;
  /** Distinct synthetic chatters used. */
  users: number;
  /** Share of those messages written by the busiest synthetic chatter. */
  topUserShare: number;
  /** Share of synthetic chatters who are subscribers. */
  subscriberShare: number;
  seed: number;
  /** One line for the summary and the report. */
  description: string;
}

/** Zipf-Mandelbrot offset and exponent: the busiest chatter writes ~3% of a 10k-message chat. */
const ZIPF_Q = 5;
const ZIPF_S = 1;

/** A uniform number in [0, 1) from a line number and a seed (so each line's author is stable). */
function unitHash(line: number, seed: number): number {
  let h = Math.imul(line ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(seed, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Gives every record without a user a synthetic chatter (`viewer_0001`, id `synthetic-1`, ...),
 * drawn from a Zipf-Mandelbrot distribution so a few regulars write much of the chat and most
 * chatters write once or twice, as on a real stream. Each line's author depends only on its line
 * number and the seed.
 * Returns undefined when every record already had a user.
 */
export function assignSyntheticUsers(records: ReplayRecord[], options: SyntheticUserOptions = {}): SyntheticUsersInfo | undefined {
  const missing = records.filter((r) => !r.user);
  if (missing.length === 0) return undefined;
  const seed = options.seed ?? 1;
  const perUser = options.messagesPerUser ?? 6;
  const subShare = options.subscriberShare ?? 0.25;
  const n = Math.max(5, Math.round(missing.length / perUser));
  // Cumulative weights of chatters 1..n.
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / Math.pow(k + 1 + ZIPF_Q, ZIPF_S);
    cdf[k] = total;
  }
  const subRand = mulberry32(seed ^ 0x9e3779b9);
  const isSub: boolean[] = Array.from({ length: n }, () => subRand() < subShare);
  const counts = new Map<number, number>();
  const width = String(n).length < 4 ? 4 : String(n).length;
  for (const r of missing) {
    const lo = searchCumulative(cdf, unitHash(r.line, seed) * total);
    const k = lo + 1;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    r.user = `viewer_${String(k).padStart(width, '0')}`;
    r.userId = `synthetic-${k}`;
    if (isSub[lo] && !r.roles.includes('subscriber')) r.roles = [...r.roles, 'subscriber'];
  }
  let top = 0;
  for (const c of counts.values()) if (c > top) top = c;
  const info: SyntheticUsersInfo = {
    messages: missing.length,
    users: counts.size,
    topUserShare: top / missing.length,
    subscriberShare: subShare,
    seed,
    description: '',
  };
  info.description =
    `${missing.length} message(s) had no author: assigned to ${counts.size} synthetic chatters ` +
    `(Zipf-like skew: the busiest wrote ${(info.topUserShare * 100).toFixed(1)}% of them; ~${Math.round(subShare * 100)}% subscribers, seed ${seed})`;
  return info;
}
