import type { ChatMessage } from '../chat/message.js';
import { countEmotes, stripEmotes } from '../nlp/emotes.js';
import { extractUrls, normalizeText, tokenizeWords } from '../nlp/normalize.js';
import { isReactionWords } from './reactions.js';

/** What the filters need to know about a message's text, computed once per message. */
export interface TextFeatures {
  /** Normalised text without emotes (lowercase, accent/homoglyph-folded). */
  normalized: string;
  /** Word tokens of `normalized`. */
  words: string[];
  /** Emotes in the message (tags, or names recognised by shape). */
  emoteCount: number;
  /** Whitespace-separated tokens of the raw text. */
  tokenCount: number;
  /** Every token is an emote. */
  emoteOnly: boolean;
  /** A short reaction, greeting or vote (see reactions.ts), or emote-only. */
  reaction: boolean;
  /** Domains of the links in the message (lowercase). */
  domains: string[];
  /** A link, or a domain written to dodge link detection (`bigfollows .com`, `site dot net`). */
  hasLink: boolean;
  /** Upper-case letters / cased letters, without emotes. */
  capsRatio: number;
  /** Cased letters counted for `capsRatio`. */
  letters: number;
  /** Non-space characters that are neither letters nor digits / all non-space characters (without emotes). */
  symbolRatio: number;
  /** Non-space characters counted for `symbolRatio`. */
  visibleChars: number;
  /** Combining marks stacked beyond two on one character, summed over the message. */
  zalgoMarks: number;
  /** Longest run of one repeated character (whitespace excluded). */
  longestRun: number;
  /** Length in code points. */
  length: number;
}

const CASED_UPPER = /\p{Lu}/u;
const CASED_LOWER = /\p{Ll}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const SPACE = /\s/u;

/** Computes the features of a message. Total: never throws on hostile text. */
export function textFeatures(message: Pick<ChatMessage, 'text' | 'emotes'>): TextFeatures {
  const text = typeof message.text === 'string' ? message.text : '';
  const emotes = message.emotes ?? [];
  const counts = countEmotes(text, emotes);
  const content = stripEmotes(text, emotes);
  const normalized = normalizeText(content);
  const words = tokenizeWords(normalized);
  const emoteOnly = counts.words > 0 && counts.emotes === counts.words;

  // Caps, symbols, runs and marks: one pass over the code points of the text without emotes
  let upper = 0;
  let cased = 0;
  let visible = 0;
  let symbols = 0;
  for (const ch of content) {
    if (SPACE.test(ch)) continue;
    visible++;
    if (CASED_UPPER.test(ch)) {
      upper++;
      cased++;
    } else if (CASED_LOWER.test(ch)) cased++;
    if (!LETTER_OR_DIGIT.test(ch) && !MARK.test(ch)) symbols++;
  }
  let zalgo = 0;
  let stack = 0;
  let run = 0;
  let longestRun = 0;
  let prev = '';
  let length = 0;
  for (const ch of text) {
    length++;
    if (MARK.test(ch)) {
      stack++;
      if (stack > 2) zalgo++;
    } else stack = 0;
    if (ch === prev && !SPACE.test(ch)) run++;
    else run = 1;
    if (run > longestRun && !SPACE.test(ch)) longestRun = run;
    prev = ch;
  }

  let domains: string[] = [];
  try {
    domains = extractUrls(text).map((u) => u.domain.toLowerCase());
  } catch {
    domains = [];
  }

  return {
    normalized,
    hasLink: domains.length > 0 || hasDomainLike(normalized),
    words,
    emoteCount: counts.emotes,
    tokenCount: counts.words,
    emoteOnly,
    reaction: emoteOnly || isReactionWords(words),
    domains,
    capsRatio: cased === 0 ? 0 : upper / cased,
    letters: cased,
    symbolRatio: visible === 0 ? 0 : symbols / visible,
    visibleChars: visible,
    zalgoMarks: zalgo,
    longestRun,
    length,
  };
}

const DOMAIN_LIKE_RE =
  /(?:url:\S+)|(?:(?<![a-z0-9-])[a-z0-9-]{3,63}[\s_*~!-]{0,3}(?:\.|dot)[\s_*~!]{0,3}(?:c[o0]m|n[e3]t|[o0]rg|xyz|ru|fr|[i1][o0]|shop|store|online|top|site|live|pro|me|gg|ly|co|tv|biz|info|club|su|cc)\b)/u;
/** Three or more one-character tokens in a row (`. c o m`), as spaced-out letters are written. */
const SPACED_RUN_RE = /(?<!\S)(?:\S ){2,}\S(?!\S)/gu;

/** True when normalised text holds a URL token or a domain split to dodge link detection. */
export function hasDomainLike(normalized: string): boolean {
  return DOMAIN_LIKE_RE.test(normalized) || DOMAIN_LIKE_RE.test(normalized.replace(SPACED_RUN_RE, (run) => run.replaceAll(' ', '')));
}

/** True when `domain` is one of `allowed` or a subdomain of one. */
export function domainAllowed(domain: string, allowed: readonly string[]): boolean {
  const d = domain.toLowerCase().replace(/^www\./, '');
  return allowed.some((a) => {
    const x = a.toLowerCase().replace(/^www\./, '');
    return d === x || d.endsWith('.' + x);
  });
}
