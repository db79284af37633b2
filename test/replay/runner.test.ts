import { describe, expect, test } from '@jest/globals';
import type { BotModule } from '../../src/bot/module.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import type { ReplayLine, SummaryLine, TopicLine } from '../../src/replay/decision-lines.js';
import { parseChatText } from '../../src/replay/read-chat-file.js';
import { dryRunConfig, runReplay } from '../../src/replay/runner.js';
import { inProcessTarget } from '../../src/replay/target.js';
import { ScaledClock } from '../../src/replay/scaled-clock.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { TopicSource } from '../../src/replay/topic-source.js';
import { defaultChannelConfig } from '../../src/app/channel-config.js';

/** A module that acts like the real ones: moderation, a FAQ answer and a command. */
function stubModule(): BotModule {
  const spam: string[] = [];
  return {
    name: 'stub',
    moderation: async (ctx, next) => {
      if (!ctx.text.includes('SPAM')) return next();
      const evidence = [...spam, 'blocklist:followers'];
      spam.push(ctx.message.id);
      await ctx.deleteMessage();
      ctx.moderated = { filter: 'stub-spam', enforced: false };
      ctx.record({
        kind: 'moderation',
        channel: ctx.channel.name,
        messageId: ctx.message.id,
        userId: ctx.user.id,
        userLogin: ctx.user.login,
        filter: spam.length > 2 ? 'stub-flood' : 'stub-spam',
        score: 0.91234567,
        action: spam.length > 2 ? 'timeout' : 'delete',
        ...(spam.length > 2 ? { duration: 60 } : {}),
        evidence,
        reason: 'spam',
        enforced: false,
        time: ctx.now(),
      });
    },
    passive: async (ctx, next) => {
      if (ctx.vector && /musique \?$/.test(ctx.text)) {
        await ctx.reply('Lofi Girl');
        ctx.record({
          kind: 'faq',
          channel: ctx.channel.name,
          messageId: ctx.message.id,
          userId: ctx.user.id,
          userLogin: ctx.user.login,
          entry: 'music',
          score: 0.8,
          answer: 'Lofi Girl',
          time: ctx.now(),
        });
      }
      return next();
    },
    commands: [{ name: 'hello', description: 'says hello', run: async (ctx) => ctx.say('salut ' + ctx.user.login) }],
  };
}

/** Counts the messages it was shown; a snapshot tells how many arrived in the horizon. */
function stubTopics(seen: { time: number; id: string }[]): TopicSource {
  return {
    horizonMinutes: 10,
    snapshot: (_channel, now) => {
      const inWindow = seen.filter((m) => m.time > now - 600_000 && m.time <= now);
      if (inWindow.length === 0) return undefined;
      return {
        text: `Chat (10 min): ${inWindow.length} messages`,
        clusters: [
          {
            id: 1,
            keywords: ['chat'],
            size: inWindow.length,
            weight: inWindow.length / 2,
            type: 'reactions',
            representative: { messageId: inWindow[0]!.id, text: 'first' },
          },
        ],
      };
    },
  };
}

const T0 = Date.UTC(2021, 10, 4, 19, 0, 0);
const iso = (min: number, sec = 0) => new Date(T0 + min * 60_000 + sec * 1000).toISOString();

const chat = [
  JSON.stringify({ time: iso(0), user: 'alice', message: 'bonsoir' }),
  JSON.stringify({ time: iso(1), user: 'bob', message: 'SPAM buy followers' }),
  'not json',
  JSON.stringify({ time: iso(2), user: 'carol', message: 'c quoi la musique ?' }),
  JSON.stringify({ time: iso(3), user: 'dan', message: 'SPAM again' }),
  JSON.stringify({ time: iso(12), user: 'erin', message: '!hello' }),
  '',
  JSON.stringify({ time: iso(13), user: 'bob', message: 'SPAM SPAM' }),
  JSON.stringify({ time: iso(25), user: 'alice', message: 'bonne nuit' }),
].join('\n');

