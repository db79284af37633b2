import { describe, expect, it } from '@jest/globals';
import { moderationConfigSchema } from '../../src/moderation/config.js';
import { decayedStrikes, stepFor } from '../../src/moderation/escalation.js';
import { isReactionWords } from '../../src/moderation/reactions.js';
import { checkRules } from '../../src/moderation/rule-filters.js';
import { SimHashIndex } from '../../src/moderation/simhash-index.js';
import { domainAllowed, textFeatures } from '../../src/moderation/text-features.js';
import { FloodTracker, MessageHistory, RepeatTracker, type WindowMessage } from '../../src/moderation/windows.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { normalizeText, tokenizeWords } from '../../src/nlp/normalize.js';

const cfg = moderationConfigSchema.parse({});
const rules = (text: string, over: Record<string, unknown> = {}) =>
  checkRules(
    textFeatures({ text, emotes: [] }),
    moderationConfigSchema.parse(over),
    (n) => !moderationConfigSchema.parse(over)[n].enabled,
    () => false,
  );

describe('rule filters', () => {
  it('links: domain allowlist with subdomains, obfuscated domains caught', () => {
    expect(rules('go https://www.twitch.tv/foo')).toBeUndefined();
    expect(rules('clip https://clips.twitch.tv/abc')).toBeUndefined();
    expect(rules('buy at https://bigfollows.com now')?.filter).toBe('links');
    expect(rules('buy at bigfollows(dot)com now')?.filter).toBe('links');
    // Spaced-out and digit-for-letter domains count as links for the blocklist's link margin
    expect(textFeatures({ text: 'viewers on b i g f o l l o w s . c o m', emotes: [] }).hasLink).toBe(true);
    expect(textFeatures({ text: 'viewers on streamb00 .c0m', emotes: [] }).hasLink).toBe(true);
    expect(textFeatures({ text: 'a b c d e, on est la', emotes: [] }).hasLink).toBe(false);
    expect(domainAllowed('m.youtube.com', ['youtube.com'])).toBe(true);
    expect(domainAllowed('notyoutube.com', ['youtube.com'])).toBe(false);
  });

  it('caps only on long shouting', () => {
    expect(rules('PONPON !!!')).toBeUndefined();
    expect(rules('MERCI MOONBOT POUR MON PREMIER BAN')).toBeUndefined();
    expect(rules('ARRETEZ DE PARLER DE CA TOUT LE TEMPS CEST VRAIMENT NUL')?.filter).toBe('caps');
    // Emotes do not count as shouting
    expect(rules('LUL LUL LUL KEKW KEKW OMEGALUL OMEGALUL LUL LUL LUL KEKW')).toBeUndefined();
  });

  it('symbols, emotes, zalgo, repeated characters, length', () => {
    expect(rules('$$$ !!! ### %%% &&& *** @@@ ((( ))) +++')?.filter).toBe('symbols');
    expect(rules(Array(30).fill('ponceFLEUR').join(' '))?.filter).toBe('emotes');
    expect(rules(Array(12).fill('ponceFLEUR').join(' '))).toBeUndefined();
    expect(rules('he\u0301\u0302\u0303\u0304\u0305\u0306llo\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e')?.filter).toBe('zalgo');
    expect(rules('café crème à la française')).toBeUndefined();
    expect(rules('noooo' + 'o'.repeat(45))?.filter).toBe('repeatedChars');
    expect(rules('Bonsoiiiiiir !!')).toBeUndefined();
    const long = 'mot '.repeat(110);
    expect(rules(long)).toBeUndefined(); // length is off by default
    expect(rules(long, { length: { enabled: true, maxChars: 300 } })?.filter).toBe('length');
  });

  it('never throws on hostile input', () => {
    for (const t of ['\ud800', '\u0000\u0001', 'x'.repeat(5000), '\u202e\u2066', '']) expect(() => textFeatures({ text: t, emotes: [] })).not.toThrow();
  });
});

describe('reactions', () => {
  const words = (t: string) => tokenizeWords(normalizeText(t));
  it('recognises greetings, votes and short reactions', () => {
    for (const t of ['+1', '+1 Léa', 'Bonsoir à tous et à toutes !', 'gg', 'A', 'Merci Léa', 'hello chat', 'mdrrr', 'Salut tout le monde !']) {
      expect(isReactionWords(words(t))).toBe(true);
    }
    for (const t of ['il y a pas la mer à Nantes', 'check out my new music video on my channel']) expect(isReactionWords(words(t))).toBe(false);
  });
});

