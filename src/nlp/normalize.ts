import { segmentSpelled } from './spelled-words.js';
import { isLatinLetterCode, LATIN_VARIANTS, LEXICAL_FOLDS, SCRIPT_CONFUSABLES } from './homoglyphs.js';

/**
 * Chat text normalisation. Every function here is total: any string (lone surrogates, control
 * characters, zalgo, 10,000 characters) gives a string, never an exception; non-strings are
 * treated as `String(value ?? '')`.
 *
 * - {@link normalizeText}: the lexical key (cache key, hashing-encoder input, duplicate checks).
 * - {@link normalizeForModel}: lighter clean-up for neural encoders (case and accents kept).
 * - {@link foldForModel}: obfuscation fold for neural encoders that keeps what the text says.
 */

/** Inputs are cut to this many UTF-16 code units first (Twitch caps a message at 500 characters). */
export const MAX_NORMALIZE_INPUT = 2000;

/** Token that replaces every @mention in {@link normalizeText}. */
export const MENTION_TOKEN = '@mention';
/** Prefix of the token a URL becomes in {@link normalizeText}: `url:` + domain (`url:bit.ly`). */
export const URL_TOKEN_PREFIX = 'url:';

const ASCII_PRINTABLE_RE = /^[\x20-\x7e]*$/;
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Control characters and line/paragraph separators: become spaces. */
const CONTROL_RE = /[\p{Cc}\u2028\u2029\u0085]/gu;
/**
 * Invisible characters: format characters (zero-width, bidi controls, soft hyphen, tag
 * characters, word joiner...), variation selectors, the replacement and object-replacement
 * characters, and the combining grapheme joiner.
 */
