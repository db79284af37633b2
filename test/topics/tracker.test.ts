import { beforeAll, describe, expect, it } from '@jest/globals';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { extractFeatures } from '../../src/nlp/topics/features.js';
import { TopicTracker, type TopicTrackerOptions } from '../../src/nlp/topics/topic-tracker.js';
import { topicsConfigSchema } from '../../src/topics/config.js';
import { trackerOptionsOf } from '../../src/topics/module.js';
import { takeTopicSnapshot } from '../../src/topics/snapshot.js';
import { plantedChat, type PlantedMessage } from './planted.js';

const config = topicsConfigSchema.parse({});
/** The tracker as the module builds it with the default channel settings. */
const defaults: TopicTrackerOptions = trackerOptionsOf(config);
const T0 = Date.UTC(2021, 10, 4, 20, 0, 0);

describe('TopicTracker on a planted chat (built-in encoder, default settings)', () => {
  const chat = plantedChat();
  let tracker: TopicTracker;
  let assigned: number[];

  beforeAll(async () => {
    const encoder = new HashEncoder();
    const vectors = await encoder.encode(chat.map((m) => m.text));
    await encoder.close();
    tracker = new TopicTracker(defaults);
    assigned = chat.map((m, i) => tracker.ingest({ id: `m${i}`, text: m.text, time: T0 + m.at * 1000, vector: vectors[i], line: i + 2 }));
  });

  /** Planted topic -> sizes of the clusters its messages went to, biggest first. */
  const spread = (topic: PlantedMessage['topic']) => {
    const counts = new Map<number, number>();
    chat.forEach((m, i) => m.topic === topic && counts.set(assigned[i]!, (counts.get(assigned[i]!) ?? 0) + 1));
    return [...counts.values()].sort((a, b) => b - a);
  };
  /** Cluster id -> the planted topics of its members. */
  const members = (id: number) => new Set(chat.filter((_, i) => assigned[i] === id).map((m) => m.topic));

  it('never mixes planted topics in one cluster', () => {
    for (const id of new Set(assigned)) expect(members(id).size).toBe(1);
  });

  it('recovers the emote wave, the +1 flood and the conversations as clusters', () => {
    expect(spread('emotes')[0]).toBe(12);
    expect(spread('plus1')[0]).toBeGreaterThanOrEqual(11);
    expect(spread('nuclear')[0]).toBeGreaterThanOrEqual(10);
    // the lexical built-in encoder keeps the sparser conversations in a main thread plus stragglers
    expect(spread('football')[0]).toBeGreaterThanOrEqual(4);
    expect(spread('pizza')[0]).toBeGreaterThanOrEqual(4);
  });

  it('labels and types each planted topic sensibly', () => {
    const now = T0 + chat[chat.length - 1]!.at * 1000;
    const topics = tracker.topics(now, { limit: 10 });
    const find = (topic: PlantedMessage['topic']) => topics.find((t) => members(t.id).has(topic));
    const emotes = find('emotes')!;
    expect(emotes.keywords[0]).toBe('ponceJAM');
    expect(emotes.type).toBe('Emotes');
    expect(emotes.informative).toBe(false);
    const plus = find('plus1')!;
    expect(plus.keywords[0]).toBe('+1');
    expect(plus.type).toBe('Reactions');
    const nuclear = find('nuclear')!;
    expect(nuclear.keywords[0]).toBe('nucléaire');
    expect(nuclear.representative!.text).toMatch(/nucléaire/);
    expect(nuclear.informative).toBe(true);
    expect(find('football')!.keywords.map((k) => k.toLowerCase())).toContain('psg');
    expect(find('pizza')!.keywords).toContain('pizza');
    // the answer ranks the big ones first and reads as one chat message
    const snap = takeTopicSnapshot(tracker, { now, language: 'fr' });
    expect(snap.text).toMatch(/^Chat \(10 min\): 1\) /);
    for (const k of ['ponceJAM', '+1', 'nucléaire']) expect(snap.text).toContain(k);
    expect(snap.clusters[0]!.representative === null || typeof snap.clusters[0]!.representative.line === 'number').toBe(true);
  });

  it('types questions, greetings, votes and commands', () => {
    const t = new TopicTracker(defaults);
    const encoder = new HashEncoder();
    const groups: Record<string, string[]> = {
      Question: ['c quoi la musique ?', 'c est quoi la musique ?', 'quelle est la musique ?', 'la musique c est quoi ?'],
      Greetings: ['bonsoir tout le monde', 'bonsoir à tous', 'bonsoir le chat', 'bonsoiiiir tout le monde'],
      Votes: ['A', 'a', 'A', 'A', 'a'],
      Commands: ['!discord', '!discord', '!discord please', '!discord'],
    };
    return (async () => {
      let time = T0;
      for (const texts of Object.values(groups)) {
        const vectors = await encoder.encode(texts);
        texts.forEach((text, i) => t.ingest({ id: text + i, text, time: (time += 1000), vector: vectors[i] }));
      }
      const topics = t.topics(time, { limit: 10 });
      for (const [type, texts] of Object.entries(groups)) {
        const topic = topics.find((x) => x.representative && texts.includes(x.representative.text));
        expect({ type, got: topic?.type }).toEqual({ type, got: type });
      }
      await encoder.close();
    })();
  });
});

