import { describe, expect, test } from '@jest/globals';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { foldForModel, normalizeText } from '../../src/nlp/normalize.js';
import { dot } from '../../src/nlp/similarity.js';
import { segmentSpelled } from '../../src/nlp/spelled-words.js';

describe('spaced and dotted spellings of new text', () => {
  test('letters spelled with single spaces are cut back into words', () => {
    expect(normalizeText('f r e e f o l l o w e r s')).toBe('free followers');
    expect(normalizeText('get c h e a p v i e w e r s now')).toBe('get cheap viewers now');
    expect(normalizeText('a c h e t e z d e s v u e s')).toBe('achetez des vues');
    // Not words: joined as before
    expect(normalizeText('x k c d q')).toBe('xkcdq');
  });

  test('dotted spellings, two-letter words and dotted domains included', () => {
    expect(normalizeText('B.e.s.t v.i.e.w.e.r.s')).toBe('best viewers');
    expect(normalizeText('B.e.s.t v.i.e.w.e.r.s o.n s.t.r.e.a.m.b.o.o .c.o.m')).toBe(normalizeText('Best viewers on streamboo .com'));
    // An ordinary dotted abbreviation alone stays
    expect(normalizeText('e.g. this')).toBe('e.g. this');
  });

  test('the hash encoder sees the spelled text as the plain one', () => {
    const h = new HashEncoder();
    for (const [spelled, plain] of [
      ['f r e e f o l l o w e r s', 'free followers'],
      ['B.e.s.t v.i.e.w.e.r.s', 'Best viewers'],
      ['F-R-E-E V-I-E-W-E-R-S', 'free viewers'],
    ])
      expect(dot(h.encodeOne(spelled!), h.encodeOne(plain!))).toBeGreaterThan(0.99);
  });

  test('model input: spelled words joined, other spacing kept', () => {
    expect(foldForModel('f r e e f o l l o w e r s')).toBe('free followers');
    expect(foldForModel('B.e.s.t v.i.e.w.e.r.s')).toBe('Best viewers');
    expect(foldForModel('A B C D')).toBe('A B C D');
  });

  test('segmentation takes the fewest lexicon words, or nothing', () => {
    expect(segmentSpelled('freefollowers')).toBe('free followers');
    expect(segmentSpelled('free')).toBeUndefined();
    expect(segmentSpelled('zzzzzz')).toBeUndefined();
  });
});
