import { describe, expect, it } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import { createLogger } from '../../src/chat/logger.js';
import type { BotModule } from '../../src/bot/module.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Encoder } from '../../src/nlp/encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { makeMessage } from '../helpers/context.js';

/** A tiny encoder: one-hot on text length, or a failure on demand. */
class FakeEncoder implements Encoder {
  readonly id = 'fake';
  readonly dim = 4;
  fail: Error | undefined;
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.fail) throw this.fail;
    return texts.map((t) => {
      const v = new Float32Array(4);
      v[t.length % 4] = 1;
      return v;
    });
  }
  async close(): Promise<void> {}
}

function tracer(name: string, trace: string[], opts: { stopOn?: string; throwOn?: string } = {}): BotModule {
  return {
    name,
    moderation: async (ctx, next) => {
      trace.push(`${name}.moderation:${ctx.text}:${ctx.vector ? 'v' : '-'}`);
      if (opts.throwOn && ctx.text === opts.throwOn) throw new Error(`${name} exploded`);
      if (opts.stopOn && ctx.text === opts.stopOn) return;
      await next();
    },
    passive: async (ctx, next) => {
      trace.push(`${name}.passive:${ctx.text}`);
      await next();
    },
    commands: [{ name: `${name}cmd`, description: '', cooldown: { globalSeconds: 0, userSeconds: 0 }, run: () => void trace.push(`${name}.command`) }],
  };
}

