import { describe, expect, it } from '@jest/globals';
import { codePointLength, graphemes, truncateText } from '../../src/chat/graphemes.js';
import type { Topic } from '../../src/nlp/topics/topic-tracker.js';
import { cleanQuote, formatTopicAnswer, quietAnswer } from '../../src/topics/format.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

function topic(keywords: string[], count: number, text: string | null, extra: Partial<Topic> = {}): Topic {
  return {
    id: count,
    keywords,
    type: 'Opinion',
    count,
    total: count,
    weight: count,
    representative: text === null ? null : { id: 'm' + count, text, time: 0 },
    informative: text !== null,
    firstTime: 0,
    lastTime: 0,
    ...extra,
  };
}

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG = '🇫🇷';
const LONG_FR = [
  `franchement la fusion nucléaire c'est pas pour maintenant, il faudra attendre au moins cinquante ans avant d'avoir un réacteur qui produit vraiment de l'électricité ${FAMILY} ${FLAG} et d'ici là on aura besoin de la fission`,
  `les étudiants précaires n'ont pas attendu le gouvernement pour s'organiser, les distributions alimentaires ça existe depuis des années et ça ne suffit toujours pas ${FLAG}${FLAG}${FLAG}`,
  `${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}`,
  `é`.normalize('NFD').repeat(120) + ' décroissance décroissance décroissance, la décroissance ça veut dire quoi exactement pour les plus pauvres ?',
  `Jancovici a raison sur le fond mais sa façon de parler des pays du sud est quand même très maladroite et un peu condescendante, non ?`,
];

