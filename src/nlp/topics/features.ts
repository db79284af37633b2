import { createRequire } from 'node:module';
import type { EmoteOffset } from '../../chat/message.js';
import { emoteShare, isEmoteToken } from '../emotes.js';
import { normalizeText } from '../normalize.js';

/** Feature flags of one message, used to type topics. */
export type TopicTag = 'question' | 'emotes' | 'command' | 'reaction' | 'greeting' | 'thanks' | 'vote' | 'link' | 'opinion' | 'long' | 'short' | 'caps';

/** Lexical features of one chat message for labelling topics. */
export interface MessageFeatures {
  /** Folded keys of the content words (stop words removed, emotes kept), in order. */
  terms: string[];
  /** Display form of each term, same order (accents and emote case kept, stretched letters squeezed). */
  surfaces: string[];
  tags: TopicTag[];
  /** Readability for representative choice: 0 = clean sentence, negative = less fit to quote. */
  quality: number;
  /** Folded text of the whole message (label of last resort for one-word clusters). */
  key: string;
}

/** Options of {@link extractFeatures}. */
export interface FeatureOptions {
  /** Command prefix. Default `!`. */
  prefix?: string;
  /** Twitch emote tags of the message, when known. Default none. */
  emotes?: readonly EmoteOffset[];
}

// Chat words that stay keywords even where a stop-word list drops them (reactions, greetings).
const KEEP = ['gg', 'merci', 'hello', 'hi', 'yes', 'ok', 'non', 'top', 'nul', 'bravo', 'thanks', 'oui', 'love', 'cool'];
// Chat filler the maintained lists miss.
// prettier-ignore
const EXTRA_STOP = [
  'ca', 'ça', 'c', 'ya', 'y\'a', 'jsp', 'bah', 'ben', 'bon', 'euh', 'hein', 'voila', 'voilà', 'faut', 'fait', 'faire', 'dire',
  'dit', 'truc', 'trucs', 'chose', 'genre', 'vraiment', 'juste', 'tout', 'tous', 'toutes', 'quoi', 'cest', 'jai', 'jsuis',
  'chui', 'suis', 'etre', 'avoir', 'avez', 'peut', 'veut', 'veux', 'vais', 'va', 'sais', 'sait', 'aller', 'mdrr', 'lá', 'la',
  'mec', 'gars', 'gens', 'ptn', 'putain', 'wsh', 'wesh', 'bref', 'deja', 'déjà', 'encore', 'aussi', 'ici', 'là', 'ouais',
  'im', 'dont', 'its', 'thats', 'u', 'ur', 'lmao', 'pas', 'plus', 'moins', 'tres', 'très',
];

/**
 * Folds a word into its term key: the shared normalisation (lowercase, accents, homoglyphs,
 * invisibles), then only letters, digits and `+`/`-`, with every run of a repeated character
 * squeezed to one, so `nuuucléaire`, `Nucléaire` and `nucleaire` share a key.
 */
export function foldTerm(word: string): string {
  return normalizeText(word)
    .replace(/[^\p{L}\p{N}+-]+/gu, '')
    .replace(/(.)\1+/gu, '$1');
}

let stopSet: Set<string> | undefined;

/** French and English stop words (stopwords-iso) plus chat filler, as folded keys. */
export function stopWords(): ReadonlySet<string> {
  if (stopSet) return stopSet;
  const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
  const keep = new Set(KEEP.map(foldTerm));
  const set = new Set<string>();
  for (const w of [...(lists['fr'] ?? []), ...(lists['en'] ?? []), ...EXTRA_STOP]) {
    const k = foldTerm(w);
    if (k && !keep.has(k)) set.add(k);
  }
  stopSet = set;
  return set;
}

