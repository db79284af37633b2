import { createRequire } from 'node:module';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { normalizeText } from '../nlp/normalize.js';
import { dot } from '../nlp/similarity.js';
import { CHAT_SPELLINGS, canonicalTokens } from './canonical.js';
import type { FaqEntry } from './entry.js';
import { EMPTY_LEXICON, viewerLexicon, type Lexicon } from './lexicon.js';
import { isExclamation, isQuestionLike } from './question.js';

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
  /** Fold chat spellings ("c koi", "whats ur") before matching. Default true. */
  spelling?: boolean;
  /** Relates words across spellings and languages. Default: the shipped viewer lexicon; `null`: words only. */
  lexicon?: Lexicon | null;
  /** Weight of a word found only in the entry's answer, relative to one of its examples (0 = answers ignored). Default 0.6. */
  answerWeight?: number;
  /**
   * Leave unanswered a question about another aspect of the thing an entry names (price, story,
   * opinion, advice... that the entry's examples and answer never mention) and exclamations ("what
   * a tune lol"). Default true.
   */
  aspects?: boolean;
  /** Extra weight of a lexicon topic word in the lexical score. Default 1.5. */
  topicWeight?: number;
  /**
   * How much lower the threshold is for a message whose lexicon topics are all keywords of the
   * best entry (it names only what that entry is about). Default 0.15.
   */
  topicBonus?: number;
}

/**
 * How common a word is in the channel's own chat (share of recent messages holding it): a name or
 * emote that chat types all the time is not evidence against an entry. See `ChatVocabulary`.
 */
export interface WordCommonness {
  share(word: string): number;
}

/** A message (or example) as the index reads it. */
export interface FaqReading {
  /** Tokens after spelling folding and the lexicon (topic words replaced by their topic id). */
  tokens: string[];
  /** The text that is encoded: `tokens` joined by spaces. */
  text: string;
  topics: ReadonlySet<string>;
  aspects: ReadonlySet<string>;
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
  reason?: 'empty' | 'keyword' | 'threshold' | 'margin' | 'aspect' | 'exclamation';
  /** With reason `aspect`: the aspects of the message the entry never mentions. */
  aspects?: string[];
}

/**
 * Stop words of French, English and the other languages viewers often write in (stopwords-iso):
 * no weight when no entry uses them, so "¿de dónde eres?" is not penalised for "de" and "eres".
 */