describe('escalation', () => {
  it('forgives one strike per quiet period and repeats the top rung', () => {
    expect(decayedStrikes(3, 0, 59 * 60_000, 60)).toBe(3);
    expect(decayedStrikes(3, 0, 61 * 60_000, 60)).toBe(2);
    expect(decayedStrikes(3, 0, 10 * 3_600_000, 60)).toBe(0);
    expect(stepFor(cfg.escalation.steps, 1).action).toBe('warn');
    expect(stepFor(cfg.escalation.steps, 3)).toEqual({ action: 'timeout', seconds: 600 });
    expect(stepFor(cfg.escalation.steps, 9)).toEqual({ action: 'timeout', seconds: 86_400 });
  });
});

describe('windows', () => {
  const enc = new HashEncoder();
  const wm = (id: string, userId: string, text: string, time: number): WindowMessage & { vector: Float32Array } => ({
    id,
    userId,
    login: userId,
    text,
    time,
    vector: enc.encodeOne(text),
    exempt: false,
  });

  it('the LSH index finds near-duplicates without returning the whole index', () => {
    const idx = new SimHashIndex<number>();
    // 2,000 unrelated messages of 8 pseudo-random words
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4_294_967_296;
    const syllables = ['ba', 'ko', 'ri', 'mu', 'te', 'sa', 'lo', 'ne', 'vi', 'du', 'po', 'ga', 'fi', 'ze', 'chu'];
    const word = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join('');
    const texts = Array.from({ length: 2000 }, () => Array.from({ length: 8 }, word).join(' '));
    texts.forEach((t, i) => idx.add(i, idx.signature(enc.encodeOne(t))));
    const q = idx.signature(enc.encodeOne(texts[1234]!.toUpperCase() + ' !!'));
    const found = idx.candidates(q, idx.maxHammingFor(0.7));
    expect(found).toContain(1234);
    expect(found.length).toBeLessThan(200);
    idx.remove(1234);
    expect(idx.candidates(q, idx.maxHammingFor(0.7))).not.toContain(1234);
    expect(idx.size).toBe(1999);
  });

  it('flood groups count distinct users and expire with the window', () => {
    const f = new FloodTracker(1000);
    const q = { threshold: 0.7, windowMs: 60_000 };
    const text = 'everyone type this in chat to show we want the old intro music back';
    const a = f.observe(wm('1', 'u1', text, 0), q);
    f.observe(wm('2', 'u1', text + ' !', 1000), q);
    const c = f.observe(wm('3', 'u2', text.toUpperCase(), 2000), q);
    expect(c.group).toBe(a.group);
    expect(c.group.users.size).toBe(2);
    const other = f.observe(wm('4', 'u3', 'quelle est la musique de fond ce soir', 3000), q);
    expect(other.group).not.toBe(a.group);
    const late = f.observe(wm('5', 'u4', text, 100_000), q);
    expect(late.group).not.toBe(a.group);
    expect(f.size).toBe(1);
  });

  it('repeat tracker and history stay bounded', () => {
    const r = new RepeatTracker(2);
    const q = { threshold: 0.7, lastMessages: 3, windowMs: 60_000 };
    for (let i = 0; i < 5; i++) r.observe(wm(String(i), 'u' + (i % 3), 'same text here', i * 1000), q);
    expect(r.userCount).toBe(2);
    const h = new MessageHistory(3);
    for (let i = 0; i < 5; i++) h.push(wm(String(i), 'u', 't', i));
    expect(h.since(0).map((m) => m.id)).toEqual(['2', '3', '4']);
    expect(h.since(4).map((m) => m.id)).toEqual(['4']);
  });

  it('repeat tracker forgets users who stopped talking once their window has passed, even if they never speak again', () => {
    const r = new RepeatTracker(20_000);
    const q = { threshold: 0.7, lastMessages: 10, windowMs: 60_000 };
    for (let i = 0; i < 1000; i++) r.observe(wm(String(i), 'u' + i, 'bonjour tout le monde', i * 10), q);
    r.observe(wm('late', 'u5', 'encore moi', 50_000), q);
    expect(r.userCount).toBe(1000);
    // At 65 s only users whose newest message is older than 5 s are gone (the first 500 but u5)
    expect(r.prune(65_000, 60_000)).toBe(499);
    // At 71 s every user who spoke in the first 10 s is gone; u5 spoke again at 50 s and stays
    expect(r.prune(71_000, 60_000)).toBe(500);
    expect(r.userCount).toBe(1);
    // u5 still has its history: a repeat within the window is still seen
    expect(r.observe(wm('again', 'u5', 'encore moi', 66_000), q).matches.map((m) => m.id)).toEqual(['late']);
    expect(r.prune(200_000, 60_000)).toBe(1);
    expect(r.userCount).toBe(0);
  });
});
