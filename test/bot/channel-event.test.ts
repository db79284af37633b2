import { describe, expect, it } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import { createLogger } from '../../src/chat/logger.js';
import type { BotModule, ChannelEvent } from '../../src/bot/module.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';

/** A module that records the channel events it hears, or throws on them. */
function listener(name: string, trace: string[], fail = false): BotModule {
  return {
    name,
    onChannelEvent: async (event, scope) => {
      trace.push(`${name}:${event.kind}:${scope.name}:${event.kind === 'raid' ? `${event.fromLogin}/${event.viewers}` : ''}`);
      if (fail) throw new Error(`${name} exploded`);
    },
  };
}

const RAID: ChannelEvent = { kind: 'raid', fromLogin: 'ponce', viewers: 42 };

describe('Bot.channelEvent', () => {
  it('hands the event to every module with the hook, in order, with the channel scope', async () => {
    const trace: string[] = [];
    const bot = new Bot({ clock: new ManualClock(0), modules: [listener('a', trace), { name: 'nohook' }, listener('b', trace)] });
    await bot.channelEvent('MyChan', new RecordingActions(), RAID);
    await bot.channelEvent('mychan', new RecordingActions(), { kind: 'joined' });
    expect(trace).toEqual(['a:raid:mychan:ponce/42', 'b:raid:mychan:ponce/42', 'a:joined:mychan:', 'b:joined:mychan:']);
  });

  it('logs a failing module and still runs the others; never rejects', async () => {
    const trace: string[] = [];
    const lines: string[] = [];
    const bot = new Bot({
      clock: new ManualClock(0),
      log: createLogger({ format: 'json', write: (l) => lines.push(l) }),
      modules: [listener('bad', trace, true), listener('good', trace)],
    });
    await expect(bot.channelEvent('chan', new RecordingActions(), RAID)).resolves.toBeUndefined();
    expect(trace).toEqual(['bad:raid:chan:ponce/42', 'good:raid:chan:ponce/42']);
    const err = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'error');
    expect(err).toMatchObject({ msg: 'channel event failed; continuing', module: 'bad', event: 'raid', channel: 'chan' });
  });

  it('skips modules disabled in the channel, and does nothing once closed', async () => {
    const trace: string[] = [];
    const config = channelConfigSchema.parse({ moderation: { enabled: false } });
    const bot = new Bot({ clock: new ManualClock(0), channels: { quiet: config }, modules: [listener('moderation', trace), listener('other', trace)] });
    await bot.channelEvent('quiet', new RecordingActions(), RAID);
    expect(trace).toEqual(['other:raid:quiet:ponce/42']);
    await bot.close();
    await bot.channelEvent('loud', new RecordingActions(), RAID);
    expect(trace).toHaveLength(1);
  });
});
