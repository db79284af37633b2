import { dot } from '../similarity.js';
import type { ClusterView } from './clusterer.js';
import type { TopicTag } from './features.js';
import { truncateText } from '../../chat/graphemes.js';
import type { LabelContext, LabelledItem, Labeller, TopicLabel, TopicType } from './labeller.js';

/** Share of a cluster's (decayed) messages that must carry a tag for the cluster to get a type. */
export interface TypeThresholds {
  /** Default 0.5. */
  commands?: number;
  /** Default 0.5. */
  votes?: number;
  /** Default 0.55. */
  emotes?: number;
  /** Default 0.4. */
  greetings?: number;
  /** Default 0.4. */
  thanks?: number;
  /** Default 0.5. */
  reactions?: number;
  /** Default 0.5. */
  links?: number;
  /** Default 0.35. */
  questions?: number;
  /** Share of opinion markers (`je pense`, `raison`, `c'est nul`...). Default 0.2. */
  opinions?: number;
  /** Share of long messages (8+ words) that also makes a cluster an Opinion. Default 0.4. */
  long?: number;
  /**
   * Share of one- or two-word messages that makes a cluster with no question Reactions (a name or
   * a word chanted: `DAZOT`, `Platon !`). Default 0.7.
   */
  short?: number;
}

/** Options of {@link CtfidfLabeller}. */
export interface CtfidfLabellerOptions {
  /** Most keywords per cluster. Default 3. */
  maxKeywords?: number;
  /** A keyword must appear in at least this share of the cluster's (decayed) messages. Default 0.12. */
  minTermShare?: number;
  /** Display form of a term key (accents, emote case). Default: the key itself. */
  display?: (key: string) => string;
  types?: TypeThresholds;
}

/**
 * BERTopic-style labels: class-based TF-IDF keywords of each cluster against every cluster of the
 * window (`tf(t, c) * log(1 + A / f(t))`, A = average term mass per cluster, f(t) = mass of t in
 * all clusters), a representative message close to the centroid and fit to quote, and a type from
 * the shares of the members' tags.
 */
export class CtfidfLabeller<T extends LabelledItem = LabelledItem> implements Labeller<T> {
  private readonly maxKeywords: number;
  private readonly minTermShare: number;
  private readonly display: (key: string) => string;
  private readonly types: Required<TypeThresholds>;

  constructor(options: CtfidfLabellerOptions = {}) {
    this.maxKeywords = options.maxKeywords ?? 3;
    this.minTermShare = options.minTermShare ?? 0.12;
    this.display = options.display ?? ((k) => k);
    this.types = {
      commands: 0.5,
      votes: 0.5,
      emotes: 0.55,
      greetings: 0.4,
      thanks: 0.4,
      reactions: 0.5,
      links: 0.5,
      questions: 0.35,
      opinions: 0.2,
      long: 0.4,
      short: 0.7,
      ...options.types,
    };
  }

  label(clusters: readonly ClusterView<T>[], context: LabelContext): TopicLabel<T>[] {
    // Term mass over the whole window, and the average term mass per cluster
    const global = new Map<string, number>();
    const totals: number[] = [];
    let sum = 0;
    for (const c of clusters) {
      let total = 0;
      for (const [t, w] of c.terms) {
        global.set(t, (global.get(t) ?? 0) + w);
        total += w;
      }
      totals.push(total);
      sum += total;
    }
    const average = clusters.length > 0 ? sum / clusters.length : 0;
    const n = Math.min(clusters.length, context.limit ?? clusters.length);
    return clusters.slice(0, n).map((c, i) => this.labelOne(c, totals[i]!, average, global, context));
  }

