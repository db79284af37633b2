import { describe, expect, it } from '@jest/globals';
import { canonicalText } from '../../src/faq/canonical.js';
import { ChatVocabulary } from '../../src/faq/chat-vocabulary.js';
import type { FaqEntry } from '../../src/faq/entry.js';
import { Lexicon, viewerLexicon } from '../../src/faq/lexicon.js';
import { FaqIndex, matchText } from '../../src/faq/matcher.js';
import { isExclamation, isQuestionLike } from '../../src/faq/question.js';
import { canonicalTokens } from '../../src/faq/canonical.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';

/** A FAQ written the way streamers write one: three examples an entry, English only. */
const entries: FaqEntry[] = [
  { id: 'game', answer: "Tonight: Baldur's Gate 3.", examples: ['what game is this?', 'what are you playing?', 'which game is it?'] },
  { id: 'music', answer: 'Music: the stream playlist on Spotify.', examples: ['what song is this?', "what's the music?", 'song name?'] },
  { id: 'about', answer: 'He is 29, from Lyon, France.', examples: ['how old are you?', 'where are you from?'] },
  { id: 'setup', answer: 'PC: Ryzen 7 7800X3D, RTX 4070 Super, Shure SM7B mic.', examples: ["what's your setup?", 'what gpu do you have?'] },
];

const encoder = new SharedEncoder(new HashEncoder());
const answered = async (index: FaqIndex, text: string, chat?: ChatVocabulary) => {
  const m = await matchText(index, encoder, text, 0.55, 0.08, chat);
  return m?.accepted ? m.best!.id : null;
};

describe('chat-spelling folding', () => {
  it('folds French and English chat spellings to one form', () => {
    expect(canonicalText('whats ur cpu')).toBe(canonicalText('what is your cpu'));
    expect(canonicalText('wat r u playing')).toBe('what are you playing');
    expect(canonicalText('c koi le jeu')).toBe(canonicalText("c'est quoi le jeu"));
    expect(canonicalText('kel jeu stp')).toBe('quel jeu svp');
    expect(canonicalText('tu stream qd')).toBe('tu stream quand');
    // Laughter and fillers are no words; "jsp" and "idk" keep their meaning without a subject
    expect(canonicalText('c quoi le jeu frr mdr lol')).toBe('c est quoi le jeu');
    expect(canonicalText('jsp')).toBe('sais pas');
    expect(canonicalText('idk')).toBe('dont know');
  });

  it('answers chat spellings the examples never wrote', async () => {
    const index = await FaqIndex.build(entries, encoder);
    expect(await answered(index, 'wat game is dis')).toBe('game');
    expect(await answered(index, 'whats ur gpu')).toBe('setup');
    // Without the folding, "wat", "dis", "ur" are unknown words that count against every entry
    const words = await FaqIndex.build(entries, encoder, undefined, { spelling: false });
    const score = async (index: FaqIndex, text: string) => (await matchText(index, encoder, text, 0.55, 0.08))!.best!;
    expect((await score(words, 'whats ur gpu')).lexical).toBeLessThan((await score(index, 'whats ur gpu')).lexical);
    expect((await score(words, 'wat game is dis')).score).toBeLessThan((await score(index, 'wat game is dis')).score);
  });
});

