// Timers end to end: the real app in local mode against the sandbox, on a simulated clock (no
// sleeps: time moves only when the test says). A timer posts only when its interval has passed,
// chat sent enough messages since its last post, the stream is live (Helix, sandbox switch), and
// chat is not already on its subject (a current topic cluster).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { topicProbe } from '../../src/app/modules.js';
import { ManualClock } from '../../src/chat/clock.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { createTimersModule, type TimersModule } from '../../src/timers/module.js';
import type { TimerCheck, TimerOutcome } from '../../src/timers/scheduler.js';
import { createTopicsModule } from '../../src/topics/module.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

const T0 = Date.UTC(2026, 0, 10, 20, 0, 0);
const CHANNEL = 'timerchan';
const clock = new ManualClock(T0);
let local: LocalApp;
let sandbox: Sandbox;
let timers: TimersModule;
const botTexts: string[] = [];
const textWaiters = new Set<() => void>();

beforeAll(async () => {
  local = await startLocalApp({
    channel: channelConfigSchema.parse({ language: 'en' }),
    simulatedClock: clock,
    modules: (services) => {
      const topics = createTopicsModule(services);
      timers = createTimersModule(services, { topics: topicProbe(topics) });
      return [timers, topics];
    },
    sandbox: { channels: [CHANNEL], pingIntervalMs: 0 },
  });
  sandbox = local.sandbox;
  sandbox.onBotMessage((m) => {
    if (m.channel !== CHANNEL || m.rejected) return;
    botTexts.push(m.text);
    for (const w of [...textWaiters]) w();
  });
});

afterAll(async () => {
  await local?.close();
});

/** Moves simulated time by `ms`; resolves with the timer checks run on the way (every 30 s), once all are done. */
async function advance(ms: number): Promise<TimerCheck[]> {
  const checks: TimerCheck[] = [];
  const off = timers.scheduler.onCheck((c) => {
    if (c.channel === CHANNEL) checks.push(c);
  });
  clock.advanceTo(clock.now() + ms);
  await timers.scheduler.idle();
  off();
  return checks;
}

/** Resolves once the bot has said `text` `times` times in the channel (already or later). */
function botSaid(text: string, times = 1): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (botTexts.filter((t) => t === text).length < times) return;
      textWaiters.delete(check);
      resolve();
    };
    textWaiters.add(check);
    check();
  });
}

const chat = async (n: number, text = (i: number) => `just chatting about the weather number ${i}`) => {
  for (let i = 0; i < n; i++) {
    clock.advanceTo(clock.now() + 1000);
    await local.send({ login: `viewer${i % 4}`, text: text(i), channel: CHANNEL });
  }
};
/** What happened to `timer` in each check, in order. */
const kinds = (checks: TimerCheck[], timer: string): TimerOutcome['kind'][] =>
  checks.flatMap((c) => c.outcomes.filter((o) => o.timer === timer).map((o) => o.kind));
/** The timer's outcome in the last check. */
const last = (checks: TimerCheck[], timer: string): TimerOutcome | undefined => checks.at(-1)?.outcomes.find((o) => o.timer === timer);
const mod = (text: string): SendAsInput => ({ login: 'helper', roles: ['moderator'], text, channel: CHANNEL });
const DISCORD = 'Join our discord at discord.gg/example';

describe('timers through the sandbox', () => {
  it('posts only after its interval, when chat sent enough messages, and while live', async () => {
    expect((await local.replyTo(mod(`!timer add discord 10 -lines=3 ${DISCORD}`))).text).toBe(
      'Timer discord added: every 10 min, if chat sent at least 3 messages since.',
    );
    // Eleven minutes of an empty chat: nothing is posted
    const quiet = await advance(11 * 60_000);
    expect(new Set(kinds(quiet, 'discord'))).toEqual(new Set(['not-due', 'quiet']));
    expect(last(quiet, 'discord')).toEqual({ kind: 'quiet', timer: 'discord', messages: 0, needed: 3 });
    await chat(2);
    expect(last(await advance(30_000), 'discord')).toMatchObject({ kind: 'quiet', messages: 2 });
    await chat(1);
    expect(kinds(await advance(30_000), 'discord')).toEqual(['posted']);
    await botSaid(DISCORD);
    expect(botTexts.filter((t) => t === DISCORD)).toHaveLength(1);

    // Chat is active again, but the interval has not passed
    await chat(5);
    expect(new Set(kinds(await advance(5 * 60_000), 'discord'))).toEqual(new Set(['not-due']));

    // Offline (the sandbox's live switch, read through Helix GET streams): nothing posted
    sandbox.setStream({ live: false }, CHANNEL);
    const offline = await advance(6 * 60_000);
    expect(kinds(offline, 'discord')).toContain('offline');
    expect(kinds(offline, 'discord')).not.toContain('posted');
    expect(sandbox.helixCalls.some((c) => c.path === 'streams' && c.status === 200)).toBe(true);
    expect(botTexts.filter((t) => t === DISCORD)).toHaveLength(1);

    // Live again (the stream status is cached a minute of the bot's clock): posted
    sandbox.setStream({ live: true }, CHANNEL);
    const live = await advance(2 * 60_000);
    expect(kinds(live, 'discord')).toContain('posted');
    await botSaid(DISCORD, 2);
    expect(botTexts.filter((t) => t === DISCORD)).toHaveLength(2);
  });

  it('waits while chat is already on the timer subject', async () => {
    await local.replyTo(mod('!timer off discord'));
    const CHESS = 'Who will win the chess tournament final tonight? Vote with !poll';
    expect((await local.replyTo(mod(`!timer add chess 2 -lines=1 ${CHESS}`))).text).toMatch(/^Timer chess added/);
    const talk = [
      'who will win the chess tournament final tonight',
      'the chess tournament final tonight is going to be crazy',
      'who wins the chess final tonight ?',
      'chess tournament final tonight LETS GO',
      'i think magnus wins the chess tournament final tonight',
      'who will win the chess tournament final tonight guys',
    ];
    await chat(talk.length, (i) => talk[i]!);
    const busy = await advance(3 * 60_000);
    expect(busy.flatMap((c) => c.outcomes).find((o) => o.kind === 'topic')).toMatchObject({ timer: 'chess', keywords: expect.arrayContaining(['chess']) });
    expect(kinds(busy, 'chess')).not.toContain('posted');
    expect(botTexts).not.toContain(CHESS);

    // Chat moves on (the chess cluster leaves the topics horizon): the timer posts
    await advance(11 * 60_000);
    await chat(6);
    expect(kinds(await advance(60_000), 'chess')).toContain('posted');
    await botSaid(CHESS);
  });

  it('lists and deletes timers; refuses a text that is a Twitch command', async () => {
    expect((await local.replyTo(mod('!timer list'))).text).toBe('Timers: chess (2 min), discord (10 min, paused)');
    expect((await local.replyTo(mod('!timer add bad 5 /ban someone'))).text).toMatch(/^A text cannot start with \/ or \./);
    expect((await local.replyTo(mod('!timer del chess'))).text).toBe('Timer chess deleted.');
    expect((await local.replyTo({ login: 'nobody', text: '!timer list', channel: CHANNEL })).text).toBe('!timer is for moderators only.');
  });
});
