import { normalizeText } from '../nlp/normalize.js';
import { SparseQuery } from '../nlp/similarity.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { BlocklistExample, ModerationStore } from './moderation-store.js';
import { SEED_BLOCKLIST } from './blocklist-seed.js';
import { hasDomainLike } from './text-features.js';

/** An example with its vector. */
interface EncodedExample extends BlocklistExample {
  vector: Float32Array;
  /** The example holds a link or a domain. */
  hasLink: boolean;
}

/** Best match of a message against the blocklist. */
export interface BlocklistMatch {
  example: BlocklistExample;
  /** Cosine similarity to the example. */
  score: number;
  /** Similarity the message needed for this example (threshold, plus the link margin if any). */
  required: number;
}

const encoded = (e: BlocklistExample, vector: Float32Array): EncodedExample => ({ ...e, vector, hasLink: hasDomainLike(normalizeText(e.text)) });

/**
 * One channel's semantic blocklist: the stored examples with their vectors, kept in memory after
 * the first load. Lookups are a linear scan (lists hold tens to a few hundred examples).
 */
/** A message caught by the blocklist, kept for a while as a temporary example. */
export interface LearnedExample {
  messageId: string;
  text: string;
  vector: Float32Array;
  /** Time it was caught (ms). */
  time: number;
  /** The stored example it matched. */
  exampleId: number;
}

/** Temporary examples kept at most (oldest dropped first). */
const MAX_LEARNED = 256;

export class ChannelBlocklist {
  private examples: EncodedExample[] = [];
  private learned: LearnedExample[] = [];
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** The message vector of the current lookup (a hashing encoder's is mostly zeros). */
  private readonly query = new SparseQuery();

  constructor(
    readonly channel: string,
    private readonly store: ModerationStore,
    private readonly encoder: SharedEncoder,
  ) {}

  get ready(): boolean {
    return this.loaded;
  }

  get size(): number {
    return this.examples.length;
  }

  /** Changes whenever the examples change (load, add, delete). */
  version = 0;

  /** The examples' vectors (read-only). */
  vectors(): Float32Array[] {
    return this.examples.map((e) => e.vector);
  }

  /** Loads (seeding first if asked) and encodes the examples once; later calls are free. */
  load(seed: boolean, now: number): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= (async () => {
      if (seed) this.store.seedBlocklist(this.channel, SEED_BLOCKLIST, now);
      const rows = this.store.listBlocklist(this.channel);
      const vectors = rows.length > 0 ? await this.encoder.encodeBatch(rows.map((r) => r.text)) : [];
      this.examples = rows.map((r, i) => encoded(r, vectors[i]!));
      this.loaded = true;
      this.version++;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * The example the message comes closest to matching (largest similarity above what it needs):
   * `threshold`, plus `linkMargin` when the example has a link and the message has none.
   */
  best(vector: Float32Array, messageHasLink: boolean, threshold: number, linkMargin: number): BlocklistMatch | undefined {
    let best: EncodedExample | undefined;
    let bestExcess = -Infinity;
    let score = 0;
    let required = 0;
    const query = this.query.load(vector);
    for (const e of this.examples) {
      const s = query.dot(e.vector);
      const need = threshold + (e.hasLink && !messageHasLink ? linkMargin : 0);
      if (s - need > bestExcess) {
        bestExcess = s - need;
        best = e;
        score = s;
        required = need;
      }
    }
    if (!best) return undefined;
    const { vector: _v, hasLink: _h, ...example } = best;
    return { example, score, required };
  }

  /** Keeps a caught message as a temporary example. */
  learn(l: LearnedExample): void {
    this.learned.push(l);
    if (this.learned.length > MAX_LEARNED) this.learned.shift();
  }

  /** The closest temporary example caught within `ttlMs`, if any reaches `threshold`. */
  bestLearned(vector: Float32Array, now: number, ttlMs: number, threshold: number): { learned: LearnedExample; score: number } | undefined {
    while (this.learned.length > 0 && this.learned[0]!.time < now - ttlMs) this.learned.shift();
    let best: LearnedExample | undefined;
    let score = threshold;
    const query = this.learned.length > 0 ? this.query.load(vector) : undefined;
    for (const l of this.learned) {
      const s = query!.dot(l.vector);
      if (s >= score) {
        score = s;
        best = l;
      }
    }
    return best ? { learned: best, score } : undefined;
  }

  /** Adds an example (stored, then encoded); returns its id. */
  async add(text: string, addedBy: string, now: number): Promise<number> {
    const vector = await this.encoder.encode(text);
    const id = this.store.addBlocklist(this.channel, text, addedBy, now);
    this.examples.push(encoded({ id, text, addedBy, source: 'mod' }, vector));
    this.version++;
    return id;
  }

  /** Removes an example by id; false when there is none. */
  delete(id: number): boolean {
    const ok = this.store.deleteBlocklist(this.channel, id);
    this.examples = this.examples.filter((e) => e.id !== id);
    this.version++;
    return ok;
  }

  list(): BlocklistExample[] {
    return this.store.listBlocklist(this.channel);
  }
}