const GENERIC_WORDS: ReadonlySet<string> = (() => {
  const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
  return new Set(['fr', 'en', 'es', 'de', 'it', 'pt'].flatMap((l) => (lists[l] ?? []).map((w) => normalizeText(w))));
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
export function stem(word: string): string {
  return word.length > 5 && !FUNCTION_WORDS.has(word) ? word.slice(0, 5) : word;
}

interface IndexedEntry {
  entry: FaqEntry;
  /** Vectors of the read examples, in example order. */
  vectors: Float32Array[];
  /** Example index of each vector (examples with no word have none). */
  exampleOf: number[];
  vocabulary: Set<string>;
  /** Number of examples holding each word. */
  exampleCounts: Map<string, number>;
  /** Words of the answer that no example has. */
  answerVocabulary: Set<string>;
  aspects: Set<string>;
}

/** Answer pieces that are no evidence: URL and mention markers, URL parts. */
const ANSWER_NOISE: ReadonlySet<string> = new Set(['url', 'mention', 'com', 'www', 'https', 'http', 'gg', 'tv', 'fr', 'net', 'org', 'exemple', 'example']);

/** How much more often an entry's examples must use a word than another entry's to make it its keyword. */
const KEYWORD_DOMINANCE = 2;

/** How far a word that chat types often loses its weight: weight / (1 + share * this). */
const CHAT_COMMONNESS_DAMPING = 200;

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
  private readonly answerWeight: number;
  private readonly checkAspects: boolean;
  private readonly topicWeight: number;
  private readonly topicBonus: number;
  private readonly df = new Map<string, number>();
  /** Entries whose examples hold each word, with the share of their examples that do. */
  private readonly exampleShare = new Map<string, Map<string, number>>();

  private constructor(
    readonly encoderId: string,
    private readonly items: IndexedEntry[],
    private readonly reader: FaqReader,
    options: FaqIndexOptions,
  ) {
    this.lexicalWeight = options.lexicalWeight ?? 0.35;
    this.requireKeyword = options.requireKeyword ?? true;
    this.nearCopy = options.nearCopy ?? 0.9;
    this.answerWeight = options.answerWeight ?? 0.6;
    this.checkAspects = options.aspects ?? true;
    this.topicWeight = options.topicWeight ?? 1.5;
    this.topicBonus = options.topicBonus ?? 0.15;
    // IDF over entries (examples and answers): a word of one entry only is that entry's keyword
    const df = this.df;
    for (const it of items) for (const w of new Set([...it.vocabulary, ...it.answerVocabulary])) df.set(w, (df.get(w) ?? 0) + 1);
    for (const it of items) {
      for (const [w, n] of it.exampleCounts) {
        let m = this.exampleShare.get(w);
        if (!m) this.exampleShare.set(w, (m = new Map()));
        m.set(it.entry.id, n / Math.max(1, it.vectors.length));
      }
    }
    const n = Math.max(1, items.length);
    for (const [w, d] of df) this.idf.set(w, Math.log((n + 1) / d));
    this.unknownWeight = Math.log(n + 1);
  }

  /** Encodes the examples (reusing cached vectors of the same encoder) and builds the index. */
  static async build(entries: readonly FaqEntry[], encoder: SharedEncoder, cache?: VectorCache, options: FaqIndexOptions = {}): Promise<FaqIndex> {
    const reader = new FaqReader(options);
    const read = entries.map((e) => e.examples.map((q) => reader.read(q)));
    const texts = [
      ...new Set(
        read
          .flat()
          .map((r) => r.text)
          .filter((t) => t.length > 0),
      ),
    ];
    // Cached vectors first, then encode the rest in one batch
    const vectors = cache ? cache.cachedVectors(encoder.id, texts, encoder.dim) : new Map<string, Float32Array>();
    const missing = texts.filter((t) => !vectors.has(t));
    if (missing.length > 0) {
      const fresh = await encoder.encodeBatch(missing);
      missing.forEach((t, i) => vectors.set(t, fresh[i]!));
      cache?.saveVectors(encoder.id, vectors);
    }
    const useAnswer = (options.answerWeight ?? 0.6) > 0;
    const items = entries.map((entry, i) => {
      const rows = read[i]!;
      const kept = rows.map((r, k) => ({ r, k })).filter(({ r }) => r.text.length > 0);
      const exampleCounts = new Map<string, number>();
      for (const { r } of kept) for (const w of new Set(r.tokens.map((t) => reader.stem(t)))) exampleCounts.set(w, (exampleCounts.get(w) ?? 0) + 1);
      const vocabulary = new Set(exampleCounts.keys());
      const aspects = new Set(kept.flatMap(({ r }) => [...r.aspects]));
      const answerVocabulary = new Set<string>();
      if (useAnswer) {
        const answer = reader.read(entry.answer);
        for (const t of answer.tokens) {
          const w = reader.stem(t);
          if (w.length < 3 || vocabulary.has(w) || ANSWER_NOISE.has(w) || FUNCTION_WORDS.has(w) || GENERIC_WORDS.has(w)) continue;
          answerVocabulary.add(w);
        }
      }
      return {
        entry,
        vectors: kept.map(({ r }) => vectors.get(r.text)!),
        exampleOf: kept.map(({ k }) => k),
        vocabulary,
        exampleCounts,
        answerVocabulary,
        aspects,
      };
    });
    return new FaqIndex(encoder.id, items, reader, options);
  }

  /**
   * Whether an example word is a keyword of an entry: used by its examples only, or by a share of
   * them at least KEYWORD_DOMINANCE times larger than in any other entry ("demain" in most
   * schedule examples and in one topic example is still a schedule word).
   */
  private isKeywordOf(word: string, id: string): boolean {
    const shares = this.exampleShare.get(word);
    const own = shares?.get(id);
    if (!shares || own === undefined) return false;
    for (const [other, share] of shares) if (other !== id && own < share * KEYWORD_DOMINANCE) return false;
    return true;
  }

  /** Reads a message the way the index reads its examples. */
  read(text: string): FaqReading {
    return this.reader.read(text);
  }

  get size(): number {
    return this.items.length;
  }

  get entries(): FaqEntry[] {
    return this.items.map((it) => it.entry);
  }

  /** Weight of a message word for the lexical score (0 for generic words no entry uses). */
  private weight(word: string, chat: WordCommonness | undefined): number {
    if (FUNCTION_WORDS.has(word)) return 0;
    const idf = this.idf.get(word);
    if (idf !== undefined) return this.reader.isTopic(word) ? idf * this.topicWeight : idf;
    if (GENERIC_WORDS.has(word) || word.length < 2) return 0;
    // A word unknown to every entry counts against them, less so when chat types it all the time
    return chat ? this.unknownWeight / (1 + chat.share(word) * CHAT_COMMONNESS_DAMPING) : this.unknownWeight;
  }

  /**
   * Scores every entry for a message, best first.
   * @param vector the encoder's vector of `reading.text`
   * @param chat how common words are in the channel's chat (optional)
   */
  score(vector: Float32Array, reading: FaqReading, chat?: WordCommonness): EntryScore[] {
    const words = [...new Set(reading.tokens.map((t) => this.reader.stem(t)))];
    const weights = words.map((w) => this.weight(w, chat));
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
          example = it.entry.examples[it.exampleOf[i]!] ?? '';
        }
      });
      let hit = 0;
      const keywords: string[] = [];
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        const inExamples = it.vocabulary.has(w);
        if (!inExamples && !it.answerVocabulary.has(w)) continue;
        hit += inExamples ? weights[i]! : weights[i]! * this.answerWeight;
        // A keyword: in this entry's examples only, or in its answer and nowhere else
        const specific = inExamples ? this.isKeywordOf(w, it.entry.id) : this.df.get(w) === 1;
        if (specific && !FUNCTION_WORDS.has(w) && w.length > 1) keywords.push(w);
      }
      const lexical = total > 0 ? hit / total : 0;
      const score = (1 - this.lexicalWeight) * semantic + this.lexicalWeight * lexical;
      out.push({ id: it.entry.id, score, semantic, lexical, example, keywords });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /**
   * Matches a message: the best entry must reach its threshold (or `threshold`), beat the best
   * other entry by `margin`, and not be asked about an aspect it never mentions.
   */
  match(vector: Float32Array, reading: FaqReading, threshold: number, margin: number, chat?: WordCommonness): FaqMatch {
    const ranked = this.score(vector, reading, chat);
    const best = ranked[0];
    const second = ranked[1];
    if (!best || reading.tokens.length === 0) return { best, second, accepted: false, reason: 'empty' };
    const item = this.items.find((it) => it.entry.id === best.id)!;
    const entry = item.entry;
    if (this.requireKeyword && best.keywords.length === 0 && best.semantic < this.nearCopy) return { best, second, accepted: false, reason: 'keyword' };
    if (this.checkAspects && best.semantic < this.nearCopy) {
      const foreign = [...reading.aspects].filter((a) => !item.aspects.has(a));
      if (foreign.length > 0) return { best, second, accepted: false, reason: 'aspect', aspects: foreign };
    }
    // Every thing the message names (lexicon topics) is what this entry, and no other, is about
    const onTopic = reading.topics.size > 0 && [...reading.topics].every((t) => best.keywords.includes(t));
    const needed = (entry.threshold ?? threshold) - (onTopic ? this.topicBonus : 0);
    if (best.score < needed) return { best, second, accepted: false, reason: 'threshold' };
    if (second && best.score - second.score < margin) return { best, second, accepted: false, reason: 'margin' };
    return { best, second, accepted: true };
  }

  /** Whether exclamations are left unanswered (the `aspects` option). */
  get skipsExclamations(): boolean {
    return this.checkAspects;
  }
}

