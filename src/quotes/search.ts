import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { dot } from '../nlp/similarity.js';
import { foldTerm, stopWords } from '../nlp/topics/features.js';
import type { Quote } from './store.js';

/** A quote and how close it is to the query. */
export interface QuoteMatch {
  quote: Quote;
  /** Cosine similarity of the sentence vectors (shared encoder). */
  score: number;
  /** Share of the query's content words found in the quote (same word or a shared 4+ letter stem). */
  words: number;
}

/** Shortest common start for two words to count as one (pizza / pizzas, spoile / spoiler). */
const STEM = 4;

/** Content words of a text, folded (accents, case, repeated letters), stop words left out. */
function contentWords(text: string): string[] {
  const stop = stopWords();
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .map(foldTerm)
    .filter((w) => w.length >= 2 && !stop.has(w));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  return n >= STEM && a.slice(0, Math.max(STEM, n - 2)) === b.slice(0, Math.max(STEM, n - 2));
}

/**
 * Finds quotes by meaning with the shared encoder: the query and every quote are encoded (quote
 * vectors are kept per text, so a channel's quotes are encoded once) and ranked by cosine. The
 * share of the query's content words the quote holds (stems: "pizzas" finds "pizza") backs the
 * encoder up on one-word queries, where a sentence vector says little.
 */
export class QuoteSearch {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly encoder: SharedEncoder) {}

  /** Quotes ranked by `score + words / 2`, best first. */
  async rank(query: string, quotes: readonly Quote[]): Promise<QuoteMatch[]> {
    if (quotes.length === 0) return [];
    const missing = [...new Set(quotes.map((q) => q.text).filter((t) => !this.vectors.has(t)))];
    if (missing.length > 0) {
      const vs = await this.encoder.encodeBatch(missing);
      if (this.vectors.size + missing.length > 50_000) this.vectors.clear();
      missing.forEach((t, i) => this.vectors.set(t, vs[i]!));
    }
    const qv = await this.encoder.encode(query);
    const qw = contentWords(query);
    return quotes
      .map((quote) => {
        const v = this.vectors.get(quote.text);
        const tw = contentWords(quote.text);
        const words = qw.length === 0 ? 0 : qw.filter((w) => tw.some((t) => sameWord(w, t))).length / qw.length;
        return { quote, score: v && v.length === qv.length ? dot(qv, v) : 0, words };
      })
      .sort((a, b) => b.score + b.words / 2 - (a.score + a.words / 2));
  }
}