const QUESTION_START = new Set(
  [
    'qui',
    'quoi',
    'quand',
    'comment',
    'pourquoi',
    'combien',
    'quel',
    'quelle',
    'quels',
    'quelles',
    'est-ce',
    'estce',
    'who',
    'what',
    'when',
    'where',
    'why',
    'how',
    'which',
    'whats',
    'kel',
    'koi',
    'pk',
    'pq',
  ].map(foldTerm),
);
const QUESTION_ANYWHERE = /\b(?:c(?:'|’| )?(?:est )?quoi|qu(?:'|’)est[- ]ce|est[- ]ce que?|ca veut dire|how come)\b/u;
// prettier-ignore
const REACTION_WORDS = new Set(
  [
    '+1', '-1', '+', 'mdr', 'ptdr', 'lol', 'xd', 'gg', 'ggwp', 'wp', 'ez', 'omg', 'wow', 'ouf', 'oof', 'ah', 'oh', 'eh', 'bah', 'ok',
    'oui', 'ouais', 'nan', 'non', 'yes', 'no', 'yep', 'nope', 'f', 'rip', 'pog', 'true', 'vrai', 'exact', 'exactement', 'clair',
    'bravo', 'incroyable', 'dingue', 'wtf', 'lul', 'kekw', 'jpp', 'sah', 'nice', 'chaud', 'ouch', 'aie', 'aïe', 'oups', 'ohlala',
    'olala', 'hihi', 'hehe', 'bien', 'grave', 'carrément', 'trop', 'énorme', 'enorme', 'stylé', 'magnifique', 'ptn', 'putain', 'damn',
  ].map(foldTerm),
);
const LAUGH = /^(?:a?(?:ha)+h?|(?:he)+h?|(?:hi)+h?|(?:lo)+l|x+d+|m+d+r+|p+t+d+r+|(?:ja)+|(?:ka)+|(?:ke)+)$/u;
const GREETING_WORDS = new Set(
  [
    'bonjour',
    'bonsoir',
    'salut',
    'coucou',
    'hello',
    'hi',
    'hey',
    'yo',
    'slt',
    'bjr',
    'bsr',
    're',
    'bienvenue',
    'bye',
    'ciao',
    'hola',
    'aurevoir',
    'bonne nuit',
    'bonsouar',
    'plop',
    'wesh',
    'salam',
  ].map(foldTerm),
);
const GREETING_IN_EMOTE = /bonjour|bonsoir|hello|coucou|salut|hey|wave|hi$|bye/i;
const THANKS = /^(?:merci|mercy|thanks|thx|ty|thank)/u;
const OPINION =
  /\b(?:je pense|je trouve|je crois|perso|a mon avis|d'?accord|raison|tort|j'?aime|j'?adore|je deteste|c'?est (?:bien|nul|vrai|faux|grave|ouf|genial|top|pas|trop|n'?importe|dingue|con|bete|triste|dommage)|trop (?:bien|nul|fort)|i think|imo|i agree|agree|i love|i hate|prefere|meilleur|pire|faudrait|devrait)\b/u;
const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:com|fr|tv|gg|net|org|io|be|ly)(?:\/\S*)?\b/iu;
const MENTION_RE = /(?:^|\s)@\w/u;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;
const SINGLE_VOTE = /^[\p{L}\p{N}][).!]?$/u;
const PIECE_SPLIT = /[^\p{L}\p{N}\p{M}-]+/u;

/**
 * True for a word that only reacts, whatever the subject: a laugh, a reaction or greeting word, a
 * thank-you or an emote (`mdr`, `oui`, `bravo`, `salut`, `merci`, `LUL`).
 */
export function isReactionWord(word: string): boolean {
  const k = foldTerm(word);
  return REACTION_WORDS.has(k) || LAUGH.test(k) || GREETING_WORDS.has(k) || THANKS.test(k) || isEmoteToken(word);
}

/** A surface word for display: squeezed, lowercased unless Capitalised (names) or an acronym (`PS`, `UPR`). */
function surfaceOf(piece: string): string {
  return piece
    .replace(/(.)\1{2,}/gu, '$1')
    .split('-')
    .map((part) => (/^\p{Lu}(?:\p{Ll}+|\p{Lu}{1,3})$/u.test(part) ? part : part.toLowerCase()))
    .join('-');
}

/**
 * The words of a piece of a message: a hyphenated compound stays one word when none of its parts
 * but a one-letter prefix is a stop word (`p-word`, `Jean-Luc`, `pro-nucléaire`), else it splits
 * (`peut-être`, `pense-t-il`).
 */
function splitCompound(piece: string, stop: ReadonlySet<string>): string[] {
  const parts = piece.split('-').filter((p) => p.length > 0);
  if (parts.length <= 1) return parts;
  return parts.some((p) => p.length > 1 && stop.has(foldTerm(p))) ? parts : [parts.join('-')];
}

/**
 * Extracts the lexical features of one message: term keys (stop words out, emotes kept as words,
 * stretched words folded), tags for the topic type, and a readability score for choosing a
 * representative message. Total: any string (zalgo, lone surrogates, 10k characters) gives a
 * result, never an exception.
 */