describe('formatTopicAnswer', () => {
  it('keeps a short answer whole, numbered, with counts and quotes', () => {
    const text = formatTopicAnswer(
      [topic(['nucléaire', 'énergie'], 32, "la fusion nucléaire c'est pas pour maintenant"), topic(['+1'], 17, null, { type: 'Reactions' })],
      { minutes: 10, language: 'fr' },
    );
    expect(text).toBe("Chat (10 min): 1) nucléaire · énergie (32) « la fusion nucléaire c'est pas pour maintenant » 2) +1 (17)");
  });

  it('fits 500 characters with long French messages and emoji, never cutting inside a character', () => {
    const topics = LONG_FR.map((t, i) => topic([`mot${i}`, 'énergie', 'décroissance'], 50 - i, t));
    const text = formatTopicAnswer(topics, { minutes: 10, language: 'fr' });
    expect(codePointLength(text)).toBeLessThanOrEqual(500);
    expect(text).not.toMatch(LONE_SURROGATE);
    // Every user-perceived character of the answer is whole: emoji families and flags are not split
    const allowed = new Set([...LONG_FR.flatMap((t) => graphemes(t)), ...graphemes(text.replace(/[👨👩👧👦🇫🇷]/gu, ''))]);
    for (const g of graphemes(text)) if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(g)) expect(allowed.has(g)).toBe(true);
    expect(text).not.toMatch(/\u200d(?!\p{Extended_Pictographic})/u);
    // Still says something about each of the top three topics
    for (const k of ['mot0', 'mot1', 'mot2']) expect(text).toContain(k);
    expect(text).toContain('…');
  });

  it('shortens to fit any limit, dropping quotes then topics', () => {
    const topics = LONG_FR.map((t, i) => topic([`mot${i}`], 50 - i, t));
    for (const max of [500, 300, 200, 120, 60]) {
      const text = formatTopicAnswer(topics, { minutes: 5, language: 'en', maxLength: max });
      expect(codePointLength(text)).toBeLessThanOrEqual(max);
      expect(text.startsWith('Chat (5 min): 1) mot0')).toBe(true);
    }
    // Quotes are shortened evenly but never to a useless stub; the first topic keeps its quote longest
    const medium = formatTopicAnswer(topics, { minutes: 5, maxLength: 120 });
    expect(medium.match(/«/gu)).toHaveLength(1);
    const quotes = [...medium.matchAll(/« (.*?) »/gu)];
    expect(quotes).toHaveLength(1);
    for (const q of quotes) expect(codePointLength(q[1]!)).toBeGreaterThanOrEqual(20);
    const tight = formatTopicAnswer(topics, { minutes: 5, maxLength: 60 });
    expect(tight).not.toContain('«');
    expect(tight).toContain('3) mot2');
  });

  it('shows poll answers as one topic, biggest first', () => {
    const text = formatTopicAnswer([topic(['d'], 40, null, { type: 'Votes' }), topic(['LUL'], 30, null), topic(['A'], 55, null, { type: 'Votes' })], {
      minutes: 10,
    });
    expect(text).toBe('Chat (10 min): 1) votes A 55 · D 40 2) LUL (30)');
  });

  it('shows at most two laughs, chants or hellos while chat also talks about something', () => {
    const topics = [
      topic(['LUL'], 77, null, { type: 'Emotes' }),
      topic(['dazot'], 12, null, { type: 'Reactions' }),
      topic(['Bonsoir'], 11, null, { type: 'Greetings' }),
      topic(['Moskau'], 10, null, { type: 'Reactions' }),
      topic(['lesbiennes', 'Bravo'], 9, 'Bravo les lesbiennes !', { type: 'Reactions' }),
      topic(['oui'], 8, "oui oui c'est pas faux.", { type: 'Reactions' }),
      topic(['Villani', 'broches'], 5, 'Combien de broches Monsieur Villani ?', { type: 'Question' }),
      topic(['bretagne'], 4, null, { type: 'Question' }),
    ];
    expect(formatTopicAnswer(topics, { minutes: 10 })).toBe(
      'Chat (10 min): 1) LUL (77) 2) dazot (12) 3) lesbiennes · Bravo (9) « Bravo les lesbiennes ! » 4) Villani · broches (5) « Combien de broches Monsieur Villani ? » 5) bretagne (4)',
    );
    // With nothing else to say, they fill the answer
    expect(formatTopicAnswer(topics.slice(0, 4), { minutes: 10 })).toBe('Chat (10 min): 1) LUL (77) 2) dazot (12) 3) Bonsoir (11) 4) Moskau (10)');
    expect(formatTopicAnswer(topics, { minutes: 10, maxReactionTopics: 5 })).toMatch(
      /^Chat \(10 min\): 1\) LUL \(77\) 2\) dazot \(12\) 3\) Bonsoir \(11\) 4\) Moskau \(10\) 5\) lesbiennes/,
    );
  });

  it('answers politely when there is no topic, in the channel language', () => {
    expect(formatTopicAnswer([], { minutes: 10, language: 'fr' })).toBe(quietAnswer(10, 'fr'));
    expect(quietAnswer(10, 'fr')).toMatch(/calme/);
    expect(formatTopicAnswer([], { minutes: 3, language: 'en' })).toMatch(/^Chat \(3 min\): it's quiet/);
  });

  it('neutralises hostile quotes (controls, pings, links, zalgo, lone surrogates)', () => {
    const q = cleanQuote('@streamer va voir https://evil.example.com/x?y=1 \u0000\u202e ok\ud800 Z\u0336\u0337\u0338\u0339algo «quote»');
    expect(q).toBe('streamer va voir evil.example.com ok Zalgo "quote"');
  });
});

describe('truncateText', () => {
  it('cuts on grapheme and word boundaries with an ellipsis', () => {
    expect(truncateText('bonjour tout le monde', 100)).toBe('bonjour tout le monde');
    expect(truncateText('bonjour tout le monde', 14)).toBe('bonjour tout…');
    expect(truncateText(`${FAMILY}${FAMILY}${FAMILY}`, 10)).toBe(`${FAMILY}…`);
    expect(codePointLength(truncateText('x'.repeat(50), 20))).toBe(20);
  });
});
