import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import { silentLogger } from '../../src/chat/logger.js';
import type { Role } from '../../src/chat/message.js';
import type { BotModule } from '../../src/bot/module.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { ChannelConfig } from '../../src/chat/channel-config.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { codePointLength } from '../../src/chat/graphemes.js';
import { Store } from '../../src/store/store.js';
import { createTopicsModule, isTopicsModule, type TopicsModule } from '../../src/topics/module.js';
import { makeMessage } from '../helpers/context.js';
import { EMOTES, NUCLEAR, PLUS1 } from './planted.js';

const T0 = Date.UTC(2021, 10, 4, 20, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;

/** Flood detection that catches on late: the 4th copy of a message with "bigfollows" on. */
let floodCopies = 0;

/** Marks messages as moderated (dry-run), like the moderation module would. */
const marker: BotModule = {
  name: 'marker',
  moderation: (ctx, next) => {
    if (ctx.text.includes('SPAM')) ctx.moderated = { filter: 'caps', enforced: false };
    if (ctx.text.includes('bigfollows') && ++floodCopies >= 4) ctx.moderated = { filter: 'flood', enforced: false };
    return next();
  },
};

describe('topics module through the bot pipeline', () => {
  let encoder: SharedEncoder;
  let store: Store;
  let clock: ManualClock;
  let topics: TopicsModule;
  let actions: RecordingActions;
  let bot: Bot;
  let n = 0;

  const setup = (config: Partial<ChannelConfig> = {}) => {
    encoder = new SharedEncoder(new HashEncoder());
    store = Store.open({ path: ':memory:' });
    clock = new ManualClock(T0);
    topics = createTopicsModule({ encoder, store, clock, log: silentLogger });
    actions = new RecordingActions();
    bot = new Bot({ modules: [marker, topics], encoder, clock, defaultConfig: channelConfigSchema.parse(config) });
  };

  /** A message at `at` ms after T0, from a rotating set of viewers. */
  const send = async (text: string, at: number, opts: { user?: string; roles?: Role[] } = {}) => {
    clock.advanceTo(T0 + at);
    return bot.handle(makeMessage(text, { time: T0 + at, user: opts.user ?? `viewer${n++ % 7}`, roles: opts.roles ?? [] }), actions);
  };
  const said = () => actions.of('say').map((c) => c.text);

  beforeEach(() => setup());
  afterEach(async () => {
    await bot.close();
    await encoder.close();
    store.close();
  });

  it('answers politely on a quiet chat, in the channel language', async () => {
    await send('!topic', 0);
    expect(said()).toHaveLength(1);
    expect(said()[0]).toMatch(/^Chat \(10 min\): c'est calme/);
    await bot.close();
    setup({ language: 'en' });
    await send('hello', 0);
    await send('!topic', 1000);
    expect(said()[0]).toMatch(/^Chat \(10 min\): it's quiet/);
  });

  it('answers !topic with the planted topics, in one message of at most 500 characters', async () => {
    let t = 0;
    for (let i = 0; i < 12; i++) {
      await send(NUCLEAR[i]!, (t += 5 * SEC));
      await send(EMOTES[i]!, (t += 2 * SEC));
      await send(PLUS1[i]!, (t += 2 * SEC));
    }
    const ctx = await send('!topic', (t += SEC));
    expect(ctx.command).toBe('topic');
    expect(said()).toHaveLength(1);
    const answer = said()[0]!;
    expect(codePointLength(answer)).toBeLessThanOrEqual(500);
    expect(answer).toMatch(/^Chat \(10 min\): 1\) /);
    expect(answer).toContain('ponceJAM');
    expect(answer).toMatch(/\+1 \(1[12]\)/);
    expect(answer).toContain('nucléaire');
    // the router recorded the command with the answer
    expect(bot.router.resolve('sujet')?.name).toBe('topic');
    // the snapshot API gives the same text and the clusters behind it
    expect(isTopicsModule(topics) && !isTopicsModule(marker)).toBe(true);
    const snap = topics.snapshot('testchannel', { now: T0 + t })!;
    expect(snap.text).toBe(answer);
    const emotes = snap.clusters.find((c) => c.keywords.includes('ponceJAM'))!;
    expect(emotes.type).toBe('Emotes');
    expect(emotes.size).toBe(12);
    const plus = snap.clusters.find((c) => c.keywords[0] === '+1')!;
    expect(plus.type).toBe('Reactions');
    const nuclear = snap.clusters.find((c) => c.keywords.includes('nucléaire'))!;
    expect(nuclear.representative?.text).toMatch(/nucléaire/);
    expect(nuclear.representative?.messageId).toMatch(/^m\d+$/);
  });

  it('never feeds moderated messages or commands into topics', async () => {
    let t = 0;
    for (let i = 0; i < 12; i++) {
      await send(`${EMOTES[i]} SPAM`, (t += SEC));
      await send('!discord', (t += SEC));
      await send('!topic', (t += SEC), { roles: ['moderator'] });
    }
    for (let i = 0; i < 5; i++) await send(PLUS1[i]!, (t += SEC));
    await send('!topic', (t += SEC), { roles: ['moderator'] });
    const last = said()[said().length - 1]!;
    expect(last).toMatch(/\+1 \(5\)/);
    expect(last).not.toMatch(/ponceJAM|discord|topic/i);
    expect(topics.tracker('testchannel')!.messages).toBe(5);
  });

  it('does not show a spam wave that moderation caught only after its first copies', async () => {
    floodCopies = 0;
    const spam = ['best viewers on bigfollows com', 'best viewers on bigfollows .com', 'Best viewers on bigfollows com !', 'best viewers on bigfollows c0m'];
    let t = 0;
    for (let i = 0; i < 6; i++) await send(PLUS1[i]!, (t += SEC));
    for (const s of spam) await send(s, (t += SEC), { user: `bot${t}` });
    // the first three went in before moderation caught on
    expect(topics.tracker('testchannel')!.messages).toBe(9);
    await send('!topic', (t += SEC));
    expect(said()[0]).toMatch(/^Chat \(10 min\): 1\) \+1 \(6\)$/);
    // a legit topic is not hidden by a rule filter hit (caps) that resembles it
    await send('+1 SPAM', (t += SEC));
    await send('!topic', (t += 40 * SEC), { roles: ['moderator'] });
    expect(said()[1]).toContain('+1 (6)');
  });

  it('lets topics fade after the horizon and honours the window argument', async () => {
    for (let i = 0; i < 8; i++) await send(EMOTES[i]!, i * SEC);
    for (let i = 0; i < 6; i++) await send(PLUS1[i]!, 6 * MIN + i * SEC);
    await send('!topic 3', 7 * MIN, { roles: ['moderator'] });
    expect(said()[0]).toMatch(/^Chat \(3 min\): 1\) \+1 \(6\)$/);
    await send('!topic', 7 * MIN + SEC, { roles: ['moderator'] });
    expect(said()[1]).toMatch(/ponceJAM/);
    // ten minutes after the last message, nothing is left
    await send('!topic', 6 * MIN + 5 * SEC + 10 * MIN + SEC, { roles: ['moderator'] });
    expect(said()[2]).toMatch(/c'est calme/);
  });

  it('has a cooldown for viewers, not for moderators', async () => {
    for (let i = 0; i < 5; i++) await send(PLUS1[i]!, i * SEC);
    await send('!topic', 10 * SEC, { user: 'alice' });
    await send('!topic', 20 * SEC, { user: 'bob' });
    expect(said()).toHaveLength(1);
    await send('!topic', 25 * SEC, { user: 'mod', roles: ['moderator'] });
    expect(said()).toHaveLength(2);
    await send('!topic', 60 * SEC, { user: 'bob' });
    expect(said()).toHaveLength(3);
  });

  it('survives hostile chat', async () => {
    const hostile = [
      'Z\u0336\u0337\u0338\u0339\u033a\u033b'.repeat(70),
      '\ud800\udfff\ud800 lone surrogates \udc00',
      '\u202e\u0000\u0007 control \u200b\u200d chars',
      'a'.repeat(500),
      '😀'.repeat(250),
      '',
      '   ',
      'ｂｏｎｊｏｕｒ ƅоnјоսr',
    ];
    let t = 0;
    for (let r = 0; r < 4; r++) for (const h of hostile) await send(h, (t += 100));
    await send('!topic', (t += SEC));
    const answer = said()[0]!;
    expect(codePointLength(answer)).toBeLessThanOrEqual(500);
    expect(answer).not.toMatch(/[\u0000-\u001f\u202e]/u);
  });
});
