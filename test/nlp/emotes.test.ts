import { describe, expect, test } from '@jest/globals';
import type { EmoteOffset } from '../../src/chat/message.js';
import { channelPrefixOf, emoteShare, isEmoteOnly, isEmoteToken, stripEmotes } from '../../src/nlp/emotes.js';
import { HOSTILE_INPUTS } from './hostile.js';

describe('isEmoteToken', () => {
  test.each(['massietGG', 'ponceJAM', 'usul20Teuf', 'jack0tLsbn', 'accroBonjour', 'zrtL', 'ponceCOEURX'])('channel emote %s', (t) => {
    expect(isEmoteToken(t)).toBe(true);
  });

  test.each(['LUL', 'Kappa', 'KEKW', 'PogChamp', 'catJAM', 'blobDance', 'LesbianPride', 'SeemsGood', 'OMEGALUL', '<3', ':)', 'LUUUUL', 'Kaaappa'])(
    'global or third-party emote %s',
    (t) => {
      expect(isEmoteToken(t)).toBe(true);
    },
  );

  test.each(['😂', '👍🏽', '❤️', '🇫🇷', '😂🔥'])('emoji %s', (t) => {
    expect(isEmoteToken(t)).toBe(true);
  });

  test.each(['Bonsoir', 'bonsoir', 'LREM', 'Villani', 'iPhone', 'covid19', 'massiet20', 'lul', 'kappa', '20h30', 'a😂', ''])('not an emote: %s', (t) => {
    expect(isEmoteToken(t)).toBe(false);
  });

  test('prefix + digits counts once the channel prefix is known', () => {
    expect(isEmoteToken('massiet20', { channelPrefixes: new Set(['massiet']) })).toBe(true);
    expect(isEmoteToken('covid19', { channelPrefixes: new Set(['massiet']) })).toBe(false);
  });

  test('extra emote names', () => {
    expect(isEmoteToken('Bedge')).toBe(true);
    expect(isEmoteToken('monEmote', { extraEmotes: new Set(['monEmote']) })).toBe(true);
    expect(isEmoteToken('Salut', { extraEmotes: new Set(['Salut']) })).toBe(true);
  });

  test('channelPrefixOf', () => {
    expect(channelPrefixOf('massietGG')).toBe('massiet');
    expect(channelPrefixOf('usul20Teuf')).toBe('usul20');
    expect(channelPrefixOf('Bonsoir')).toBeUndefined();
  });
});

describe('emoteShare / isEmoteOnly', () => {
  test('real emote waves are emote-only', () => {
    expect(isEmoteOnly('ponceJAM ponceJAM ponceJAM ponceJAM ponceJAM ponceJAM ponceJAM ponceCOEURX')).toBe(true);
    expect(isEmoteOnly('usul20Poutou usul20Sacre usul20Teuf usul20Cotenteuf')).toBe(true);
    expect(isEmoteOnly('massietGG massiet20')).toBe(true);
    expect(isEmoteOnly('😂😂 🔥')).toBe(true);
  });

  test('share of emote words', () => {
    expect(emoteShare('Bonsoir ponceFLEUR ponceFLEUR ponceFLEUR')).toBeCloseTo(0.75);
    expect(emoteShare('Bonsoir à tous !')).toBe(0);
    expect(emoteShare('')).toBe(0);
    expect(isEmoteOnly('')).toBe(false);
    expect(isEmoteOnly('Bonsoir ponceFLEUR')).toBe(false);
  });

  test('Twitch emote tags count even for names the heuristics miss', () => {
    const text = 'Salut Squid1 Squid2';
    const emotes: EmoteOffset[] = [
      { id: '1', start: 6, end: 12, name: 'Squid1' },
      { id: '2', start: 13, end: 19, name: 'Squid2' },
    ];
    expect(emoteShare(text)).toBe(0);
    expect(emoteShare(text, emotes)).toBeCloseTo(2 / 3);
    expect(
      isEmoteOnly('Squid1 Squid2', [
        { id: '1', start: 0, end: 6, name: 'Squid1' },
        { id: '2', start: 7, end: 13, name: 'Squid2' },
      ]),
    ).toBe(true);
  });

  test('stripEmotes keeps the words around emotes', () => {
    expect(stripEmotes('Courage les modos accroCoeur <3')).toBe('Courage les modos');
  });

  test('never throws on hostile input', () => {
    for (const s of HOSTILE_INPUTS) {
      const share = emoteShare(s);
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
      expect(typeof isEmoteOnly(s)).toBe('boolean');
      expect(typeof stripEmotes(s)).toBe('string');
    }
  });
});