describe('Bot pipeline', () => {
  it('runs ignore -> encode -> moderation stages -> commands -> passive stages, in module order', async () => {
    const trace: string[] = [];
    const bot = new Bot({ clock: new ManualClock(0), encoder: new SharedEncoder(new FakeEncoder()), modules: [tracer('a', trace), tracer('b', trace)] });
    const ctx = await bot.handle(makeMessage('hello'), new RecordingActions());
    expect(trace).toEqual(['a.moderation:hello:v', 'b.moderation:hello:v', 'a.passive:hello', 'b.passive:hello']);
    expect(ctx.vector).toHaveLength(4);
    trace.length = 0;
    await bot.handle(makeMessage('!bcmd'), new RecordingActions());
    expect(trace).toEqual(['a.moderation:!bcmd:v', 'b.moderation:!bcmd:v', 'b.command']);
  });

  it('ignores the bot itself (by id or login) and the configured bots', async () => {
    const trace: string[] = [];
    const config = channelConfigSchema.parse({ ignoredBots: ['nightbot'] });
    const bot = new Bot({ clock: new ManualClock(0), modules: [tracer('a', trace)], botLogin: 'MyBot', defaultConfig: config });
    const actions = new RecordingActions();
    await bot.handle(makeMessage('x1', { user: 'mybot' }), actions);
    await bot.handle(makeMessage('x2', { user: 'nightbot' }), actions);
    bot.setIdentity({ userId: 'u-renamed' });
    await bot.handle(makeMessage('x3', { user: 'renamed' }), actions);
    await bot.handle(makeMessage('x4', { user: 'viewer' }), actions);
    expect(trace).toEqual(['a.moderation:x4:-', 'a.passive:x4']);
  });

  it('a stage that stops the message keeps later stages from seeing it', async () => {
    const trace: string[] = [];
    const bot = new Bot({ clock: new ManualClock(0), modules: [tracer('a', trace, { stopOn: 'spam' }), tracer('b', trace)] });
    await bot.handle(makeMessage('spam'), new RecordingActions());
    expect(trace).toEqual(['a.moderation:spam:-']);
  });

  it('a throwing module is logged with channel, module and message id, and the loop goes on', async () => {
    const trace: string[] = [];
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) });
    const bot = new Bot({ clock: new ManualClock(0), log, modules: [tracer('a', trace, { throwOn: 'boom' }), tracer('b', trace)] });
    const actions = new RecordingActions();
    await bot.handle(makeMessage('boom', { id: 'msg-1' }), actions);
    await bot.handle(makeMessage('next'), actions);
    // The failing stage did not hand over, but the rest of the pipeline still ran for that message.
    expect(trace).toEqual([
      'a.moderation:boom:-',
      'b.moderation:boom:-',
      'a.passive:boom',
      'b.passive:boom',
      'a.moderation:next:-',
      'b.moderation:next:-',
      'a.passive:next',
      'b.passive:next',
    ]);
    const err = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'error');
    expect(err).toMatchObject({ channel: 'testchannel', module: 'a', messageId: 'msg-1' });
    expect(JSON.stringify(err)).toContain('a exploded');
  });

  it('calling next() twice is reported as an error of that stage, not run twice', async () => {
    const trace: string[] = [];
    const lines: string[] = [];
    const twice: BotModule = {
      name: 'twice',
      moderation: async (_ctx, next) => {
        await next();
        await next();
      },
    };
    const bot = new Bot({
      clock: new ManualClock(0),
      log: createLogger({ format: 'json', write: (l) => lines.push(l) }),
      modules: [twice, tracer('b', trace)],
    });
    await bot.handle(makeMessage('hi'), new RecordingActions());
    expect(trace).toEqual(['b.moderation:hi:-', 'b.passive:hi']);
    expect(lines.join('\n')).toMatch(/called next\(\) twice/);
  });

  it('leaves ctx.vector undefined when the encoder fails, and still runs the modules', async () => {
    const trace: string[] = [];
    const inner = new FakeEncoder();
    const bot = new Bot({ clock: new ManualClock(0), encoder: new SharedEncoder(inner), modules: [tracer('a', trace)] });
    inner.fail = Object.assign(new Error('queue full'), { name: 'EncoderOverloadedError' });
    const ctx = await bot.handle(makeMessage('x'), new RecordingActions());
    expect(ctx.vector).toBeUndefined();
    expect(trace).toEqual(['a.moderation:x:-', 'a.passive:x']);
  });

  it('skips a module whose config section is disabled in the channel, commands included', async () => {
    const trace: string[] = [];
    const mod: BotModule = { ...tracer('faq', trace) };
    const off = channelConfigSchema.parse({ faq: { enabled: false } });
    const bot = new Bot({ clock: new ManualClock(0), modules: [mod], channels: { quiet: off } });
    const actions = new RecordingActions();
    await bot.handle(makeMessage('hi', { channel: 'quiet' }), actions);
    await bot.handle(makeMessage('!faqcmd', { channel: 'quiet' }), actions);
    await bot.handle(makeMessage('hi', { channel: 'other' }), actions);
    expect(trace).toEqual(['faq.moderation:hi:-', 'faq.passive:hi']);
  });

  it('passes every recorded decision to the listeners and closes modules once', async () => {
    let closed = 0;
    const mod: BotModule = {
      name: 'm',
      passive: (ctx) =>
        ctx.record({
          kind: 'faq',
          channel: ctx.channel.name,
          messageId: ctx.message.id,
          userId: ctx.user.id,
          userLogin: ctx.user.login,
          entry: 'e',
          score: 1,
          answer: 'a',
          time: ctx.now(),
        }),
      close: () => void closed++,
    };
    const bot = new Bot({ clock: new ManualClock(42), modules: [mod] });
    const got: unknown[] = [];
    const off = bot.onDecision((d) => got.push(d));
    await bot.handle(makeMessage('q'), new RecordingActions());
    off();
    await bot.handle(makeMessage('q'), new RecordingActions());
    expect(got).toEqual([expect.objectContaining({ kind: 'faq', entry: 'e', time: 42 })]);
    await bot.close();
    await bot.close();
    expect(closed).toBe(1);
  });

  it('a throwing command is logged with its name and the message is not passed on', async () => {
    const trace: string[] = [];
    const lines: string[] = [];
    const bad: BotModule = {
      name: 'bad',
      commands: [
        {
          name: 'crash',
          description: '',
          run: () => {
            throw new Error('kaput');
          },
        },
      ],
    };
    const bot = new Bot({ clock: new ManualClock(0), log: createLogger({ format: 'json', write: (l) => lines.push(l) }), modules: [bad, tracer('b', trace)] });
    const decisions: unknown[] = [];
    bot.onDecision((d) => decisions.push(d));
    await bot.handle(makeMessage('!crash', { id: 'c1' }), new RecordingActions());
    expect(trace).toEqual(['b.moderation:!crash:-']);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'command failed', command: 'crash', messageId: 'c1', channel: 'testchannel' });
    expect(decisions).toEqual([expect.objectContaining({ kind: 'command', command: 'crash', response: null })]);
  });
});
