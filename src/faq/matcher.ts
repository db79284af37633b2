import { createRequire } from 'node:module';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { dot } from '../nlp/similarity.js';
import { canonicalText, canonicalTokens } from './canonical.js';
import type { FaqEntry } from './entry.js';
import { isQuestionLike } from './question.js';

/** Where example vectors are cached between runs (the FAQ store implements it). */
export interface VectorCache {
  cachedVectors(encoderId: string, texts: readonly string[], dim: number): Map<string, Float32Array>;
  saveVectors(encoderId: string, vectors: ReadonlyMap<string, Float32Array>): void;
}

/** Options of {@link FaqIndex}. */
export interface FaqIndexOptions {
  /** Share of the lexical score in the final score (the rest is the encoder's similarity). Default 0.35. */
  lexicalWeight?: number;
  /**
   * Only answer when the message holds a keyword of the best entry: a word found in that entry's
   * examples only (not a function or question word). Default true.
   */
  requireKeyword?: boolean;
  /** Similarity to one example above which the message counts as that example (no keyword needed). Default 0.9. */
  nearCopy?: number;
}

/** How well a message matches one entry. */
export interface EntryScore {
  id: string;
  /** Final score: (1 - lexicalWeight) * semantic + lexicalWeight * lexical. */
  score: number;
  /** Best cosine similarity of the message to one of the entry's examples. */
  semantic: number;
  /** IDF-weighted share of the message's words that belong to the entry's examples. */
  lexical: number;
  /** The example closest to the message. */
  example: string;
  /** Words of the message that are keywords of this entry (see `requireKeyword`). */
  keywords: string[];
}

/** The outcome of matching a message against the FAQ. */
export interface FaqMatch {
  best: EntryScore | undefined;
  /** Best score among the other entries. */
  second: EntryScore | undefined;
  /** True when `best` passes its threshold with the required margin. */
  accepted: boolean;
  /** Why the best entry was not accepted, when it was not. */
  reason?: 'empty' | 'keyword' | 'threshold' | 'margin';
}

/** French and English stop words (stopwords-iso): no weight when no entry uses them. */
const GENERIC_WORDS: ReadonlySet<string> = (() => {
  const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
  return new Set([...(lists['fr'] ?? []), ...(lists['en'] ?? [])]);
})();

/** Function words: never an entry's keyword, whatever the examples. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'c est s a il y on tu te ta ton tes t vous votre vos je j me ma mon mes le la les l de d du des un une en au aux ' +
    'et ou que qu ce cet cette ces ca se sa ses sur dans par pour avec pas ne n plus bien la ici quoi qui quel ' +
    'comment quand pourquoi combien as es ai ont sont etre avoir fait faire peut peux svp ' +
    'the a an is are was be do does did can could you your u i me my it this that there what when where why who how ' +
    'which of in on at to for with and or have has any some'
  ).split(' '),
);

/** Cheap stemming for the lexical score: words longer than 5 letters keep their first 5 ("rejoindre" ~ "rejoint"). */
function stem(word: string): string {
  return word.length > 5 && !FUNCTION_WORDS.has(word) ? word.slice(0, 5) : word;
}

interface IndexedEntry {
  entry: FaqEntry;
  /** Vectors of the canonical examples, in example order. */
  vectors: Float32Array[];
  vocabulary: Set<string>;
}

/**
 * The FAQ of one channel, ready to match: example vectors from the shared encoder (cached per
 * encoder id, so changing the encoder recomputes them) and the lexical statistics of the examples.
 */
export class FaqIndex {
  private readonly idf = new Map<string, number>();
  private readonly unknownWeight: number;
  private readonly lexicalWeight: number;
  private readonly requireKeyword: boolean;
  private readonly nearCopy: number;
  private readonly df = new Map<string, number>();

  private constructor(
    readonly encoderId: string,
    private readonly items: IndexedEntry[],
    options: FaqIndexOptions,
  ) {
    this.lexicalWeight = options.lexicalWeight ?? 0.35;
    this.requireKeyword = options.requireKeyword ?? true;
    this.nearCopy = options.nearCopy ?? 0.9;
    // IDF over entries: a word in one entry only is that entry's keyword
    const df = this.df;
    for (const it of items) for (const w of it.vocabulary) df.set(w, (df.get(w) ?? 0) + 1);
    const n = Math.max(1, items.length);
    for (const [w, d] of df) this.idf.set(w, Math.log((n + 1) / d));
    this.unknownWeight = Math.log(n + 1);
  }

