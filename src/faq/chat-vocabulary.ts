import { CHAT_SPELLINGS, canonicalTokens } from './canonical.js';
import { stem, type WordCommonness } from './matcher.js';

/** Options of {@link ChatVocabulary}. */
export interface ChatVocabularyOptions {
  /** Messages per generation: counts cover the last one to two generations. Default 5000. */
  window?: number;
  /** Shares are counted over at least this many messages, so a young channel's few messages weigh little. Default 500. */
  minMessages?: number;
  /** Distinct words kept per generation (memory bound). Default 50000. */
  maxWords?: number;
}

/**
 * Which words a channel's own chat types all the time (the streamer's name, nicknames, emote
 * names, running jokes), from the messages it has seen: a word that is common in chat is no
 * evidence that a question is not about an entry ("what game is that usul?"). Two generations
 * of counts, so old chat fades out and memory stays bounded.
 */
export class ChatVocabulary implements WordCommonness {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private currentMessages = 0;
  private previousMessages = 0;
  private readonly window: number;
  private readonly minMessages: number;
  private readonly maxWords: number;

  constructor(options: ChatVocabularyOptions = {}) {
    this.window = options.window ?? 5000;
    this.minMessages = options.minMessages ?? 500;
    this.maxWords = options.maxWords ?? 50_000;
  }

  /** Counts the words of one chat message (each word once per message). */
  record(text: string): void {
    const words = new Set(canonicalTokens(text, CHAT_SPELLINGS).map(stem));
    for (const w of words) {
      if (!this.current.has(w) && this.current.size >= this.maxWords) continue;
      this.current.set(w, (this.current.get(w) ?? 0) + 1);
    }
    if (++this.currentMessages >= this.window) {
      this.previous = this.current;
      this.previousMessages = this.currentMessages;
      this.current = new Map();
      this.currentMessages = 0;
    }
  }

  /** Messages counted (both generations). */
  get messages(): number {
    return this.currentMessages + this.previousMessages;
  }

  /** Share of recent messages holding `word` (a stem, see `stem`), 0-1. */
  share(word: string): number {
    const n = (this.current.get(word) ?? 0) + (this.previous.get(word) ?? 0);
    return n === 0 ? 0 : n / Math.max(this.messages, this.minMessages);
  }
}