async function replay(text: string, extra: Partial<Parameters<typeof runReplay>[0]> = {}) {
  const encoder = new SharedEncoder(new HashEncoder(), { maxWaitMs: 0 });
  const lines: ReplayLine[] = [];
  const seen: { time: number; id: string }[] = [];
  const spy: BotModule = {
    name: 'spy',
    moderation: (ctx, next) => {
      seen.push({ time: ctx.message.timestamp, id: ctx.message.id });
      return next();
    },
  };
  try {
    const result = await runReplay({
      parse: parseChatText(text),
      file: 'chat.jsonl',
      target: inProcessTarget({ encoder, createModules: () => [spy, stubModule()] }),
      topics: () => stubTopics(seen),
      onLine: (l) => lines.push(l),
      report: true,
      ...extra,
      config: extra.config ?? defaultChannelConfig(),
    });
    return { result, lines };
  } finally {
    await encoder.close();
  }
}

describe('runReplay', () => {
  test('decisions come out in input order with lines, ISO times, users and evidence as lines', async () => {
    const { lines } = await replay(chat);
    const kinds = lines.map((l) => `${l.kind}@${'line' in l ? l.line : '-'}`);
    expect(kinds).toEqual(['moderation@2', 'faq@4', 'moderation@5', 'topic@5', 'command@6', 'moderation@8', 'topic@8', 'topic@9', 'summary@-']);
    const [m1, faq, m2, topic1, cmd, m3] = lines as [any, any, any, TopicLine, any, any];
    expect(m1).toMatchObject({
      time: iso(1),
      user: 'bob',
      text: 'SPAM buy followers',
      filter: 'stub-spam',
      action: 'delete',
      duration: null,
      score: 0.9123,
      evidence: [],
      evidence_other: ['blocklist:followers'],
      enforced: false,
    });
    expect(m2.evidence).toEqual([2]);
    expect(m3).toMatchObject({ filter: 'stub-flood', action: 'timeout', duration: 60, evidence: [2, 5] });
    expect(faq).toMatchObject({ user: 'carol', entry: 'music', score: 0.8, answer: 'Lofi Girl' });
    expect(cmd).toMatchObject({ kind: 'command', user: 'erin', command: 'hello', response: 'salut erin' });
    // Topic snapshots every 10 minutes of chat time (19:10, 19:20) and one at the end.
    expect(topic1).toMatchObject({ time: iso(10), user: null, window_minutes: 10, text: 'Chat (10 min): 3 messages' });
    expect(topic1.clusters[0]).toMatchObject({ keywords: ['chat'], size: 3, weight: 1.5, type: 'reactions', representative: { line: 2, text: 'first' } });
    expect(lines.filter((l) => l.kind === 'topic').map((l) => l.time)).toEqual([iso(10), iso(20), iso(25)]);
  });

  test('the summary adds up', async () => {
    const { lines, result } = await replay(chat);
    const s = lines[lines.length - 1] as SummaryLine;
    expect(s).toEqual(result.summary);
    expect(s.lines).toBe(9);
    expect(s.messages + s.skipped.total).toBe(s.lines);
    expect(s.skipped).toMatchObject({ unparseable: 1, blank: 1, ignored: 0, first: [{ line: 3 }] });
    const body = lines.slice(0, -1);
    const mods = body.filter((l) => l.kind === 'moderation');
    expect(s.moderation.decisions).toBe(mods.length);
    expect(
      Object.values(s.moderation.by_filter)
        .flatMap((f) => Object.values(f))
        .reduce((a, b) => a + b, 0),
    ).toBe(mods.length);
    expect(s.moderation.by_filter).toEqual({ 'stub-spam': { delete: 2 }, 'stub-flood': { timeout: 1 } });
    expect(s.moderation.messages_acted_on).toBe(3);
    expect(s.moderation.share_acted_on).toBeCloseTo(3 / 7, 5);
    expect(s.faq).toEqual({ answers: 1, by_entry: { music: 1 } });
    expect(s.commands).toEqual({ runs: 1, by_command: { hello: 1 } });
    expect(s.topics.snapshots).toBe(body.filter((l) => l.kind === 'topic').length);
    expect(s.chat).toEqual({ start: iso(0), end: iso(25), duration_minutes: 25 });
    expect(s.dry_run).toBe(true);
    expect(s.msgs_per_s).toBeGreaterThan(0);
    expect(s.peak_rss_mb).toBeGreaterThan(10);
    expect(s.synthetic_users).toBeNull();
    // Nothing reached Twitch: the recorder holds what would have been done.
    expect(result.actions!.of('deleteMessage').map((c) => c.messageId)).toEqual(['replay-2', 'replay-5', 'replay-8']);
  });

  test('chat without users gets synthetic chatters, and the summary says so', async () => {
    const tsv = 'time\tmessage\n2021-11-04 19:00:00\tbonsoir\n2021-11-04 19:00:05\t!hello\n';
    const { lines } = await replay(tsv);
    const cmd = lines.find((l) => l.kind === 'command')!;
    expect(cmd.user).toMatch(/^viewer_\d+$/);
    const s = lines[lines.length - 1] as SummaryLine;
    expect(s.synthetic_users).toMatchObject({ messages: 2 });
    expect(s.synthetic_users!.description).toMatch(/synthetic chatters/);
  });

  test('report data holds activity, timeline snapshots, moderation with evidence texts', async () => {
    const { result } = await replay(chat);
    const r = result.report!;
    expect(r.activity.counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(r.topics.snapshots.length).toBeGreaterThanOrEqual(10);
    expect(r.topics.answers).toHaveLength(3);
    expect(r.moderation[2]!.evidence_texts).toEqual([
      { line: 2, text: 'SPAM buy followers' },
      { line: 5, text: 'SPAM again' },
    ]);
  });

  test('moderation is forced to dry-run and !modmode cannot switch it', () => {
    const c = dryRunConfig(defaultChannelConfig());
    expect(c.commands.disabled).toContain('modmode');
    const m = c.moderation as Record<string, unknown>;
    if ('defaultMode' in m) expect(m['defaultMode']).toBe('dry');
  });
});

describe('ScaledClock (playback into the sandbox at --speed)', () => {
  test('recorded time advances speed times faster than the wall; timers fire on scaled time', () => {
    const wall = new ManualClock(1_000);
    const clock = new ScaledClock(T0, 4, wall);
    clock.sync(T0);
    expect(clock.now()).toBe(T0);
    const fired: number[] = [];
    clock.setTimer(60_000, () => fired.push(clock.now()));
    wall.advanceTo(1_000 + 10_000);
    expect(clock.now()).toBe(T0 + 40_000);
    expect(fired).toEqual([]);
    wall.advanceTo(1_000 + 15_000);
    expect(fired).toEqual([T0 + 60_000]);
    expect(clock.wallTimeOf(T0 + 80_000)).toBe(1_000 + 20_000);
    expect(() => new ScaledClock(0, 0, wall)).toThrow(/speed/);
  });

  test('start-up takes no recorded time; each message is handled at its recorded time; never back', () => {
    const wall = new ManualClock(1_000);
    const clock = new ScaledClock(T0, 40, wall);
    wall.advanceTo(4_000); // the bot starting
    expect(clock.now()).toBe(T0);
    // A message at T0 the bot takes 0.5 s (wall) to handle: its answer is at T0, not T0 + 20 s.
    clock.sync(T0);
    clock.pause();
    wall.advanceTo(4_500);
    expect(clock.now()).toBe(T0);
    clock.resume();
    // The next message, 134 s later in the chat, is played on its wall slot: the bot sees 134 s.
    wall.advanceTo(4_500 + (134_000 - 20_000) / 40);
    expect(clock.now()).toBe(T0 + 114_000);
    clock.sync(T0 + 134_000);
    expect(clock.now()).toBe(T0 + 134_000);
    // Syncing on an earlier time never moves it back.
    wall.advanceTo(wall.now() + 1_000);
    clock.sync(T0 + 150_000);
    expect(clock.now()).toBe(T0 + 174_000);
  });
});

describe('--speed pacing', () => {
  test('at speed 2, messages are handed over at half their recorded spacing (on the wall clock)', async () => {
    // A wall clock that jumps to each timer's time at once and records the waits.
    let wallNow = 5_000;
    const waits: number[] = [];
    const wall = {
      now: () => wallNow,
      setTimer: (ms: number, fn: () => void) => {
        waits.push(ms);
        wallNow += ms;
        queueMicrotask(fn);
        return () => undefined;
      },
    };
    const handedAt: number[] = [];
    const { lines } = await replay(chat, { speed: 2, wall, onMessage: () => void handedAt.push(wallNow - 5_000) });
    expect(lines[lines.length - 1]!.kind).toBe('summary');
    // Recorded offsets 0, 1, 2, 3, 12, 13, 25 minutes, played twice as fast.
    expect(handedAt).toEqual([0, 0.5, 1, 1.5, 6, 6.5, 12.5].map((m) => m * 60_000));
    expect(waits.reduce((a, b) => a + b, 0)).toBe(12.5 * 60_000);
  });
});
