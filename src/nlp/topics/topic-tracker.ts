import type { EmoteOffset } from '../../chat/message.js';
import type { Clusterer } from './clusterer.js';
import { CtfidfLabeller, type TypeThresholds } from './ctfidf-labeller.js';
import { extractFeatures, TermForms, type MessageFeatures, type TopicTag } from './features.js';
import type { Labeller, LabelledItem, TopicType } from './labeller.js';
import { OnlineClusterer, type OnlineClustererOptions } from './online-clusterer.js';

/** Texts whose features a tracker remembers (the memo is emptied when full). */
const FEATURE_MEMO_ENTRIES = 4096;

/** One chat message offered to a tracker. */
export interface TopicInput {
  /** Message id (Twitch `id` tag, or any unique id offline). */
  id: string;
  text: string;
  /** Message time, ms since the epoch. */
  time: number;
  /** Sentence vector (unit length); messages without one are skipped. */
  vector: Float32Array | undefined;
  /** 1-based line of a recorded file, for replays. */
  line?: number;
  /** Twitch emote tags, when known. */
  emotes?: readonly EmoteOffset[];
}

/** A message as kept in cluster samples. */
export interface TopicMember extends LabelledItem {
  id: string;
  line?: number;
  terms: string[];
  tags: TopicTag[];
  quality: number;
  key: string;
}

/** A labelled topic of the live chat. */
export interface Topic {
  /** Cluster id (stable while the cluster lives). */
  id: number;
  /** c-TF-IDF keywords, best first, in display form. */
  keywords: string[];
  type: TopicType;
  /** Messages in the requested window. */
  count: number;
  /** Messages since the cluster started. */
  total: number;
  /** Time-decayed size (ranking key). */
  weight: number;
  /** The message that stands for the topic. */
  representative: { id: string; text: string; time: number; line?: number } | null;
  /** False when the representative adds nothing to the keywords (then chat answers omit it). */
  informative: boolean;
  firstTime: number;
  lastTime: number;
}

/** Options of {@link TopicTracker}. Clustering options apply to the default clusterer only. */
export interface TopicTrackerOptions extends OnlineClustererOptions {
  /** Replaces the default {@link OnlineClusterer}. */
  clusterer?: Clusterer<TopicMember>;
  /** Replaces the default {@link CtfidfLabeller}. */
  labeller?: Labeller<TopicMember>;
  /** Command prefix (commands are tagged, and typed `Commands`). Default `!`. */
  prefix?: string;
  /** Most keywords per topic. Default 3. */
  maxKeywords?: number;
  /** Type thresholds of the default labeller. */
  types?: TypeThresholds;
}

/** Options of {@link TopicTracker.topics}. */
export interface TopicQuery {
  /** Window in ms. Default: the horizon. */
  windowMs?: number;
  /** Most topics returned. Default 5. */
  limit?: number;
  /** Fewest messages in the window for a cluster to count as a topic. Default 3. */
  minCount?: number;
}

/**
 * Rolling topics of one chat: lexical features + online clustering + labels. Feed it every
 * message worth clustering (`ingest`), ask for the current topics at any time (`topics`). Works
 * the same live and offline: time comes from the messages and from the `now` you pass.
 */
export class TopicTracker {
  readonly clusterer: Clusterer<TopicMember>;
  readonly labeller: Labeller<TopicMember>;
  /** Window length used when a query does not say. */
  readonly horizonMs: number;
  private readonly forms = new TermForms();
  private readonly prefix: string;
  private ingested = 0;
  /** Cluster id -> time until which it is hidden (it looked like spam that moderation caught). */
  private readonly hidden = new Map<number, number>();
  /** Features of recent texts without emote tags (chat repeats itself: half the messages of a show). */
  private readonly features = new Map<string, MessageFeatures>();

