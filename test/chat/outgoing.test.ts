import { describe, expect, it } from '@jest/globals';
import { MAX_MESSAGE_LENGTH, sanitizeOutgoing } from '../../src/chat/outgoing.js';

describe('sanitizeOutgoing', () => {
  it('never lets text start with / or . (Twitch chat commands), however it is disguised', () => {
    for (const text of ['/ban streamer', '.timeout x 600', ' \t/me dances', '\u200b/ban x', '\u202e./ban x', '. / . /clear', '\n\n.mods']) {
      const out = sanitizeOutgoing(text);
      expect(out).not.toMatch(/^[/.]/);
      expect(out.length).toBeGreaterThan(0);
    }
    expect(sanitizeOutgoing('/ban streamer')).toBe('ban streamer');
    expect(sanitizeOutgoing('a /ban in the middle. is fine')).toBe('a /ban in the middle. is fine');
  });

  it('turns control characters and line breaks into single spaces, keeps emoji joiners, and is empty for blank text', () => {
    expect(sanitizeOutgoing('line one\r\nline\u0000two\u0007  three')).toBe('line one line two three');
    expect(sanitizeOutgoing('famille 👨\u200d👩\u200d👧')).toBe('famille 👨\u200d👩\u200d👧');
    expect(sanitizeOutgoing(' \u200b\ufeff\n ')).toBe('');
  });

  it('keeps at most 500 characters, cut on a grapheme boundary with an ellipsis', () => {
    const long = 'mot '.repeat(200);
    const out = sanitizeOutgoing(long);
    expect(Array.from(out).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(out.endsWith('mot…')).toBe(true);
    const family = '👨\u200d👩\u200d👧';
    const emojis = sanitizeOutgoing('x'.repeat(495) + family + family);
    expect(Array.from(emojis).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(emojis).toBe('x'.repeat(495) + '…');
    const exact = 'y'.repeat(MAX_MESSAGE_LENGTH);
    expect(sanitizeOutgoing(exact)).toBe(exact);
  });
});
