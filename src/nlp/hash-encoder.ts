import type { Encoder } from './encoder.js';
import { isEmoteToken } from './emotes.js';
import { MENTION_TOKEN, normalizeForModel, normalizeText, tokenizeWords, URL_TOKEN_PREFIX } from './normalize.js';

/** Relative weights of the three feature groups (each group is L2-normalised before weighting). */
export interface HashEncoderWeights {
  /** Word unigrams. Default 0.2. */
  words?: number;
  /** Word bigrams. Default 0.1. */
  bigrams?: number;
  /** Character n-grams over the words without spaces, repeated characters counted once. Default 0.7. */
  chars?: number;
}

/** Options of {@link HashEncoder}. */
export interface HashEncoderOptions {
  /** Vector length. Default 512. */
  dim?: number;
  /** Word n-gram sizes [min, max]; 1 = unigrams, 2 = bigrams. Default [1, 2]. */
  wordNgrams?: readonly [number, number];
  /** Character n-gram sizes [min, max] in UTF-16 code units. Default [3, 5]. */
  charNgrams?: readonly [number, number];
  /** Group weights. Defaults: words 0.2, bigrams 0.1, chars 0.7. */
  weights?: HashEncoderWeights;
  /**
   * Weight of an emote word (and of `@mention`) relative to an ordinary word; emotes are also
   * left out of the character n-grams unless the message is only emotes. Default 0.35.
   */
  emoteWeight?: number;
  /**
   * Share of lone letters (other than "a", "y") among the words from which a message counts as
   * broken up by inserted spaces ("h ey g u y s"): its word features are dropped and only the
   * char n-grams (which ignore spaces) describe it. Needs 3+ lone letters. Default 0.25.
   */
  brokenWordShare?: number;
  /** Hash seed (changes every vector; part of the id). Default 0. */
  seed?: number;
  /** Texts encoded between two yields to the event loop in `encode`. Default 512. */
  chunkSize?: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Namespaces keep equal strings of different feature kinds apart. */
const NS_WORD = 0x77;
const NS_BIGRAM = 0x62;
const NS_CHAR = 0x63;

/** FNV-1a over UTF-16 code units of `s`, continuing from `h`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** murmur3 fmix32: spreads FNV's weak low bits before taking index and sign. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Printable ASCII: no homoglyphs or invisibles to undo before emote detection. */
const ASCII_PLAIN_RE = /^[\x20-\x7e]*$/;
/** Possibly spelled-out letters ("K r e y g a s m"). */
const SPELLED_RE = /(?:^|[^A-Za-z0-9])[A-Za-z0-9][ ._*|~+,/-][A-Za-z0-9][ ._*|~+,/-][A-Za-z0-9](?![A-Za-z0-9])/;
const MARKS_RE = /\p{M}/gu;
/** A letter standing alone between spaces, other than the words "a" and "y" (elisions have an apostrophe). */
const LONE_LETTER_RE = /(?<![^ ])[b-xz](?![^ ])/g;
/** ASCII text without these characters has no emote (names carry a capital; emoticons : ; < >). */
const EMOTE_HINT_RE = /[A-Z:;<>]/;
const NO_EMOTES: ReadonlySet<string> = new Set();
const PICTOGRAPH_START_RE = /^\p{Extended_Pictographic}/u;
/** 1 + ln(count) for small counts. */
const TF = Float64Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
const tf = (c: number): number => (c < 256 ? TF[c]! : 1 + Math.log(c));
const GROUP_WORD = 0;
const GROUP_BIGRAM = 1;
const GROUP_CHAR = 2;

/**
 * Feature hash -> occurrences for one text: open addressing over typed arrays, reused between
 * texts (a Map per text costs several times more).
 */
class FeatureTable {
  keys = new Int32Array(1024);
  counts = new Int32Array(1024);
  groups = new Uint8Array(1024);
  low = new Uint8Array(1024);
  used = new Int32Array(512);
  size = 0;

  clear(): void {
    for (let i = 0; i < this.size; i++) this.keys[this.used[i]!] = 0;
    this.size = 0;
  }