/** Reads texts for an index: spelling folding, then the lexicon. */
class FaqReader {
  private readonly spellings: ReadonlyMap<string, string>;
  private readonly lexicon: Lexicon;

  constructor(options: FaqIndexOptions) {
    this.spellings = options.spelling === false ? new Map() : CHAT_SPELLINGS;
    this.lexicon = options.lexicon === null ? EMPTY_LEXICON : (options.lexicon ?? viewerLexicon());
  }

  read(text: string): FaqReading {
    const r = this.lexicon.read(canonicalTokens(text, this.spellings));
    return { tokens: r.tokens, text: r.tokens.join(' '), topics: r.topics, aspects: r.aspects };
  }

  /** `stem`, except for topic ids, which stay whole ("socials" is not "socialisme"). */
  stem(token: string): string {
    return this.lexicon.topicIds.has(token) ? token : stem(token);
  }

  isTopic(word: string): boolean {
    return this.lexicon.topicIds.has(word);
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
 * message's match. Undefined when the message has no word. Exclamations ("what a tune lol") are
 * not accepted. `chat`: how common words are in the channel's chat.
 */
export async function matchText(
  index: FaqIndex,
  encoder: SharedEncoder,
  text: string,
  threshold: number,
  margin: number,
  chat?: WordCommonness,
): Promise<FaqMatch | undefined> {
  const whole = index.read(text);
  if (whole.tokens.length === 0) return undefined;
  let result = index.match(await encoder.encode(whole.text), whole, threshold, margin, chat);
  for (const sentence of sentences(text)) {
    const p = prepareMessage(sentence);
    // A one-word piece ("ajd?") lacks the context to be a question on its own
    if (p.tokens.length < 2 || !isQuestionLike(sentence, p.tokens)) continue;
    const r = index.read(sentence);
    if (r.tokens.length === 0) continue;
    const m = index.match(await encoder.encode(r.text), r, threshold, margin, chat);
    if (m.accepted && (!result.accepted || m.best!.score > result.best!.score)) result = m;
  }
  if (result.accepted && index.skipsExclamations && isExclamation(text, prepareMessage(text).tokens)) {
    return { ...result, accepted: false, reason: 'exclamation' };
  }
  return result;
}
