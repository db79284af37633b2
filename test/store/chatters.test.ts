import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { ChatContext } from '../../src/chat/context.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { silentLogger } from '../../src/chat/logger.js';
import { ChatterRegistry } from '../../src/store/chatters.js';
import { Store } from '../../src/store/store.js';
import { makeMessage } from '../helpers/context.js';

const DAY = 86_400_000;
const T0 = 1_700_000_000_000;

describe('ChatterRegistry', () => {
  test('first message is first-time; later ones count messages and distinct days', () => {
    const reg = new ChatterRegistry(Store.open({ path: ':memory:' }));
    expect(reg.record('#Chan', 'u1', 'Alice', T0)).toMatchObject({ firstTime: true, record: { channel: 'chan', login: 'alice', messages: 1, daysSeen: 1 } });
    expect(reg.record('chan', 'u1', 'alice', T0 + 1000).firstTime).toBe(false);
    reg.record('chan', 'u1', 'alice_renamed', T0 + DAY);
    expect(reg.get('chan', 'u1')).toEqual({
      channel: 'chan',
      userId: 'u1',
      login: 'alice_renamed',
      firstSeen: T0,
      lastSeen: T0 + DAY,
      messages: 3,
      daysSeen: 2,
      markedNew: false,
    });
    // Per channel: the same user is new elsewhere
    expect(reg.record('other', 'u1', 'alice', T0 + DAY).firstTime).toBe(true);
    expect(reg.get('chan', 'nobody')).toBeUndefined();
    expect(reg.count('chan')).toBe(1);
    expect(reg.watchingSince('chan')).toBe(T0);
  });

  test('a message from the past (replay, clock skew) never moves lastSeen or the day back', () => {
    const reg = new ChatterRegistry(Store.open({ path: ':memory:' }));
    reg.record('chan', 'u1', 'a', T0 + 2 * DAY);
    reg.record('chan', 'u1', 'a', T0);
    reg.record('chan', 'u1', 'a', T0 + 2 * DAY + 5);
    expect(reg.get('chan', 'u1')).toMatchObject({ lastSeen: T0 + 2 * DAY + 5, daysSeen: 1, messages: 3 });
  });

  test('markNew works before the first message and survives it; unmarkNew lifts it', () => {
    const reg = new ChatterRegistry(Store.open({ path: ':memory:' }));
    reg.markNew('chan', 'evader');
    expect(reg.get('chan', 'evader')).toMatchObject({ messages: 0, markedNew: true });
    expect(reg.count('chan')).toBe(0);
    const seen = reg.record('chan', 'evader', 'evader', T0);
    expect(seen.firstTime).toBe(true);
    expect(seen.record).toMatchObject({ messages: 1, markedNew: true, firstSeen: T0 });
    expect(reg.record('chan', 'evader', 'evader', T0 + 1).record.markedNew).toBe(true);
    reg.unmarkNew('chan', 'evader');
    expect(reg.get('chan', 'evader')?.markedNew).toBe(false);
  });

  test('survives a restart (table in the store file, migration applied once)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatters-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const a = Store.open({ path });
      new ChatterRegistry(a).record('chan', 'u1', 'alice', T0);
      a.close();
      const b = Store.open({ path });
      const reg = new ChatterRegistry(b);
      expect(b.version('chatters')).toBe(1);
      expect(reg.record('chan', 'u1', 'alice', T0 + 5).firstTime).toBe(false);
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pipeline: ctx.firstTime', () => {
  function pipeline(warmupMs: number) {
    const clock = new ManualClock(T0);
    const store = Store.open({ path: ':memory:' });
    const chatters = new ChatterRegistry(store);
    const seen: ChatContext[] = [];
    const bot = new Bot({ clock, chatters, chattersWarmupMs: warmupMs, modules: [{ name: 'probe', passive: (ctx) => void seen.push(ctx) }] });
    const actions = new RecordingActions();
    const send = async (user: string, opts: { tag?: boolean; afterMs?: number } = {}) => {
      clock.advanceTo(clock.now() + (opts.afterMs ?? 1000));
      const m = makeMessage('salut', { user, time: clock.now() });
      if (opts.tag) m.user = { ...m.user, firstMessage: true };
      return bot.handle(m, actions);
    };
    return { send, chatters, clock, seen };
  }

  test('without the first-msg tag (EventSub) the registry decides, once the channel is warm', async () => {
    const p = pipeline(60_000);
    expect((await p.send('regular')).firstTime).toBe(false); // cold: unknown is not new yet
    expect((await p.send('early', { afterMs: 30_000 })).firstTime).toBe(false);
    expect((await p.send('fresh', { afterMs: 60_000 })).firstTime).toBe(true); // warm now
    expect((await p.send('fresh')).firstTime).toBe(false);
    expect((await p.send('regular')).firstTime).toBe(false);
    expect((await p.send('regular')).chatter).toMatchObject({ login: 'regular', messages: 3 });
  });

  test('the tag (IRC) counts during warm-up; a suspicious-user mark makes a known chatter new', async () => {
    const p = pipeline(3_600_000);
    expect((await p.send('tagged', { tag: true })).firstTime).toBe(true);
    expect((await p.send('regular')).firstTime).toBe(false);
    p.chatters.markNew('testchannel', 'u-regular');
    expect((await p.send('regular')).firstTime).toBe(true);
    p.chatters.unmarkNew('testchannel', 'u-regular');
    expect((await p.send('regular')).firstTime).toBe(false);
  });

  test('the flood rule treats registry first-timers as newcomers without any tag', async () => {
    const clock = new ManualClock(T0);
    const store = Store.open({ path: ':memory:' });
    const encoder = new SharedEncoder(new HashEncoder());
    const moderation = createModerationModule({ encoder, store, clock, log: silentLogger });
    const config = channelConfigSchema.parse({ moderation: { defaultMode: 'enforce' } });
    const run = async (chatters: ChatterRegistry | undefined) => {
      const bot = new Bot({ clock, encoder, defaultConfig: config, modules: [moderation], ...(chatters ? { chatters, chattersWarmupMs: 0 } : {}) });
      const actions = new RecordingActions();
      let moderated = 0;
      for (let i = 0; i < 5; i++) {
        clock.advanceTo(clock.now() + 400);
        const m = makeMessage('lien en bio pour des viewers', { user: `raider${i}${chatters ? 'r' : 'n'}`, time: clock.now() });
        if ((await bot.handle(m, actions)).moderated) moderated++;
      }
      return moderated;
    };
    // Short raid text: only newcomers' copies count. Without the registry (and no tag) nobody is new.
    expect(await run(undefined)).toBe(0);
    clock.advanceTo(clock.now() + 3_600_000);
    expect(await run(new ChatterRegistry(store))).toBeGreaterThan(0);
    await encoder.close();
  });
});