  /** Counts feature `h` (a non-zero fmix output) of `group`; `low` marks emote/mention features. */
  add(h: number, group: number, low: boolean): void {
    h |= 0; // stored as int32
    if (h === 0) h = 1;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === 0) {
        this.keys[slot] = h;
        this.counts[slot] = 1;
        this.groups[slot] = group;
        this.low[slot] = low ? 1 : 0;
        this.used[this.size++] = slot;
        return;
      }
      if (k === h) {
        this.counts[slot]!++;
        if (low) this.low[slot] = 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, counts, groups, low, size, used } = this;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.counts = new Int32Array(cap);
    this.groups = new Uint8Array(cap);
    this.low = new Uint8Array(cap);
    this.used = new Int32Array(cap / 2);
    this.size = 0;
    const mask = cap - 1;
    for (let i = 0; i < size; i++) {
      const old = used[i]!;
      const h = keys[old]!;
      let slot = h & mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = h;
      this.counts[slot] = counts[old]!;
      this.groups[slot] = groups[old]!;
      this.low[slot] = low[old]!;
      this.used[this.size++] = slot;
    }
  }
}

/**
 * The built-in encoder: signed feature hashing (FNV-1a over UTF-16 code units + murmur3 fmix32,
 * deterministic on every machine) of word uni/bigrams and character 3-5-grams of
 * {@link normalizeText} output (runs of a repeated character counted once), sublinear term
 * frequency (1 + ln tf), each group L2-normalised and weighted, then the whole vector
 * L2-normalised. Emotes and mentions weigh `emoteWeight`; a message broken up by inserted spaces
 * keeps only its char n-grams (`brokenWordShare`). Text without letters, digits or emoji gives the
 * all-zero vector. No model files; about 70,000-90,000 real chat messages/s on one core.
 *
 * Typical cosine similarities with the defaults on the real French chat of the Backseat evening
 * (`npm run eval:hash-encoder -- <tsv>`):
 * - the same message with homoglyphs or stretched letters: 1.0; with inserted spaces: median 1.0
 *   (5th percentile 0.84); with added emotes: median 0.99 (p5 0.94); one deleted letter: median 0.89
 *   (lower for three-word messages: "1 Sur 5" / "1 sr 5" is 0.27);
 * - real rewordings ("y'a pas la mer à Nantes mdrrr" / "Y a pas la mer à Nantes mdr"): 0.75-0.99;
 * - unrelated chat: mean 0.03, 95th percentile 0.13, 99th 0.19, 99.9th 0.32.
 * A duplicate threshold around 0.6-0.7 separates the two.
 */
export class HashEncoder implements Encoder {
  readonly id: string;
  readonly dim: number;
  /** Config thresholds are in this encoder's units (see src/nlp/calibration/README.md). */
  readonly referenceUnits = true;
  private readonly wordMin: number;
  private readonly wordMax: number;
  private readonly charMin: number;
  private readonly charMax: number;
  private readonly wWords: number;
  private readonly wBigrams: number;
  private readonly wChars: number;
  private readonly emoteWeight: number;
  private readonly seed: number;
  private readonly brokenWordShare: number;
  private readonly chunkSize: number;
  private readonly table = new FeatureTable();
  private codes = new Uint16Array(1024);
  private readonly groupWeights: Float64Array;
  private closed = false;