  private labelOne(c: ClusterView<T>, total: number, average: number, global: Map<string, number>, context: LabelContext): TopicLabel<T> {
    // Keywords: c-TF-IDF among terms frequent enough in the cluster
    // (a keyword should come from about two messages or more: one message's rare words are noise)
    const scored: { key: string; score: number; shared: boolean }[] = [];
    const shared = Math.min(0.5, Math.max(this.minTermShare, 1.5 / Math.max(1, c.total)));
    if (total > 0) {
      for (const [t, w] of c.terms) {
        if (w < this.minTermShare * c.mass) continue;
        const idf = Math.log(1 + average / (global.get(t) ?? w));
        scored.push({ key: t, score: (w / total) * idf, shared: w >= shared * c.mass });
      }
    }
    scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
    const from = context.now - context.windowMs;
    const inWindow = c.samples.filter((s) => s.time >= from);
    const candidates = inWindow.length > 0 ? inWindow : c.samples;
    // A keyword is said by two sampled messages or more: a fresh message outweighs older ones
    // once decayed, and one message's words say nothing of the cluster
    const support = new Map<string, number>();
    for (const s of candidates) for (const t of new Set(s.terms ?? [])) support.set(t, (support.get(t) ?? 0) + 1);
    const backed = scored.filter((x) => candidates.length < 2 || (support.get(x.key) ?? 0) >= 2);
    const keys: string[] = [];
    const pool = backed.some((x) => x.shared) ? backed.filter((x) => x.shared) : (backed.length > 0 ? backed : scored).slice(0, 1);
    for (const { key } of pool) {
      if (keys.length >= this.maxKeywords) break;
      if (keys.some((k) => sameStem(k, key))) continue;
      keys.push(key);
    }
    let keywords = keys.map(this.display);
    const keySet = new Set(keys);

    // Representative: close to the centroid, readable, mentions the keywords, within the window
    let representative: T | null = null;
    let bestScore = -Infinity;
    let quotable: T | null = null;
    let quotableScore = -Infinity;
    for (const s of candidates) {
      let hits = 0;
      let other = 0;
      for (const t of new Set(s.terms ?? [])) {
        if (keySet.has(t)) hits++;
        else other++;
      }
      const score = dot(s.vector, c.centroid) + (s.quality ?? 0) + 0.04 * Math.min(hits, 3);
      if (score > bestScore || (score === bestScore && representative && s.time > representative.time)) {
        bestScore = score;
        representative = s;
      }
      if (other > 0 && isInformative(s, keySet) && score > quotableScore) {
        quotableScore = score;
        quotable = s;
      }
    }
    // A message that says more than the keywords is worth quoting, if nearly as central
    if (quotable && quotableScore >= bestScore - 0.15) representative = quotable;

    // Last resort label: the most common whole message (`D`, `+1`, `LUL LUL`)
    if (keywords.length === 0) keywords = [mostCommonText(candidates.length > 0 ? candidates : c.samples)];
    const informative = representative !== null && isInformative(representative, keySet);
    return { keywords, representative, informative, type: this.typeOf(c) };
  }

  private typeOf(c: ClusterView<T>): TopicType {
    const share = (tag: TopicTag) => (c.mass > 0 ? (c.tags.get(tag) ?? 0) / c.mass : 0);
    const t = this.types;
    if (share('command') >= t.commands) return 'Commands';
    if (share('vote') >= t.votes) return 'Votes';
    if (share('emotes') >= t.emotes) return 'Emotes';
    if (share('greeting') >= t.greetings) return 'Greetings';
    if (share('thanks') >= t.thanks) return 'Thanks';
    if (share('reaction') >= t.reactions) return 'Reactions';
    if (share('link') >= t.links) return 'Links';
    if (share('question') >= t.questions) return 'Question';
    if (share('opinion') >= t.opinions || share('long') >= t.long) return 'Opinion';
    if (share('short') >= t.short) return 'Reactions';
    return 'Discussion';
  }
}

/** True when a message says more than the keywords, in words rather than emotes, and is long enough to quote. */
function isInformative(s: LabelledItem, keys: ReadonlySet<string>): boolean {
  const tags = s.tags ?? [];
  return [...s.text.trim()].length >= 12 && !tags.includes('emotes') && !tags.includes('command') && (s.terms ?? []).some((t) => !keys.has(t));
}

/** Plural/feminine variants of one word (`étudiant`, `étudiants`, `étudiante`). */
function sameStem(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4) return a === b;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && long.length - short.length <= 2;
}

/** The most frequent message (by folded key) among samples, shown as typed and trimmed. */
function mostCommonText(samples: readonly LabelledItem[]): string {
  const counts = new Map<string, { n: number; text: string }>();
  for (const s of samples) {
    const key = s.key ?? s.text.trim().toLowerCase();
    const e = counts.get(key);
    if (e) e.n++;
    else counts.set(key, { n: 1, text: s.text.trim() });
  }
  let best = { n: 0, text: '' };
  for (const e of counts.values()) if (e.n > best.n) best = e;
  return truncateText(best.text.replace(/\s+/gu, ' '), 24) || '…';
}