describe('extractFeatures', () => {
  it('keeps emotes and +1 as terms, drops stop words, folds stretched words and accents', () => {
    const f = extractFeatures('Le NUCLÉAIIIIRE c’est trop bien ponceJAM +1');
    expect(f.terms).toEqual(['nucleaire', 'poncejam', '+1']);
    expect(f.surfaces).toEqual(['nucléaire', 'ponceJAM', '+1']);
    expect(extractFeatures('nucléaire').terms).toEqual(extractFeatures('nuuucleaire').terms);
  });

  it('keeps hyphenated names and acronyms whole, and splits hyphenated function words', () => {
    const f = extractFeatures("oh le p-word d'Usul, Jean-Luc et le PS");
    expect(f.terms).toEqual(['p-word', 'usul', 'jean-luc', 'ps']);
    expect(f.surfaces).toEqual(['p-word', 'Usul', 'Jean-Luc', 'PS']);
    expect(extractFeatures('peut-être demande-t-il au nucléaire').terms).toEqual(['demande', 'nucleaire']);
  });

  it('tags what a message is', () => {
    expect(extractFeatures('c quoi la musique').tags).toContain('question');
    expect(extractFeatures('ponceJAM ponceJAM LUL').tags).toContain('emotes');
    expect(extractFeatures('!discord').tags).toContain('command');
    expect(extractFeatures('mdrrr').tags).toContain('reaction');
    expect(extractFeatures('+1 Léa').tags).toContain('reaction');
    expect(extractFeatures('Bonsoiiir à tous').tags).toContain('greeting');
    expect(extractFeatures('accroBonjour').tags).toContain('greeting');
    expect(extractFeatures('merci pour l émission').tags).toContain('thanks');
    expect(extractFeatures('B').tags).toContain('vote');
    expect(extractFeatures('je pense qu il a raison').tags).toContain('opinion');
    expect(extractFeatures('quel courage !').tags).not.toContain('question');
    expect(extractFeatures('quel courage').tags).toContain('question');
    expect(extractFeatures('Platon !').tags).toContain('short');
  });

  it('scores readability for quoting', () => {
    const clean = extractFeatures("la fusion nucléaire c'est pas pour maintenant").quality;
    expect(clean).toBe(0);
    expect(extractFeatures('REGARDEZ CE MESSAGE EN MAJUSCULES').quality).toBeLessThan(clean);
    expect(extractFeatures('va voir https://spam.example.com').quality).toBeLessThan(clean);
    expect(extractFeatures('Z\u0336\u0337\u0338\u0339algo t\u0336\u0337\u0338\u0339ext').quality).toBeLessThan(clean);
    expect(extractFeatures('ok').quality).toBeLessThan(clean);
  });

  it('never throws on hostile input', () => {
    for (const s of ['', ' ', '\ud800', 'Z\u0336'.repeat(500), '😀'.repeat(300), 'x'.repeat(10_000), '\u0000\u202e']) {
      expect(() => extractFeatures(s)).not.toThrow();
    }
  });
});
