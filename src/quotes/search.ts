import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { dot } from '../nlp/similarity.js';
import type { Quote } from './store.js';

/** A quote and how close it is to the query. */
export interface QuoteMatch {
  quote: Quote;
  /** Cosine similarity of the sentence vectors. */
  score: number;
}

/**
 * Finds quotes by meaning with the shared encoder: the query and every quote are encoded (quote
 * vectors are kept per text, so a channel's quotes are encoded once), ranked by cosine.
 */
export class QuoteSearch {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly encoder: SharedEncoder) {}

  /** Quotes ranked by similarity to `query`, best first. */
  async rank(query: string, quotes: readonly Quote[]): Promise<QuoteMatch[]> {
    if (quotes.length === 0) return [];
    const missing = [...new Set(quotes.map((q) => q.text).filter((t) => !this.vectors.has(t)))];
    if (missing.length > 0) {
      const vs = await this.encoder.encodeBatch(missing);
      if (this.vectors.size + missing.length > 50_000) this.vectors.clear();
      missing.forEach((t, i) => this.vectors.set(t, vs[i]!));
    }
    const qv = await this.encoder.encode(query);
    return quotes
      .map((quote) => {
        const v = this.vectors.get(quote.text);
        return { quote, score: v && v.length === qv.length ? dot(qv, v) : 0 };
      })
      .sort((a, b) => b.score - a.score);
  }
}
