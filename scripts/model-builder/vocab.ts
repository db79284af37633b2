import { CHAT_CHARACTERS, CHAT_WORDS } from './chat-words.js';
import { Prng, subSeed } from './prng.js';

/** Word-boundary marker of SentencePiece (Metaspace). */
export const METASPACE = '\u2581';

/** Special tokens, in id order (ids 0..6). */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '<mention>', '<url>'] as const;

/** A Unigram vocabulary: pieces with their log-probability scores, id = index. */
export interface UnigramVocab {
  readonly pieces: ReadonlyArray<readonly [string, number]>;
  readonly padId: number;
  readonly unkId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly maskId: number;
}

const FRENCH_LETTERS = 'àâäçéèêëîïôöùûüÿœæ';
const FILL_LETTERS = 'eeeeeaaaaiiissssnnnrrrttttoooullldcmpvqfbghjxyz';

/**
 * Builds a deterministic SentencePiece-style Unigram vocabulary of exactly `size` pieces:
 * special tokens, `▁`, every character of chat (alone and word-initial), frequent chat words,
 * frequent word fragments, then seeded pseudo-syllables until `size` is reached.
 * Longer and more frequent pieces score higher, so Viterbi prefers whole words.
 */
export function buildVocab(size: number, seed: number): UnigramVocab {
  const pieces: Array<[string, number]> = [];
  const seen = new Set<string>();
  const add = (piece: string, score: number): void => {
    if (pieces.length >= size || piece.length === 0 || seen.has(piece)) return;
    seen.add(piece);
    pieces.push([piece, score]);
  };
  // Specials and the bare word marker.
  for (const t of SPECIAL_TOKENS) add(t, 0);
  add(METASPACE, -3);
  // Characters: chat characters by frequency, then the rest of printable ASCII and French letters.
  const chars: string[] = [...CHAT_CHARACTERS];
  for (let c = 0x21; c < 0x7f; c++) chars.push(String.fromCharCode(c));
  for (const c of FRENCH_LETTERS + FRENCH_LETTERS.toUpperCase()) chars.push(c);
  chars.forEach((c, rank) => {
    add(METASPACE + c, -(12 + Math.log1p(rank) / 4));
    add(c, -(13 + Math.log1p(rank) / 4));
  });
  // Whole words (word-initial), original and lowercased.
  CHAT_WORDS.forEach((w, rank) => {
    add(METASPACE + w, -(5 + Math.log1p(rank) / 2));
    add(METASPACE + w.toLowerCase(), -(5.5 + Math.log1p(rank) / 2));
  });
  // Fragments of 2-4 letters inside and at the start of words, most frequent first.
  const counts = new Map<string, number>();
  for (const w of CHAT_WORDS) {
    const lw = [...w.toLowerCase()];
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= lw.length; i++) {
        const frag = (i === 0 ? METASPACE : '') + lw.slice(i, i + n).join('');
        counts.set(frag, (counts.get(frag) ?? 0) + 1);
      }
    }
  }
  const frags = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  frags.forEach(([f], rank) => add(f, -(8 + Math.log1p(rank) / 2)));
  // Pseudo-syllables until the requested size.
  const rng = new Prng(subSeed(seed, 'vocab'));
  let guard = 0;
  while (pieces.length < size && guard++ < size * 50) {
    const n = 2 + Math.floor(rng.next() * 5);
    let s = rng.next() < 0.5 ? METASPACE : '';
    for (let i = 0; i < n; i++) s += FILL_LETTERS[Math.floor(rng.next() * FILL_LETTERS.length)];
    add(s, -(10 + Math.log1p(pieces.length) / 2));
  }
  if (pieces.length < size) throw new Error(`could not build a vocabulary of ${size} pieces`);
  return { pieces, padId: 0, unkId: 1, clsId: 2, sepId: 3, maskId: 4 };
}