describe('viewer lexicon', () => {
  it('relates words across spellings and languages through topics, and finds aspects', () => {
    const lex = viewerLexicon();
    const read = (t: string) => lex.read(canonicalTokens(t));
    expect(read('c koi la zik').tokens).toEqual(read("c'est quoi la musique").tokens);
    expect(read('qué canción es esta').topics).toEqual(new Set(['music']));
    expect(read('are you polish').topics).toEqual(new Set(['origin']));
    expect(read('t es québécois').topics).toEqual(new Set(['origin']));
    expect(read('c quoi ta carte graphique').topics).toEqual(new Set(['setup']));
    expect(read('is the game on sale').aspects).toEqual(new Set(['price']));
    expect(read('what time is it in france').aspects).toEqual(new Set(['clock']));
  });

  it('reads phrases before words, a trailing s as the same word, and its own data', () => {
    const lex = new Lexicon({ topics: { setup: ['graphics card', 'gpu'] }, aspects: { price: ['cost'] } });
    expect(lex.read(['what', 'graphics', 'cards', 'costs'])).toEqual({
      tokens: ['what', 'setup', 'costs'],
      topics: new Set(['setup']),
      aspects: new Set(['price']),
    });
  });

  it('answers yes/no guesses and other languages with words no example has', async () => {
    const index = await FaqIndex.build(entries, encoder);
    expect(await answered(index, 'u french?')).toBe('about');
    expect(await answered(index, 'are you polish?')).toBe('about');
    expect(await answered(index, 'qué canción es esta?')).toBe('music');
    expect(await answered(index, 'c quoi ta carte graphique ?')).toBe('setup');
    const words = await FaqIndex.build(entries, encoder, undefined, { lexicon: null });
    expect(await answered(words, 'u french?')).toBeNull();
    expect(await answered(words, 'qué canción es esta?')).toBeNull();
  });

  it("uses the entry's answer as evidence", async () => {
    const merch = [...entries, { id: 'merch', answer: 'Hoodies and mugs at shop.example.com', examples: ['is there merch?', 'where is the shop?'] }];
    const index = await FaqIndex.build(merch, encoder);
    const noAnswers = await FaqIndex.build(merch, encoder, undefined, { answerWeight: 0 });
    const withAnswer = (await matchText(index, encoder, 'any hoodies in the shop?', 0.55, 0.08))!.best!;
    const without = (await matchText(noAnswers, encoder, 'any hoodies in the shop?', 0.55, 0.08))!.best!;
    expect(withAnswer).toEqual(expect.objectContaining({ id: 'merch', keywords: expect.arrayContaining(['hoodi']) }));
    expect(withAnswer.lexical).toBeGreaterThan(without.lexical);
  });

  it('leaves another aspect of the same thing and exclamations unanswered', async () => {
    const index = await FaqIndex.build(entries, encoder);
    for (const text of ['is the game on sale?', 'whats the story of this game', 'do u like this track?', 'what a tune lol', 'quelle musique de ouf']) {
      expect([text, await answered(index, text)]).toEqual([text, null]);
    }
    const m = await matchText(index, encoder, 'is the game on sale?', 0.55, 0.08);
    expect(m).toEqual(expect.objectContaining({ accepted: false, reason: 'aspect', aspects: ['price'] }));
    // An entry whose own examples ask about the aspect answers it
    const pricey = await FaqIndex.build(
      [...entries.slice(1), { ...entries[0]!, examples: [...entries[0]!.examples, 'how much does the game cost?'] }],
      encoder,
    );
    expect(await answered(pricey, 'how much does this game cost now?')).toBe('game');
    const off = await FaqIndex.build(entries, encoder, undefined, { aspects: false });
    expect(await answered(off, 'what a song omg')).toBe('music');
  });

  it('tells exclamations and clauses from questions', () => {
    const q = (t: string) => isQuestionLike(t, canonicalTokens(t));
    const x = (t: string) => isExclamation(t, canonicalTokens(t));
    expect(x('what a tune lol')).toBe(true);
    expect(x('quel son de fou')).toBe(true);
    expect(x('quel jeu !')).toBe(true);
    expect(x('quel jeu ?')).toBe(false);
    expect(x('what game is this')).toBe(false);
    expect(q('bah voila ponpon, qd tu parles de ça tu fais de la politique')).toBe(false);
    expect(q('tu stream qd')).toBe(true);
    expect(q('when u live next')).toBe(true);
  });
});

describe("the channel's chat statistics", () => {
  it('counts words per message over a bounded window', () => {
    const v = new ChatVocabulary({ window: 4, minMessages: 1 });
    for (const t of ['usul GG', 'usul usul', 'salut', 'ok']) v.record(t);
    expect(v.share('usul')).toBeCloseTo(2 / 4);
    for (const t of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) v.record(t);
    expect(v.share('usul')).toBe(0);
  });

  it('does not count a name chat types all the time against an entry', async () => {
    const index = await FaqIndex.build(entries, encoder);
    const chat = new ChatVocabulary();
    for (let i = 0; i < 600; i++) chat.record(i % 3 === 0 ? `kayden ${i % 7 === 0 ? 'gg' : 'nice'}` : `message ${i}`);
    const text = 'which game is this kayden bro';
    const without = (await matchText(index, encoder, text, 0.55, 0.08))!.best!;
    const withChat = (await matchText(index, encoder, text, 0.55, 0.08, chat))!.best!;
    expect(withChat.id).toBe('game');
    expect(withChat.lexical).toBeGreaterThan(without.lexical);
    expect(await answered(index, 'what game is that kayden?', chat)).toBe('game');
  });
});