  /** Encodes the examples (reusing cached vectors of the same encoder) and builds the index. */
  static async build(entries: readonly FaqEntry[], encoder: SharedEncoder, cache?: VectorCache, options: FaqIndexOptions = {}): Promise<FaqIndex> {
    // Canonical example texts, deduplicated
    const canon = entries.map((e) => e.examples.map((q) => canonicalText(q)));
    const texts = [...new Set(canon.flat().filter((t) => t.length > 0))];
    // Cached vectors first, then encode the rest in one batch
    const vectors = cache ? cache.cachedVectors(encoder.id, texts, encoder.dim) : new Map<string, Float32Array>();
    const missing = texts.filter((t) => !vectors.has(t));
    if (missing.length > 0) {
      const fresh = await encoder.encodeBatch(missing);
      missing.forEach((t, i) => vectors.set(t, fresh[i]!));
      cache?.saveVectors(encoder.id, vectors);
    }
    const items = entries.map((entry, i) => {
      const rows = canon[i]!.filter((t) => t.length > 0);
      const vocabulary = new Set(rows.flatMap((t) => t.split(' ').map(stem)));
      return { entry, vectors: rows.map((t) => vectors.get(t)!), vocabulary };
    });
    return new FaqIndex(encoder.id, items, options);
  }

  get size(): number {
    return this.items.length;
  }

  get entries(): FaqEntry[] {
    return this.items.map((it) => it.entry);
  }

  /** Weight of a message word for the lexical score (0 for generic words no entry uses). */
  private weight(word: string): number {
    if (FUNCTION_WORDS.has(word)) return 0;
    const idf = this.idf.get(word);
    if (idf !== undefined) return idf;
    return GENERIC_WORDS.has(word) || word.length < 2 ? 0 : this.unknownWeight;
  }

  /**
   * Scores every entry for a message, best first.
   * @param vector the encoder's vector of `canonicalText(text)`
   * @param tokens `canonicalTokens(text)`
   */
  score(vector: Float32Array, tokens: readonly string[]): EntryScore[] {
    const words = [...new Set(tokens.map(stem))];
    const weights = words.map((w) => this.weight(w));
    let total = 0;
    for (const x of weights) total += x;
    const out: EntryScore[] = [];
    for (const it of this.items) {
      let semantic = 0;
      let example = '';
      it.vectors.forEach((v, i) => {
        const s = dot(vector, v);
        if (s > semantic) {
          semantic = s;
          example = it.entry.examples[i] ?? '';
        }
      });
      let hit = 0;
      const keywords: string[] = [];
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (!it.vocabulary.has(w)) continue;
        hit += weights[i]!;
        if (this.df.get(w) === 1 && !FUNCTION_WORDS.has(w) && w.length > 1) keywords.push(w);
      }
      const lexical = total > 0 ? hit / total : 0;
      const score = (1 - this.lexicalWeight) * semantic + this.lexicalWeight * lexical;
      out.push({ id: it.entry.id, score, semantic, lexical, example, keywords });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /**
   * Matches a message: the best entry must reach its threshold (or `threshold`) and beat the
   * best other entry by `margin`.
   */
  match(vector: Float32Array, tokens: readonly string[], threshold: number, margin: number): FaqMatch {
    const ranked = this.score(vector, tokens);
    const best = ranked[0];
    const second = ranked[1];
    if (!best || tokens.length === 0) return { best, second, accepted: false, reason: 'empty' };
    const entry = this.items.find((it) => it.entry.id === best.id)!.entry;
    if (this.requireKeyword && best.keywords.length === 0 && best.semantic < this.nearCopy) return { best, second, accepted: false, reason: 'keyword' };
    if (best.score < (entry.threshold ?? threshold)) return { best, second, accepted: false, reason: 'threshold' };
    if (second && best.score - second.score < margin) return { best, second, accepted: false, reason: 'margin' };
    return { best, second, accepted: true };
  }
}

/** Canonical tokens and text of a message, computed once. */
export function prepareMessage(text: string): { tokens: string[]; text: string } {
  const tokens = canonicalTokens(text);
  return { tokens, text: tokens.join(' ') };
}

/** Sentences of a message, split after `?`, `!` or `.` (none when it has only one). */
export function sentences(text: string): string[] {
  const parts = text
    .split(/(?<=[?!.？]+)\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.length > 1 ? parts : [];
}

/**
 * Matches a message, then each of its question-like sentences of two words or more alone ("quel
 * est le son en fond ? il est trop bien"): the best accepted match wins, else the whole
 * message's match. Undefined when the message has no word. `whole`: `prepareMessage(text)`, when
 * the caller has it already.
 */
export async function matchText(
  index: FaqIndex,
  encoder: SharedEncoder,
  text: string,
  threshold: number,
  margin: number,
  whole: { tokens: string[]; text: string } = prepareMessage(text),
): Promise<FaqMatch | undefined> {
  if (whole.tokens.length === 0) return undefined;
  let result = index.match(await encoder.encode(whole.text), whole.tokens, threshold, margin);
  for (const sentence of sentences(text)) {
    const p = prepareMessage(sentence);
    // A one-word piece ("ajd?") lacks the context to be a question on its own
    if (p.tokens.length < 2 || !isQuestionLike(sentence, p.tokens)) continue;
    const m = index.match(await encoder.encode(p.text), p.tokens, threshold, margin);
    if (m.accepted && (!result.accepted || m.best!.score > result.best!.score)) result = m;
  }
  return result;
}
