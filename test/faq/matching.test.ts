import { describe, expect, it } from '@jest/globals';
import type { Encoder } from '../../src/nlp/encoder.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { canonicalText } from '../../src/faq/canonical.js';
import type { FaqEntry } from '../../src/faq/entry.js';
import { FaqIndex, matchText, prepareMessage, sentences } from '../../src/faq/matcher.js';
import { isQuestionLike } from '../../src/faq/question.js';
import { FaqStore } from '../../src/faq/store.js';
import { Store } from '../../src/store/store.js';

/** Counts the texts it encodes; `seed` changes its id and its vectors. */
class CountingEncoder implements Encoder {
  readonly inner: HashEncoder;
  encoded: string[] = [];
  constructor(seed: number) {
    this.inner = new HashEncoder({ seed });
  }
  get id(): string {
    return this.inner.id;
  }
  get dim(): number {
    return this.inner.dim;
  }
  encode(texts: readonly string[]): Promise<Float32Array[]> {
    this.encoded.push(...texts);
    return this.inner.encode(texts);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const entries: FaqEntry[] = [
  { id: 'discord', answer: 'd', examples: ["c'est quoi le discord ?", 'il y a un discord ?'] },
  { id: 'discord-rules', answer: 'r', examples: ["c'est quoi les règles du discord ?"] },
  { id: 'music', answer: 'm', examples: ["c'est quoi la musique ?", 'what song is this?'] },
];

async function scoreOf(index: FaqIndex, encoder: SharedEncoder, text: string, threshold = 0.6, margin = 0.08) {
  const r = index.read(text);
  return index.match(await encoder.encode(r.text), r, threshold, margin);
}

describe('faq matching', () => {
  it('folds chat spellings so that paraphrases share words', () => {
    expect(canonicalText('c koi la musique')).toBe(canonicalText("C'est quoi la musique"));
    expect(canonicalText('whats ur cpu')).toBe('what is your cpu');
    expect(canonicalText('wat r u playing rn')).toBe('what are you playing now');
    expect(canonicalText("t'as quel âge ?")).toBe('tu as quel age');
    expect(canonicalText('ponceJAM massietGG')).toBe('');
    // Laughter and fillers carry no question; "jsp" keeps its meaning without a subject
    expect(canonicalText('c quoi le jeu frr mdr')).toBe('c est quoi le jeu');
    expect(canonicalText('jsp c koi')).toBe('sais pas c est quoi');
    // Naming words are shared across languages, so the thing asked about decides the entry
    expect(canonicalText('what is this game called')).toBe('what is this game appelle');
  });

  it('matches the question sentence of a longer message on its own', async () => {
    const encoder = new SharedEncoder(new HashEncoder());
    const index = await FaqIndex.build(entries, encoder);
    expect(sentences("c'est quoi la musique ? elle est trop bien, je kiffe grave")).toHaveLength(2);
    expect(sentences('c quoi la musique')).toEqual([]);
    const long = "c'est quoi la musique ? elle est trop bien, je kiffe grave le rythme de ce morceau";
    expect((await scoreOf(index, encoder, long)).accepted).toBe(false);
    const m = await matchText(index, encoder, long, 0.6, 0.08);
    expect([m?.accepted, m?.best?.id]).toEqual([true, 'music']);
    // A one-word sentence is not a question on its own
    const short = await matchText(index, encoder, 'musique? bon je vais manger, a plus tard tout le monde', 0.6, 0.08);
    expect(short?.accepted).toBe(false);
    await encoder.close();
  });

  it('tells questions and requests from statements, in French and English', () => {
    const q = (t: string) => isQuestionLike(t, prepareMessage(t).tokens);
    for (const t of [
      'c koi la zik',
      'tu joues à quoi',
      "il est où l'insta",
      'quand le prochain live',
      'lien discord svp',
      'what game is this',
      'do u have insta',
      'est-ce que tu stream demain',
      'discord ?',
    ])
      expect([t, q(t)]).toEqual([t, true]);
    for (const t of ['la musique est trop forte', 'gg wp', 'ponceJAM ponceJAM', 'le discord est mort', 'i love this song'])
      expect([t, q(t)]).toEqual([t, false]);
  });

  it('requires a clear margin over the second-best entry', async () => {
    const encoder = new SharedEncoder(new HashEncoder());
    const index = await FaqIndex.build(entries, encoder, undefined, { requireKeyword: false });
    // Both discord entries are close: a wide margin holds the answer back
    const close = await scoreOf(index, encoder, "le discord c'est quoi ?", 0.6, 0.2);
    expect(close.best?.id).toBe('discord');
    expect(close.second?.id).toBe('discord-rules');
    expect(close.best!.score - close.second!.score).toBeLessThan(0.2);
    expect(close).toMatchObject({ accepted: false, reason: 'margin' });
    expect(await scoreOf(index, encoder, "le discord c'est quoi ?", 0.6, 0.05)).toMatchObject({ accepted: true, best: { id: 'discord' } });
    // A clear winner passes the default margin
    expect(await scoreOf(index, encoder, 'c koi la zik ?')).toMatchObject({ accepted: true, best: { id: 'music' } });
  });

  it('needs a keyword of the entry unless the message is nearly an example', async () => {
    const encoder = new SharedEncoder(new HashEncoder());
    const index = await FaqIndex.build(entries, encoder);
    expect(await scoreOf(index, encoder, "c'est quoi ce truc ?", 0)).toMatchObject({ accepted: false, reason: 'keyword' });
    const music = await scoreOf(index, encoder, 'what song is playing', 0.3);
    expect(music).toMatchObject({ accepted: true, best: { id: 'music' } });
    expect(music.best!.keywords.length).toBeGreaterThan(0);
  });

  it('caches example vectors per encoder id and recomputes them when the encoder changes', async () => {
    const store = Store.open({ path: ':memory:' });
    const faqStore = new FaqStore(store, () => 0);
    const first = new CountingEncoder(0);
    await FaqIndex.build(entries, new SharedEncoder(first), faqStore);
    expect(first.encoded.length).toBe(5);
    // Same encoder again (a restart): nothing re-encoded
    const again = new CountingEncoder(0);
    const cachedIndex = await FaqIndex.build(entries, new SharedEncoder(again), faqStore);
    expect(again.encoded).toEqual([]);
    // Another encoder id: every example is encoded again, and the old vectors are dropped
    const other = new CountingEncoder(7);
    const otherShared = new SharedEncoder(other);
    const otherIndex = await FaqIndex.build(entries, otherShared, faqStore);
    expect(other.encoded.length).toBe(5);
    expect(otherIndex.encoderId).not.toBe(cachedIndex.encoderId);
    const ids = store.db.prepare('SELECT DISTINCT encoder_id AS id FROM faq_vectors').all();
    expect(ids).toEqual([{ id: other.id }]);
    expect(await scoreOf(otherIndex, otherShared, 'c koi la zik ?')).toMatchObject({ accepted: true, best: { id: 'music' } });
    store.close();
  });
});