export function extractFeatures(text: string, options: FeatureOptions = {}): MessageFeatures {
  const raw = typeof text === 'string' ? text.slice(0, 2000) : '';
  const prefix = options.prefix ?? '!';
  const stop = stopWords();
  const terms: string[] = [];
  const surfaces: string[] = [];
  const tags: TopicTag[] = [];
  const words = raw.split(/\s+/u).filter((w) => w.length > 0);
  const keyWords: string[] = [];

  // Terms: emotes whole, `+1`/`-1` whole, other words split on punctuation and apostrophes
  for (const w of words) {
    if (isEmoteToken(w)) {
      const k = foldTerm(w);
      keyWords.push(k);
      if (k) {
        terms.push(k);
        surfaces.push(w);
      }
      continue;
    }
    const plusMinus = /^([+-])1+$/u.exec(w.replace(/[!.]+$/u, ''));
    if (plusMinus) {
      keyWords.push(plusMinus[1] + '1');
      terms.push(plusMinus[1] + '1');
      surfaces.push(plusMinus[1] + '1');
      continue;
    }
    for (const piece of w.split(PIECE_SPLIT).flatMap((p) => splitCompound(p, stop))) {
      const k = foldTerm(piece);
      if (!k) continue;
      keyWords.push(k);
      if (k.length < 2 || stop.has(k) || /^\d+$/u.test(k) || k.length > 30) continue;
      terms.push(k);
      surfaces.push(surfaceOf(piece));
    }
  }
  const folded = normalizeText(raw);
  const key = keyWords.join(' ');

  // Tags for the topic type
  const share = emoteShare(raw, options.emotes);
  const trimmed = raw.trim();
  if (trimmed.startsWith(prefix) && /^\p{L}/u.test(trimmed.slice(prefix.length))) tags.push('command');
  const first = keyWords[0] ?? '';
  // A question word in an exclamation ("quel courage !", "what a game!") asks nothing
  const exclaims = /!\s*$/u.test(trimmed);
  if (raw.includes('?') || raw.includes('？') || (!exclaims && (QUESTION_START.has(first) || QUESTION_ANYWHERE.test(folded)))) tags.push('question');
  if (share >= 0.5) tags.push('emotes');
  if (words.length > 0 && words.length <= 4 && (REACTION_WORDS.has(first) || LAUGH.test(first))) tags.push('reaction');
  const firstTwo = keyWords.slice(0, 2).join(' ');
  if (GREETING_WORDS.has(first) || GREETING_WORDS.has(firstTwo) || words.some((w) => isEmoteToken(w) && GREETING_IN_EMOTE.test(w))) {
    tags.push('greeting');
  }
  if (THANKS.test(first)) tags.push('thanks');
  if (words.length === 1 && SINGLE_VOTE.test(trimmed)) tags.push('vote');
  if (URL_RE.test(raw)) tags.push('link');
  if (OPINION.test(folded)) tags.push('opinion');
  if (words.length >= 8) tags.push('long');
  if (words.length > 0 && words.length <= 2) tags.push('short');
  const letters = raw.match(/\p{L}/gu) ?? [];
  const upper = raw.match(/\p{Lu}/gu) ?? [];
  const caps = letters.length >= 6 && upper.length / letters.length > 0.7 && share < 0.5;
  if (caps) tags.push('caps');

  return { terms, surfaces, tags, quality: readability(raw, words, keyWords, share, caps, tags), key };
}

/** 0 for a clean, quotable sentence; more negative the less fit it is to be quoted in chat. */
function readability(raw: string, words: string[], keys: string[], share: number, caps: boolean, tags: TopicTag[]): number {
  const chars = [...raw.trim()].length;
  let q = 0;
  if (chars < 8) q -= 0.3;
  if (words.length < 3) q -= 0.15;
  if (chars > 180) q -= 0.25;
  if (chars > 300) q -= 0.35;
  if (caps) q -= 0.4;
  if (share > 0.5) q -= 0.3;
  else if (share > 0) q -= 0.05;
  if (tags.includes('link')) q -= 0.6;
  if (tags.includes('command')) q -= 0.5;
  if (MENTION_RE.test(raw)) q -= 0.15;
  if (CONTROL_RE.test(raw)) q -= 1;
  const marks = raw.match(/\p{M}/gu)?.length ?? 0;
  if (marks > 3 && marks > chars * 0.1) q -= 1;
  if (keys.length >= 4 && new Set(keys).size / keys.length < 0.5) q -= 0.4;
  if (/(.)\1{3,}/u.test(raw)) q -= 0.1;
  const symbols = raw.match(/[^\p{L}\p{N}\s'’,.!?-]/gu)?.length ?? 0;
  if (chars > 0 && symbols / chars > 0.3) q -= 0.3;
  return q;
}

/**
 * Display forms of term keys: the most frequent surface seen for each key (`nucléaire` for
 * `nucleaire`, `ponceJAM` for `poncejam`). Bounded: beyond `maxKeys` the oldest keys are dropped.
 */
export class TermForms {
  private readonly forms = new Map<string, Map<string, number>>();

  /** @param maxKeys most keys remembered. Default 20,000. */
  constructor(private readonly maxKeys = 20_000) {}

  record(key: string, surface: string): void {
    let m = this.forms.get(key);
    if (!m) {
      if (this.forms.size >= this.maxKeys) {
        let drop = Math.ceil(this.maxKeys / 4);
        for (const k of this.forms.keys()) {
          this.forms.delete(k);
          if (--drop <= 0) break;
        }
      }
      this.forms.set(key, (m = new Map()));
    }
    const n = m.get(surface);
    if (n !== undefined) m.set(surface, n + 1);
    else if (m.size < 6) m.set(surface, 1);
  }

  /** The surface to show for `key` (the key itself when never seen). */
  display(key: string): string {
    const m = this.forms.get(key);
    if (!m) return key;
    let best = key;
    let bestN = 0;
    for (const [s, n] of m) if (n > bestN || (n === bestN && s.length < best.length)) [best, bestN] = [s, n];
    return best;
  }
}
