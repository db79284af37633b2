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

  it('removes bidi isolates and leading blank-looking letters, so nothing posted looks like a command (defect 7)', () => {
    for (const text of [
      '\u2800/ban streamer',
      '\u2066/ban streamer\u2069',
      '\u061c.timeout x',
      '\u3164\u2800 /ban x',
      '\u2067\u2800\u2069/clear',
      '\uffa0\u115f\u1160/mods',
    ]) {
      const out = sanitizeOutgoing(text);
      expect(out).not.toMatch(/^[/.]/);
      expect(out).not.toMatch(/[\u2066-\u2069\u061c]/);
      expect(out).not.toMatch(/^[\u2800\u3164\u115f\u1160\uffa0]/);
    }
    expect(sanitizeOutgoing('\u2800/ban streamer')).toBe('ban streamer');
    expect(sanitizeOutgoing('nom \u2068arabe\u2069 ici')).toBe('nom arabe ici');
    expect(sanitizeOutgoing('art \u2800\u2801 ok')).toBe('art \u2800\u2801 ok');
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