const INVISIBLE_RE = /[\p{Cf}\u034f\u17b4\u17b5\u180b-\u180f\ufe00-\ufe0f\ufff9-\ufffd\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]/gu;
/** Blank fillers used as spaces (Hangul fillers, braille blank): become spaces. */
const BLANK_RE = /[\u115f\u1160\u2800\u3164\uffa0]/gu;
/** Combining diacritics that NFC could not attach to a letter (zalgo leftovers). */
const DIACRITIC_MARKS_RE = /[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
/** Runs of 3+ marks of any script: zalgo. */
const MARK_RUN_RE = /\p{M}{3,}/gu;
const NON_LATIN1_RE = /[^\x00-\xff]/;
/** Letters outside ASCII (candidates for "another script"). */
const FOREIGN_LETTER_RE = /(?![\x00-\x7f])\p{L}/gu;
const SPACES_RE = /\s+/gu;
const SQUEEZE_RE = /(.)\1{2,}/gsu;
const SQUEEZE_TEST_RE = /(.)\1{2}/su;
/** Runs of 4+ identical letters (chat stretching: "NOOOOON"). */
const LETTER_STRETCH_RE = /(\p{L})\1{3,}/gu;
const LETTER_STRETCH_TEST_RE = /(\p{L})\1{3}/u;
const URL_LIKE_RE = /^[a-z][a-z0-9+.-]*:\/\/|^www\./i;
/**
 * Letters spelled out: 4+ separated by single spaces ("f r e e"; three would join the French
 * "y a t il"), or 3+ with one repeated other separator ("f.r.e.e", "b-u-y").
 */
const SPACED_LETTERS_RE = /(?<![\p{L}\p{N}])\p{L}(?: \p{L}){3,}(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\p{L}([._\-*·•|~+,/])(?:\p{L}\1){1,}\p{L}(?![\p{L}\p{N}])/gu;
/** {@link SPACED_LETTERS_RE} for ASCII text (several times faster). */
const SPACED_ASCII_RE =
  /(?<![A-Za-z0-9])[A-Za-z](?: [A-Za-z]){3,}(?![A-Za-z0-9])|(?<![A-Za-z0-9])[A-Za-z]([._\-*|~+,/])(?:[A-Za-z]\1){1,}[A-Za-z](?![A-Za-z0-9])/g;
/** Two letters around one separator, standing alone ("o.n"). */
const TWO_LETTERS_RE = /(?<![\p{L}\p{N}])\p{L}[._\-*·•|~+,/]\p{L}(?![\p{L}\p{N}])/gu;
/** Two words apart (spelled-out text separates its words so). */
const WIDE_GAP_RE = /\S {2,}\S/u;
/** A group of 2+ single letters separated by single spaces: "e t", "p a f". */
const SPELLED_GROUP_RE = /^\p{L}(?: \p{L})+$/u;
/** Obfuscated dots in links: "site(dot)com", "site [.] com" (bounded spaces: linear time). */
const OBFUSCATED_DOT_RE = /\s{0,3}(?:\(\s{0,3}(?:dot|\.)\s{0,3}\)|\[\s{0,3}(?:dot|\.)\s{0,3}\]|\{\s{0,3}(?:dot|\.)\s{0,3}\})\s{0,3}/giu;
/** Words mixing ASCII letters and digits, with a digit leetspeak uses. */
const LEET_TEST_RE = /[a-z][0-9]*[03457]|[03457][0-9]*[a-z]/;
const LEET_WORD_RE = /[a-z0-9]*[03457][a-z0-9]*/g;
const MENTION_RE = /(^|[^\p{L}\p{N}_@])@[\p{L}\p{N}_]{1,25}/gu;

/** Common TLDs accepted for bare domains without `http://` or `www.` ("bigfollows.com"). */
const BARE_TLDS =
  'com|net|org|io|gg|tv|ly|me|fr|de|co|xyz|ru|info|biz|app|dev|link|live|shop|store|site|online|top|club|be|ch|ca|uk|us|eu|to|cc|gl|in|es|it|nl|pl|se|br|tk|ml|ga|cf|gq|pw|ws|su|cn|ai|vip|fun|icu|art|win|pro|today|click|stream|chat|page|tech|space';
/** A domain split before its dot: "growtwitch .xyz" (ordinary writing puts no space before a dot). */
const SPACED_DOMAIN_RE = new RegExp(String.raw`\b([a-z0-9][a-z0-9-]*[a-z0-9]) {1,3}\.(${BARE_TLDS})\b(?![.\w])`, 'giu');
const URL_RE = new RegExp(
  String.raw`(?<![.:/\\-])(?:\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}(?:${BARE_TLDS})\b(?:[/?#][^\s<>"']*)?)`,
  'giu',
);

/** Coerces anything to a bounded string (a value whose toString throws counts as empty). */
function prepare(text: unknown, maxLength: number): string {
  let s: string;
  try {
    s = typeof text === 'string' ? text : String(text ?? '');
  } catch {
    s = '';
  }
  if (s.length > maxLength) s = s.slice(0, maxLength);
  return s;
}

/** Strips lone surrogates, turns controls into spaces and removes invisible characters. */
function stripInvisibles(s: string): string {
  return s.replace(LONE_SURROGATE_RE, '').replace(CONTROL_RE, ' ').replace(BLANK_RE, ' ').replace(INVISIBLE_RE, '');
}

/**
 * Folds confusable letters of one word. Other scripts' look-alikes fold when the word also holds
 * Latin letters, or when all its letters are look-alikes and the message has no other letters of
 * a non-Latin script (so "ѕсаm" folds but the Russian "как" in "привет как дела" stays).
 */
function foldWord(word: string, lexical: boolean, foreignText: boolean): string {
  let needs = false;
  let hasLatin = false;
  let allConfusable = true;
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) hasLatin = true;
      continue;
    }
    if (LATIN_VARIANTS.has(cp) || (lexical && LEXICAL_FOLDS.has(cp))) {
      needs = true;
      hasLatin = true;
    } else if (SCRIPT_CONFUSABLES.has(cp)) {
      needs = true;
    } else if (isLatinLetterCode(cp)) {
      hasLatin = true;
    } else if (/\p{L}/u.test(ch)) {
      allConfusable = false;
    }
  }
  if (!needs) return word;
  const foldScript = hasLatin || (allConfusable && !foreignText);
  let out = '';
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    const mapped = LATIN_VARIANTS.get(cp) ?? (lexical ? LEXICAL_FOLDS.get(cp) : undefined) ?? (foldScript ? SCRIPT_CONFUSABLES.get(cp) : undefined);
    out += mapped ?? ch;
  }
  return out;
}

/** True when the text holds a letter of another script that is not a Latin look-alike. */
function hasForeignLetters(s: string): boolean {
  for (const m of s.matchAll(FOREIGN_LETTER_RE)) {
    const cp = m[0].codePointAt(0)!;
    if (!SCRIPT_CONFUSABLES.has(cp) && !LATIN_VARIANTS.has(cp) && !LEXICAL_FOLDS.has(cp) && !isLatinLetterCode(cp)) return true;
  }
  return false;
}