  constructor(options: HashEncoderOptions = {}) {
    this.dim = options.dim ?? 512;
    [this.wordMin, this.wordMax] = options.wordNgrams ?? [1, 2];
    [this.charMin, this.charMax] = options.charNgrams ?? [3, 5];
    this.wWords = options.weights?.words ?? 0.2;
    this.wBigrams = options.weights?.bigrams ?? 0.1;
    this.wChars = options.weights?.chars ?? 0.7;
    this.emoteWeight = options.emoteWeight ?? 0.35;
    this.seed = options.seed ?? 0;
    this.brokenWordShare = options.brokenWordShare ?? 0.25;
    this.chunkSize = options.chunkSize ?? 512;
    if (!Number.isInteger(this.dim) || this.dim < 8) throw new Error(`HashEncoder: dim must be an integer >= 8, got ${this.dim}`);
    if (![this.wordMin, this.wordMax, this.charMin, this.charMax].every(Number.isInteger)) {
      throw new Error(`HashEncoder: wordNgrams and charNgrams must be [min, max] integer pairs, e.g. [1, 2] and [3, 5]`);
    }
    if (!Number.isInteger(this.seed)) throw new Error(`HashEncoder: seed must be an integer, got ${this.seed}`);
    if (this.wordMin < 1 || this.wordMax > 2 || this.wordMin > this.wordMax) {
      throw new Error(`HashEncoder: wordNgrams must lie within [1, 2] with min <= max, got [${this.wordMin}, ${this.wordMax}]`);
    }
    if (this.charMin < 1 || this.charMax > 16 || this.charMin > this.charMax) {
      throw new Error(`HashEncoder: charNgrams must lie within [1, 16] with min <= max, got [${this.charMin}, ${this.charMax}]`);
    }
    for (const [k, v] of Object.entries({
      words: this.wWords,
      bigrams: this.wBigrams,
      chars: this.wChars,
      emoteWeight: this.emoteWeight,
      brokenWordShare: this.brokenWordShare,
    })) {
      if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`HashEncoder: ${k} weight must be a finite number >= 0, got ${v}`);
    }
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) throw new Error(`HashEncoder: chunkSize must be a positive integer, got ${this.chunkSize}`);
    this.groupWeights = Float64Array.of(this.wWords, this.wBigrams, this.wChars);
    // Bump "hash-v2" whenever hashing or normalizeText changes: vectors are cached under this id
    this.id =
      `hash-v2:d${this.dim}:w${this.wordMin}-${this.wordMax}:c${this.charMin}-${this.charMax}` +
      `:ww${this.wWords}:wb${this.wBigrams}:wc${this.wChars}:e${this.emoteWeight}:b${this.brokenWordShare}:s${this.seed}`;
  }

  /** Encodes texts in order, yielding to the event loop every `chunkSize` texts. */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error('HashEncoder: encode() after close(); create a new encoder');
    const out: Float32Array[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      if (i > 0 && i % this.chunkSize === 0) await new Promise<void>((r) => setImmediate(r));
      out[i] = this.encodeOne(texts[i]!);
    }
    return out;
  }

  /** Synchronous encoding of one text (the same vector `encode` gives). */
  encodeOne(text: string): Float32Array {
    const vec = new Float32Array(this.dim);
    const raw = typeof text === 'string' ? text : String(text ?? '');
    const normalized = normalizeText(raw);
    const tokens = tokenizeWords(normalized);
    if (tokens.length === 0) return vec;

    // Emotes: detected on the cased words (homoglyphs folded, spelled-out letters joined)
    const plain = ASCII_PLAIN_RE.test(raw);
    const emotes = plain && !EMOTE_HINT_RE.test(raw) ? NO_EMOTES : this.emoteKeys(plain && !SPELLED_RE.test(raw) ? raw : normalizeForModel(raw));
    const isLow = (t: string): boolean => t === MENTION_TOKEN || (emotes.size > 0 && emotes.has(t)) || (t.charCodeAt(0) >= 0xa9 && PICTOGRAPH_START_RE.test(t));

    // Word uni/bigrams
    const table = this.table;
    table.clear();
    const base = Math.imul(FNV_OFFSET ^ this.seed, FNV_PRIME);
    let allLow = true;
    let prev = '';
    let prevLow = false;
    for (const token of tokens) {
      const lowT = isLow(token);
      if (!lowT) allLow = false;
      // Doubled letters count once, as in the char n-grams ("biennn" ~ "bien", "quitté" ~ "quité")
      const t = collapseRuns(token);
      if (this.wordMin <= 1) table.add(fmix(fnv(base ^ NS_WORD, t)), GROUP_WORD, lowT);
      if (this.wordMax >= 2 && prev !== '') table.add(fmix(fnv(fnv(base ^ NS_BIGRAM, prev) ^ 0x20, t)), GROUP_BIGRAM, lowT || prevLow);
      prev = t;
      prevLow = lowT;
    }

    // Char n-grams over the content words glued together (inserted spaces do not matter)
    let glued = '';
    for (const t of tokens) {
      if (t.startsWith(URL_TOKEN_PREFIX)) continue;
      if (!allLow && isLow(t)) continue;
      glued += t;
    }
    if (glued.length > 0) {
      // Runs of a repeated character count once ("bonsoiir" ~ "bonsoir", "quitté" ~ "quité")
      const s = `\u0002${glued}\u0003`;
      const cbase = base ^ NS_CHAR;
      const before = table.size;
      if (this.codes.length < s.length) this.codes = new Uint16Array(s.length * 2);
      const codes = this.codes;
      let n = 0;
      let last = -1;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c !== last) codes[n++] = c;
        last = c;
      }
      for (let i = 0; i < n; i++) {
        let h = cbase;
        for (let j = 0; j < this.charMax && i + j < n; j++) {
          h = Math.imul(h ^ codes[i + j]!, FNV_PRIME);
          if (j + 1 >= this.charMin) table.add(fmix(h), GROUP_CHAR, allLow);
        }
      }
      // Shorter than the smallest n-gram: the whole string is the feature
      if (table.size === before) table.add(fmix(fnv(cbase, s)), GROUP_CHAR, allLow);
    }

    // Words broken up by inserted spaces ("h ey g u y s") are unreliable: keep only the char n-grams
    const singles = normalized.match(LONE_LETTER_RE)?.length ?? 0;
    const brokenWords = singles >= 3 && singles >= this.brokenWordShare * tokens.length;
    this.project(vec, brokenWords);
    return vec;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Lexical keys ({@link normalizeText}) of the words that are emotes, as the tokens spell them. */
  private emoteKeys(cased: string): ReadonlySet<string> {
    const keys = new Set<string>();
    if (cased.length > 4000) cased = cased.slice(0, 4000);
    for (const m of cased.matchAll(/\S+/gu)) {
      let w = m[0];
      if (w.length > 64) continue;
      // Accents left on emote names by zalgo ("àngledGG") do not hide them
      if (!ASCII_PLAIN_RE.test(w) && !PICTOGRAPH_START_RE.test(w)) w = w.normalize('NFD').replace(MARKS_RE, '');
      if (EMOTE_HINT_RE.test(w) && isEmoteToken(w)) keys.add(normalizeText(w));
    }
    return keys;
  }

  /**
   * Sublinear tf (1 + ln count, times `emoteWeight` for emote features), each group scaled to norm
   * sqrt(weight), signed hashing into `vec`, then the whole vector L2-normalised.
   */
  private project(vec: Float32Array, charsOnly: boolean): void {
    const { keys, counts, groups, low, used, size } = this.table;
    const sq = [0, 0, 0];
    const lowW = this.emoteWeight;
    for (let i = 0; i < size; i++) {
      const slot = used[i]!;
      const w = tf(counts[slot]!) * (low[slot] ? lowW : 1);
      sq[groups[slot]!]! += w * w;
    }
    const scale = [0, 0, 0];
    for (let g = 0; g < 3; g++) {
      const weight = charsOnly && g !== GROUP_CHAR && sq[GROUP_CHAR]! > 0 ? 0 : this.groupWeights[g]!;
      scale[g] = sq[g]! > 0 ? Math.sqrt(weight) / Math.sqrt(sq[g]!) : 0;
    }
    const dim = this.dim;
    const mask = dim - 1;
    const pow2 = (dim & mask) === 0;
    for (let i = 0; i < size; i++) {
      const slot = used[i]!;
      const h = keys[slot]! >>> 0;
      const w = tf(counts[slot]!) * (low[slot] ? lowW : 1) * scale[groups[slot]!]!;
      vec[pow2 ? h & mask : h % dim]! += h & 0x80000000 ? -w : w;
    }
    let n = 0;
    for (let i = 0; i < dim; i++) n += vec[i]! * vec[i]!;
    if (n > 0) {
      const inv = 1 / Math.sqrt(n);
      for (let i = 0; i < dim; i++) vec[i]! *= inv;
    }
  }
}

/** Runs of a repeated UTF-16 unit collapsed to one. */
function collapseRuns(t: string): string {
  let i = 1;
  while (i < t.length && t.charCodeAt(i) !== t.charCodeAt(i - 1)) i++;
  if (i >= t.length) return t;
  let out = t.slice(0, i);
  for (; i < t.length; i++) if (t.charCodeAt(i) !== t.charCodeAt(i - 1)) out += t[i];
  return out;
}
