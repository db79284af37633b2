import { describe, expect, test } from '@jest/globals';
import { foldForModel, MAX_NORMALIZE_INPUT, normalizeForModel } from '../../src/nlp/normalize.js';
import { HOSTILE_INPUTS } from './hostile.js';

describe('foldForModel: obfuscation folded, what the text says kept', () => {
  test.each([
    ['Cyrillic look-alikes inside a Latin word', 'fr\u0435\u0435', 'free'],
    ['mathematical bold letters', '𝐟𝐫𝐞𝐞', 'free'],
    ['fullwidth letters', 'ｆｒｅｅ', 'free'],
    ['circled letters and small capitals', 'ⓕⓡⓔⓔ ꜰʀᴇᴇ', 'free free'],
    ['a whole word of look-alikes', '\u0455\u0441\u0430m', 'scam'],
    ['zero-width characters', 'fr\u200bee fol\u200dlow\u2060ers', 'free followers'],
    ['bidi controls', '\u202efree\u202c \u2067now\u2069', 'free now'],
    ['variation selectors, soft hyphens and tag characters', 'fo\u00adllow\ufe0fers\u{e0041}\u{e007f}', 'followers'],
    ['zalgo', 'f̷̢r̵̛e̴͓e̶̬ Z̸̢̛̤͓̈́a̵̱͝l̶̰̓g̷̣̾o̸̬͐', 'free Zalgo'],
    ['stretched letters squeezed to three', 'NOOOOOON loooool aaaaaah', 'NOOON loool aaah'],
    ['control characters become spaces', 'free\u0007followers', 'free followers'],
    // What the text says is kept.
    ['case', 'FREE Followers', 'FREE Followers'],
    ['case of folded letters', '𝐅𝐑𝐄𝐄 \u0405PAM', 'FREE SPAM'],
    ['French accents', 'Été à Noël ça va', 'Été à Noël ça va'],
    ['digits', '1000000 viewers, 20h30, 2022', '1000000 viewers, 20h30, 2022'],
    ['spaced letters are not joined', 'A B C D', 'A B C D'],
    ['spacing', 'free  money', 'free  money'],
    ['runs of three letters and of other characters', 'aaah !!!!!! ???? 0000', 'aaah !!!!!! ???? 0000'],
    ['emoji and emoji runs', '😂😂😂😂 🔥👍🏽🇫🇷', '😂😂😂😂 🔥👍🏽🇫🇷'],
    ['links and mentions, stretched or not', '@Usul https://aaaaa.com @ooooops', '@Usul https://aaaaa.com @ooooops'],
    ['words of another script', 'привет как дела', 'привет как дела'],
    ['letters accent folding leaves alone', 'Straße Łódź cœur', 'Straße Łódź cœur'],
  ])('%s', (_, input, expected) => {
    expect(foldForModel(input)).toBe(expected);
  });

  test('decomposed accents come out NFC-composed; extra stacked marks are stripped', () => {
    expect(foldForModel('E\u0301te\u0301 a\u0300 c\u0327a')).toBe('Été à ça');
    expect(foldForModel('E\u0301\u0334\u0335\u0336te\u0301\u0303\u0304')).toBe('Été');
  });

  test('emoji stay emoji (joiners and variation selectors dropped)', () => {
    expect(foldForModel('👨\u200d👩\u200d👧 ❤\ufe0f')).toBe('👨👩👧 ❤');
  });

  test('unlike normalizeForModel, digits are not squeezed and spaced letters not joined', () => {
    expect(normalizeForModel('1000000 A B C D')).toBe('100 ABCD');
    expect(foldForModel('1000000 A B C D')).toBe('1000000 A B C D');
  });
});

describe('foldForModel on hostile input', () => {
  test('always a string, lone surrogates gone, never longer than maxLength', () => {
    for (const s of HOSTILE_INPUTS) {
      const out = foldForModel(s);
      expect(typeof out).toBe('string');
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
    expect(foldForModel('xy'.repeat(5_000))).toHaveLength(MAX_NORMALIZE_INPUT);
    expect(foldForModel('ab'.repeat(5_000), 4_000)).toHaveLength(4_000);
    expect(foldForModel(undefined)).toBe('');
  });

  test('invisible characters and marks only fold to nothing but spaces', () => {
    expect(foldForModel('\u200b\u200c\u200d\u2060\ufeff\u00ad').trim()).toBe('');
    expect(foldForModel('\u0301\u0302\u0303'.repeat(100))).toBe('');
  });
});
