import { foldForModel } from '../normalize.js';
import type { PreprocessOptions } from './options.js';

// The reference model's training preprocessing (Lincoln-France/twitchatds): mentions first, then
// URLs; Python's Unicode `\w` is spelled out for JavaScript.
const MENTION = /@\S+/gu;
const W = '\\p{L}\\p{N}\\p{M}_';
const URL_PATTERN = new RegExp(`(?:http|ftp|https):\\/\\/[${W}\\-]+(?:\\.[${W}\\-]+)+(?:[${W}\\-.,@?^=%&:/~+#]*[${W}\\-@?^=%&/~+#])?`, 'gu');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Blank fillers chatters send as "empty" messages (Hangul fillers, braille blank) count as nothing.
const NOTHING_TO_ENCODE = /^[\s\p{Cc}\p{Cf}\p{Z}\u115f\u1160\u2800\u3164\uffa0]*$/u;

/** Mentions -> `<mention>`, URLs -> `<url>` (each if enabled). */
export function replaceMentionsAndUrls(text: string, options: PreprocessOptions): string {
  let out = text;
  if (options.mentions) out = out.replace(MENTION, '<mention>');
  if (options.urls) out = out.replace(URL_PATTERN, '<url>');
  return out;
}

/**
 * Makes a chat message safe for the tokenizer: the text is cut (on a code point boundary) to
 * `maxChars`, obfuscation is folded with `fold` ({@link foldForModel}: homoglyphs, invisibles,
 * zalgo, stretched letters) and lone surrogates become U+FFFD. Returns null when nothing is left
 * to encode (empty, whitespace, control, format or blank-filler characters only, or marks only
 * once folded): such texts get the zero vector.
 */
export function prepareText(text: string, maxChars: number, options: PreprocessOptions, fold: boolean): string | null {
  let out = typeof text === 'string' ? text : String(text);
  if (out.length > maxChars) {
    let end = maxChars;
    const code = out.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    out = out.slice(0, end);
  }
  if (fold) out = foldForModel(out, maxChars);
  out = out.replace(LONE_SURROGATE, '\uFFFD');
  if (NOTHING_TO_ENCODE.test(out)) return null;
  return replaceMentionsAndUrls(out, options);
}