/** Stray combining marks and zalgo runs removed, look-alikes folded to Latin (case and accents kept). */
function foldMarksAndHomoglyphs(s: string): string {
  return foldHomoglyphs(s.replace(DIACRITIC_MARKS_RE, '').replace(MARK_RUN_RE, ''), false);
}

/** Folds homoglyphs word by word (fast exit for Latin-1 text, which has none). */
function foldHomoglyphs(s: string, lexical: boolean): string {
  if (!NON_LATIN1_RE.test(s) && !(lexical && /[\u00d0\u00d8\u00de\u00df\u00e6\u00f0\u00f8\u00fe\u00c6]/.test(s))) return s;
  const foreign = hasForeignLetters(s);
  return s.replace(/\S+/gu, (w) => foldWord(w, lexical, foreign));
}

/**
 * Joins letters spelled out with a repeated separator ("f r e e" -> "free"). When words are
 * spelled out with 2+ spaces between them ("p a f  p a f", "L e  B  w o r d"), every
 * single-spaced group of single letters is a word, two-letter ones included, once the message
 * shows the pattern (a joined run, or two such groups).
 */
function joinSpacedLetters(s: string): string {
  const re = ASCII_PRINTABLE_RE.test(s) ? SPACED_ASCII_RE : SPACED_LETTERS_RE;
  let spelled = false;
  let dotted: string | undefined;
  s = s.replace(re, (m, sep: string | undefined) => {
    spelled = true;
    if (sep !== undefined) dotted = sep;
    const joined = m.split(sep ?? ' ').join('');
    // Single spaces hide where words end: cut the run back into words when it reads as some
    return sep === undefined ? (segmentSpelled(joined) ?? joined) : joined;
  });
  // Two-letter words of a message spelled with separators ("B.e.s.t v.i.e.w.e.r.s o.n ...")
  if (dotted !== undefined) {
    const sep = dotted;
    s = s.replace(TWO_LETTERS_RE, (m) => (m[1] === sep ? m[0]! + m[2]! : m));
  }
  if (!WIDE_GAP_RE.test(s)) return s;
  const parts = s.split(/( {2,})/);
  let groups = 0;
  for (const p of parts) if (SPELLED_GROUP_RE.test(p)) groups++;
  if (groups === 0 || (!spelled && groups < 2)) return s;
  return parts.map((p) => (SPELLED_GROUP_RE.test(p) ? p.replaceAll(' ', '') : p)).join('');
}

/** Squeezes runs of 3+ identical characters to 2 ("loooool" -> "lool", "!!!!!" -> "!!"). */
function squeeze(s: string): string {
  return s.replace(SQUEEZE_RE, '$1$1');
}

/** {@link squeeze} on every word except links ("https://www.x.com" keeps its "www"). */
function squeezeOutsideUrls(s: string): string {
  if (!SQUEEZE_TEST_RE.test(s)) return s;
  return s.replace(/\S+/gu, (w) => (URL_LIKE_RE.test(w) ? w : squeeze(w)));
}

/** Runs of 4+ identical letters squeezed to 3, except in links and mentions. */
function squeezeStretchedLetters(s: string): string {
  if (!LETTER_STRETCH_TEST_RE.test(s)) return s;
  return s.replace(/\S+/gu, (w) => (URL_LIKE_RE.test(w) || w.startsWith('@') ? w : w.replace(LETTER_STRETCH_RE, '$1$1$1')));
}