  constructor(options: TopicTrackerOptions = {}) {
    this.horizonMs = options.horizonMs ?? 600_000;
    this.clusterer = options.clusterer ?? new OnlineClusterer<TopicMember>(options);
    this.labeller =
      options.labeller ??
      new CtfidfLabeller<TopicMember>({
        display: (k) => this.forms.display(k),
        ...(options.maxKeywords !== undefined ? { maxKeywords: options.maxKeywords } : {}),
        ...(options.types ? { types: options.types } : {}),
      });
    this.prefix = options.prefix ?? '!';
  }

  /** Messages ingested so far. */
  get messages(): number {
    return this.ingested;
  }

  /** Adds a message; returns its cluster id, or -1 when it has no usable vector. */
  ingest(input: TopicInput): number {
    if (!input.vector) return -1;
    const f = this.featuresOf(input);
    const member: TopicMember = {
      id: input.id,
      text: input.text,
      time: input.time,
      vector: input.vector,
      terms: f.terms,
      tags: f.tags,
      quality: f.quality,
      key: f.key,
      ...(input.line !== undefined ? { line: input.line } : {}),
    };
    const id = this.clusterer.add(member);
    if (id >= 0) {
      this.ingested++;
      for (let i = 0; i < f.terms.length; i++) this.forms.record(f.terms[i]!, f.surfaces[i]!);
    }
    return id;
  }

  /** {@link extractFeatures} of the message, from the memo when its text came recently (and it has no emote tags). */
  private featuresOf(input: TopicInput): MessageFeatures {
    const emotes = input.emotes;
    const memoKey = !emotes ? `-${input.text}` : emotes.length === 0 ? `0${input.text}` : undefined;
    let f = memoKey === undefined ? undefined : this.features.get(memoKey);
    if (!f) {
      f = extractFeatures(input.text, { prefix: this.prefix, ...(emotes ? { emotes } : {}) });
      if (memoKey !== undefined) {
        if (this.features.size >= FEATURE_MEMO_ENTRIES) this.features.clear();
        this.features.set(memoKey, f);
      }
    }
    return f;
  }

  /**
   * Hides, for a horizon, the cluster a moderated message would have joined when it is at least
   * `minSimilarity` alike: the first copies of a raid or spam wave reach the clusters before
   * moderation catches on, and `!topic` must not quote them. Returns the hidden cluster id.
   * @param minSimilarity cosine to the cluster's centroid. Default 0.6.
   */
  suppressLike(vector: Float32Array | undefined, time: number, minSimilarity = 0.6): number | undefined {
    if (!vector) return undefined;
    const near = this.clusterer.nearest(vector);
    if (!near || near.similarity < minSimilarity) return undefined;
    this.hidden.set(near.id, time + this.horizonMs);
    return near.id;
  }

  /** The heaviest topics of the window ending at `now`, labelled, heaviest first. */
  topics(now: number, query: TopicQuery = {}): Topic[] {
    const windowMs = Math.min(query.windowMs ?? this.horizonMs, this.horizonMs);
    const limit = Math.max(0, query.limit ?? 5);
    const minCount = Math.max(1, query.minCount ?? 3);
    const all = this.clusterer.clusters(now, windowMs);
    for (const [id, until] of this.hidden) if (until < now) this.hidden.delete(id);
    const top = all.filter((c) => c.count >= minCount && !this.hidden.has(c.id)).slice(0, limit);
    const chosen = new Set(top);
    const ordered = [...top, ...all.filter((c) => !chosen.has(c))];
    const labels = this.labeller.label(ordered, { now, windowMs, limit: top.length });
    return top.map((c, i) => {
      const l = labels[i]!;
      const r = l.representative;
      return {
        id: c.id,
        keywords: l.keywords,
        type: l.type,
        count: c.count,
        total: c.total,
        weight: c.weight,
        representative: r ? { id: r.id, text: r.text, time: r.time, ...(r.line !== undefined ? { line: r.line } : {}) } : null,
        informative: l.informative,
        firstTime: c.firstTime,
        lastTime: c.lastTime,
      };
    });
  }

  /** Forgets every cluster (e.g. when the encoder changes). */
  clear(): void {
    this.clusterer.clear();
  }
}
