import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFaqFile } from '../../src/faq/file.js';
import { fixturePath } from '../helpers/paths.js';
import { makeFaqBot, tempDir } from './harness.js';

const answers = new Map(loadFaqFile(fixturePath('faq', 'faq.yaml')).map((e) => [e.id, e.answer]));

describe('faq auto-answer', () => {
  it('answers a Twitch-style paraphrase with the entry, as a reply to the asker, and records it', async () => {
    const bot = makeFaqBot();
    const ctx = await bot.chat('c koi la zik ?? catJAM', { user: 'alice' });
    const replies = bot.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.parentMessageId).toBe(ctx.message.id);
    expect(replies[0]!.text).toBe(answers.get('music'));
    expect(bot.decisions).toEqual([
      expect.objectContaining({ kind: 'faq', entry: 'music', messageId: ctx.message.id, userId: 'u-alice', userLogin: 'alice', answer: answers.get('music') }),
    ]);
    const d = bot.decisions[0]!;
    expect(d.kind === 'faq' && d.score >= bot.config.faq.threshold).toBe(true);
    await bot.close();
  });

  it.each([
    ['what game u playing', 'game'],
    ['lien discord svp', 'discord'],
    ['prochain stream c quand ?', 'schedule'],
    ["t'as quoi comme carte graphique ?", 'setup'],
    ['ＣＥＳＴ ＱＵＯＩ LA MUSIQUE ?', 'music'],
  ])('answers %j with %s', async (text, entry) => {
    const bot = makeFaqBot();
    await bot.chat(text);
    expect(bot.decisions.map((d) => d.kind === 'faq' && d.entry)).toEqual([entry]);
    await bot.close();
  });

  it.each([
    "t'as mangé quoi ce midi ?",
    'c’est quoi ce bruit ?',
    'pourquoi t’as ban mon pote ?',
    'qui a gagné le match hier ?',
    "c'est qui ?",
    "n'importe quoi là",
    'Quel sera le sujet avec Cédric Villani ? Pas de réponse attendue ici, juste un long message de chat.',
  ])('ignores the unrelated question %j', async (text) => {
    const bot = makeFaqBot();
    await bot.chat(text);
    expect(bot.replies()).toEqual([]);
    expect(bot.decisions).toEqual([]);
    await bot.close();
  });

  it('answers question-like messages only, unless questionsOnly is off', async () => {
    const strict = makeFaqBot();
    await strict.chat('le lien du discord');
    expect(strict.replies()).toEqual([]);
    await strict.chat('le lien du discord ?');
    expect(strict.replies()).toHaveLength(1);
    await strict.close();
    const loose = makeFaqBot({ faq: { questionsOnly: false } });
    await loose.chat('le lien du discord');
    expect(loose.replies()).toHaveLength(1);
    await loose.close();
  });

  it('never answers moderated messages, commands, unknown !commands, overload (no vector) or the broadcaster', async () => {
    const bot = makeFaqBot();
    await bot.chat("c'est quoi la musique ?", { prepare: (ctx) => (ctx.moderated = { filter: 'repeat', enforced: true }) });
    await bot.chat("c'est quoi la musique ?", { prepare: (ctx) => (ctx.moderated = { filter: 'repeat', enforced: false }) });
    await bot.chat("c'est quoi la musique ?", { prepare: (ctx) => (ctx.command = 'song') });
    await bot.chat("!musique c'est quoi la musique ?");
    await bot.chat("c'est quoi la musique ?", { prepare: (ctx) => (ctx.vector = undefined) });
    await bot.chat("c'est quoi la musique ?", { user: 'streamer', roles: ['broadcaster'] });
    expect(bot.replies()).toEqual([]);
    await bot.chat("c'est quoi la musique ?");
    expect(bot.replies()).toHaveLength(1);
    await bot.close();
  });

  it('sends one answer when twenty viewers ask at once, and answers again after the entry cooldown', async () => {
    const bot = makeFaqBot({ faq: { entryCooldownSeconds: 120, channelCooldownSeconds: 10, userCooldownSeconds: 300 } });
    const spellings = ["c'est quoi la musique ?", 'c koi la zik', 'what song is this?', 'le nom du son svp', 'cest quoi la musique stp'];
    await Promise.all(Array.from({ length: 20 }, (_, i) => bot.chat(spellings[i % spellings.length]!, { user: `viewer${i}` })));
    expect(bot.replies()).toHaveLength(1);
    bot.clock.advanceTo(119_000);
    await bot.chat("c'est quoi la musique ?", { user: 'late' });
    expect(bot.replies()).toHaveLength(1);
    bot.clock.advanceTo(120_000);
    await bot.chat("c'est quoi la musique ?", { user: 'later' });
    expect(bot.replies()).toHaveLength(2);
    await bot.close();
  });

  it('keeps per-user and channel cooldowns apart from the entry cooldown', async () => {
    const bot = makeFaqBot({ faq: { entryCooldownSeconds: 0, channelCooldownSeconds: 10, userCooldownSeconds: 300 } });
    await bot.chat('il y a un discord ?', { user: 'alice' });
    expect(bot.replies()).toHaveLength(1);
    // channel cooldown: nobody gets an answer for 10 s
    bot.clock.advanceTo(5_000);
    await bot.chat('tu joues à quoi ?', { user: 'bob' });
    expect(bot.replies()).toHaveLength(1);
    // after it, another viewer does, but alice stays on her own cooldown
    bot.clock.advanceTo(11_000);
    await bot.chat('tu joues à quoi ?', { user: 'alice' });
    expect(bot.replies()).toHaveLength(1);
    await bot.chat('tu joues à quoi ?', { user: 'bob' });
    expect(bot.replies()).toHaveLength(2);
    bot.clock.advanceTo(300_000);
    await bot.chat('il est quand le prochain live ?', { user: 'alice' });
    expect(bot.replies()).toHaveLength(3);
    await bot.close();
  });

  it('honours entry-level cooldown and threshold from the seed file', async () => {
    const tmp = tempDir();
    const seed = join(tmp.dir, 'faq.yaml');
    writeFileSync(
      seed,
      [
        'entries:',
        '  - id: pingpong',
        '    answer: "La table de ping-pong est ouverte."',
        '    cooldownSeconds: 30',
        '    examples: ["la table de ping-pong est ouverte ?", "on peut jouer au ping-pong ?"]',
        '  - id: strict',
        '    answer: "strict"',
        '    threshold: 0.99',
        '    examples: ["le parking des vélos est où ?"]',
        '  - id: discord',
        '    answer: "discord"',
        '    examples: ["il y a un discord ?"]',
      ].join('\n'),
    );
    const bot = makeFaqBot({ faq: { seedFile: seed, entryCooldownSeconds: 600, channelCooldownSeconds: 0, userCooldownSeconds: 0 } });
    await bot.chat('la table de ping pong est ouverte ?', { user: 'a' });
    bot.clock.advanceTo(29_000);
    await bot.chat('la table de ping pong est ouverte ?', { user: 'b' });
    bot.clock.advanceTo(30_000);
    await bot.chat('la table de ping pong est ouverte ?', { user: 'c' });
    await bot.chat('il est où le parking des vélos ?', { user: 'd' });
    expect(bot.decisions.map((d) => (d.kind === 'faq' ? `${d.entry}@${d.time}` : d.kind))).toEqual(['pingpong@0', 'pingpong@30000']);
    await bot.close();
    tmp.cleanup();
  });

  it('neutralises answers that start with / or . (never a Twitch chat command)', async () => {
    const bot = makeFaqBot({ faq: { channelCooldownSeconds: 0, entryCooldownSeconds: 0, userCooldownSeconds: 0 } });
    await bot.run('!faq edit discord /ban streamer', { roles: ['moderator'] });
    await bot.run('!faq edit game .color red', { roles: ['moderator'] });
    const before = bot.replies().length;
    await bot.chat('il y a un discord ?');
    await bot.chat('tu joues à quoi ?');
    await bot.run('!faq discord');
    await bot.run('!faq game @friend');
    const sent = [
      ...bot
        .replies()
        .slice(before)
        .map((r) => r.text),
      ...bot.actions.of('say').map((s) => s.text),
    ];
    expect(sent).toHaveLength(4);
    for (const text of sent) expect(text).not.toMatch(/^[/.]/);
    expect(sent).toContain('ban streamer');
    expect(sent).toContain('color red');
    await bot.close();
  });

  it('survives hostile chat without throwing', async () => {
    const bot = makeFaqBot({ faq: { questionsOnly: false } });
    const hostile = [
      'Z̸̡̛̛a̶̢͝l̵̨̛g̷̢͠o̵̧͝ ?'.repeat(20),
      '\ud800\udc00\ud800 c quoi \udfff la musique ?',
      'ｃ\u200bｅｓｔ ｑｕｏｉ ｌｅ ｄｉｓｃｏｒｄ \u0000\u0007?',
      'a'.repeat(500),
      '????',
      '',
      '   ',
      '🎵🎵🎵 ?',
    ];
    for (const text of hostile) await bot.chat(text);
    expect(bot.replies().every((r) => r.text.length <= 500)).toBe(true);
    await bot.close();
  });
});