/** Domain of a URL as matched in lower-case text: host without `www.`, port, userinfo or trailing dots. */
function domainOf(url: string): string {
  let rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.split(/[/?#\\]/)[0] ?? '';
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  rest = trimUrl(rest.replace(/:\d*$/, ''));
  return rest.replace(/^www\./, '').toLowerCase();
}

/** Removes trailing punctuation a URL match swallowed from the sentence around it. */
function trimUrl(url: string): string {
  return url.replace(/[.,;:!?)\]}'"]+$/, '');
}

/** Shared first steps: bound, clean, NFKC. */
function clean(text: unknown, maxLength = MAX_NORMALIZE_INPUT): string {
  let s = prepare(text, maxLength);
  if (ASCII_PRINTABLE_RE.test(s)) return s;
  s = stripInvisibles(s);
  // Parenthesized letters before NFKC, which would expand them to "(a)"
  s = s.replace(/[\u249c-\u24b5\u{1f110}-\u{1f129}]/gu, (c) => LATIN_VARIANTS.get(c.codePointAt(0)!) ?? c);
  return s.normalize('NFKC');
}

/** Recent keys of {@link normalizeText} (each stage of the pipeline keys the same message; chat repeats words). */
const memo = new Map<string, string>();
const MEMO_ENTRIES = 8192;
/** Longer texts (beyond a Twitch message) are not memoised. */
const MEMO_MAX_LENGTH = 512;

/**
 * The lexical key of a chat message: NFKC, invisibles stripped, homoglyphs folded to Latin,
 * combining marks removed (accents and zalgo), lowercase, URLs -> `url:<domain>` (also written
 * "site(dot)com" or "site .com"), mentions ->
 * `@mention`, leetspeak digits inside words read as letters ("fr33" -> "free"), runs of 3+
 * identical characters squeezed to 2, spelled-out letters joined ("f r e e" -> "free"),
 * whitespace collapsed and trimmed.
 *
 * `normalizeText('Ｂｏｎｊｏｏｏｏｕｒ  @Usul https://www.Twitch.tv/x')` -> `'bonjoour @mention url:twitch.tv'`.
 */
export function normalizeText(text: unknown): string {
  if (typeof text !== 'string' || text.length > MEMO_MAX_LENGTH) return normalizeUncached(text);
  let key = memo.get(text);
  if (key === undefined) {
    key = normalizeUncached(text);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(text, key);
  }
  return key;
}

function normalizeUncached(text: unknown): string {
  let s = clean(text);
  if (!ASCII_PRINTABLE_RE.test(s)) {
    // Accents and zalgo: decompose, drop marks, fold look-alikes, recompose
    s = s.normalize('NFD').replace(DIACRITIC_MARKS_RE, '').replace(MARK_RUN_RE, '');
    s = foldHomoglyphs(s, true);
    s = s.toLowerCase().normalize('NFC');
  } else {
    s = s.toLowerCase();
  }
  if (s.includes('dot') || s.includes('[') || s.includes('(') || s.includes('{')) s = s.replace(OBFUSCATED_DOT_RE, '.');
  // Letters spelled with dots first, so a dotted domain ("s.i.t.e .c.o.m") is read as one
  if (s.includes('.')) s = joinSpacedLetters(s);
  if (s.includes(' .')) s = s.replace(SPACED_DOMAIN_RE, '$1.$2');
  if (s.includes('.') || s.includes(':')) s = s.replace(URL_RE, (u) => ` ${URL_TOKEN_PREFIX}${domainOf(u)} `);
  if (s.includes('@')) s = s.replace(MENTION_RE, `$1${MENTION_TOKEN}`);
  if (LEET_TEST_RE.test(s)) s = s.replace(LEET_WORD_RE, unleet);
  s = squeeze(s);
  s = joinSpacedLetters(s);
  return s.replace(SPACES_RE, ' ').trim();
}

/**
 * Leetspeak digits inside words ("fr33 f0ll0w3rs" -> "free followers"): 0 3 4 5 7 -> o e a s t
 * in words of 4+ characters with 2+ letters and no more digits than letters, for digit runs after
 * a letter made only of those digits. Numbers with units ("500euros", "5eme"), times ("20h30"),
 * short words ("mp3"), emotes with numbers ("usul20Teuf") and link domains are left alone.
 */
function unleet(word: string, offset: number, whole: string): string {
  const before = whole.charCodeAt(offset - 1);
  if (word.length < 4 || before === 0x3a || before === 0x2e || before === 0x2f) return word; // mp3, url:..., a.b, a/b
  let letters = 0;
  for (let i = 0; i < word.length; i++) if (isAsciiLower(word.charCodeAt(i))) letters++;
  if (letters < 2 || word.length - letters > letters) return word;
  // Digit runs after a letter, made only of leet digits, become letters ("fr33" -> "free");
  // a leading run is a number with its unit ("500euros", "5eme"), other digits mean a number
  return word.replace(/[0-9]+/g, (run, at: number) => (at === 0 || /[^03457]/.test(run) ? run : run.replace(/./g, (d) => LEET[d]!)));
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't' };

function isAsciiLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/**
 * Model input: NFKC, invisibles stripped, zalgo removed, homoglyphs folded, runs of 3+ identical
 * characters squeezed to 2, spelled-out letters joined, whitespace collapsed. Case, accents,
 * mentions and URLs are kept (per-model preprocessing replaces them if the model wants).
 */
export function normalizeForModel(text: unknown): string {
  let s = clean(text);
  if (!ASCII_PRINTABLE_RE.test(s)) s = foldMarksAndHomoglyphs(s);
  s = squeezeOutsideUrls(s);
  s = joinSpacedLetters(s);
  return s.replace(SPACES_RE, ' ').trim();
}

/**
 * Obfuscation fold for model input that keeps what the text says: NFKC (fullwidth and
 * mathematical letters to plain ones; accents stay NFC-composed), invisibles, bidi controls,
 * variation selectors and tag characters stripped, controls made spaces, combining marks that
 * NFC could not attach and zalgo runs removed, homoglyphs folded to Latin, runs of 4+ identical
 * letters squeezed to 3 ("NOOOOON" -> "NOOON"; links and mentions untouched). Case, accents,
 * digits ("1000000"), spacing ("A B C D"), mentions, URLs and emoji are kept, unlike
 * {@link normalizeForModel}; only letters spelled out that read as words are joined into them
 * ("f r e e f o l l o w e r s" -> "free followers", "B.e.s.t" -> "Best").
 *
 * `maxLength`: the input is first cut to this many UTF-16 code units. Default {@link MAX_NORMALIZE_INPUT}.
 *
 * `foldForModel('ｆｒ\u200bее Ѕ𝐏𝐀𝐌 1000000 NOOOOON')` -> `'free SPAM 1000000 NOOON'`.
 */
export function foldForModel(text: unknown, maxLength = MAX_NORMALIZE_INPUT): string {
  let s = clean(text, maxLength);
  if (!ASCII_PRINTABLE_RE.test(s)) s = foldMarksAndHomoglyphs(s);
  return unspellWords(squeezeStretchedLetters(s));
}

/**
 * Letters spelled out that read as words become those words ("f r e e f o l l o w e r s" ->
 * "free followers", "B.e.s.t" -> "Best"); other spaced letters ("A B C D") stay as they are.
 */
function unspellWords(s: string): string {
  if (!s.includes(' ') && !/[._\-*·•|~+,/]/.test(s)) return s;
  const re = ASCII_PRINTABLE_RE.test(s) ? SPACED_ASCII_RE : SPACED_LETTERS_RE;
  return s.replace(re, (m, sep: string | undefined) => {
    const joined = m.split(sep ?? ' ').join('');
    return sep === undefined ? (segmentSpelled(joined) ?? m) : joined;
  });
}

/** Word tokens of normalised text: `url:<domain>`, `@mention`, words (`+1` keeps its sign), single emoji. */
const TOKEN_RE = /url:[^\s]+|@mention|\+?[\p{L}\p{N}_]+|\p{Extended_Pictographic}|\p{Regional_Indicator}{2}/gu;

/**
 * Splits normalised text ({@link normalizeText}) into word tokens: URL and mention tokens,
 * runs of letters/digits (apostrophes and punctuation split words: "l'equipe" -> "l", "equipe"),
 * and each emoji on its own. Punctuation is dropped.
 */
export function tokenizeWords(normalized: string): string[] {
  if (typeof normalized !== 'string' || normalized.length === 0) return [];
  return normalized.match(TOKEN_RE) ?? [];
}

/** A URL found in a message. */
export interface ExtractedUrl {
  /** The URL as written (after invisible-character stripping, NFKC and homoglyph folding). */
  url: string;
  /** Lower-case host without `www.` or port (`bit.ly`, `twitch.tv`). */
  domain: string;
}

/**
 * URLs in raw chat text: `scheme://...`, `www....` and bare domains with a common TLD
 * (`bigfollows.com/x`), also when obfuscated with homoglyphs, invisibles, `(dot)` or a space
 * before the dot (`growtwitch .xyz`).
 */
export function extractUrls(text: unknown): ExtractedUrl[] {
  let s = clean(text);
  if (!ASCII_PRINTABLE_RE.test(s)) s = foldMarksAndHomoglyphs(s);
  if (/dot|[[({]/i.test(s)) s = s.replace(OBFUSCATED_DOT_RE, '.');
  if (s.includes(' .')) s = s.replace(SPACED_DOMAIN_RE, '$1.$2');
  const out: ExtractedUrl[] = [];
  for (const m of s.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    const domain = domainOf(url);
    if (domain.length > 0) out.push({ url, domain });
  }
  return out;
}
