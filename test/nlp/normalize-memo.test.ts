import { describe, expect, test } from '@jest/globals';
import { normalizeText } from '../../src/nlp/normalize.js';

describe('normalizeText on repeated texts', () => {
  test('a repeated text gets the same key, also after many other texts went by', () => {
    const texts = ['Ｂｏｎｊｏｏｏｏｕｒ  @Usul https://www.Twitch.tv/x', 'f r e e  f0ll0w3rs', 'Ça va ?'];
    const first = texts.map((t) => normalizeText(t));
    expect(first).toEqual(['bonjoour @mention url:twitch.tv', 'free followers', 'ca va ?']);
    for (let i = 0; i < 20_000; i++) normalizeText(`message ${i} LUL`);
    expect(texts.map((t) => normalizeText(t))).toEqual(first);
    expect(normalizeText('message 12 LUL')).toBe('message 12 lul');
  });

  test('texts longer than a chat message and non-strings are keyed too', () => {
    const long = `${'Nucléaire '.repeat(100)}!`;
    expect(normalizeText(long)).toBe(`${'nucleaire '.repeat(100)}!`);
    expect(normalizeText(long)).toBe(normalizeText(long.slice()));
    expect(normalizeText(undefined)).toBe('');
  });
});
