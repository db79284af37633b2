import { describe, expect, it } from '@jest/globals';
import { emoteOffsetsFromTag } from '../../src/twitch/convert.js';

describe('emoteOffsetsFromTag', () => {
  it('maps Twitch code-point offsets (inclusive) to UTF-16 ranges, past emoji', () => {
    const text = '😀 Kappa hi Kappa';
    const offsets = new Map([['25', ['2-6', '11-15']]]);
    const got = emoteOffsetsFromTag(text, offsets);
    expect(got.map((e) => e.name)).toEqual(['Kappa', 'Kappa']);
    expect(got[0]).toEqual({ id: '25', start: 3, end: 8, name: 'Kappa' });
  });

  it('drops ranges outside the text or malformed', () => {
    expect(emoteOffsetsFromTag('hi', new Map([['1', ['0-9', 'x-y', '1-0']]]))).toEqual([]);
  });
});
