// End to end: the real app in local mode (twurple ChatClient + ApiClient) against the sandbox,
// with the real moderation module, on a simulated clock. A friendly Twitch raid arrives as
// Twitch's USERNOTICE; its viewers' pasted raid message stays, and after the grace period the
// same paste from fresh accounts is a flood again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/chat/clock.js';
import type { ChatContext } from '../../src/chat/context.js';
import { createLogger } from '../../src/chat/logger.js';
import type { BotModule, ChannelEvent } from '../../src/bot/module.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { T0 } from './harness.js';

const clock = new ManualClock(T0);
let local: LocalApp;
/** Channel events the runtime delivered, and the app's log lines (JSON). */
const events: Array<{ channel: string; event: ChannelEvent }> = [];
const logLines: Array<Record<string, unknown>> = [];
const eventWaiters = new Set<() => void>();
const eventRecorder: BotModule = {
  name: 'recorder',
  onChannelEvent: (event, scope) => {
    events.push({ channel: scope.name, event });
    for (const w of [...eventWaiters]) w();
  },
};
/** Resolves once `condition` holds on the recorded events (checked on each new one). */
const eventsUntil = (condition: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (!condition()) return;
      eventWaiters.delete(check);
      resolve();
    };
    eventWaiters.add(check);
    check();
  });

beforeAll(async () => {
  const channel = channelConfigSchema.parse({ language: 'fr', moderation: { defaultMode: 'enforce', announceDryRun: false } });
  local = await startLocalApp({
    channel,
    simulatedClock: clock,
    modules: (services) => [createModerationModule(services), eventRecorder],
    log: createLogger({ level: 'info', format: 'json', write: (l) => logLines.push(JSON.parse(l) as Record<string, unknown>) }),
    // No keep-alive PINGs: a jump of simulated minutes would time their PONG out
    sandbox: { channels: ['raidchan'], pingIntervalMs: 0 },
  });
});

afterAll(async () => {
  await local?.close();
});

/** `count` fresh accounts paste the raid message, a few seconds apart; resolves once each was handled. */
async function paste(prefix: string, count: number): Promise<ChatContext[]> {
  const out: ChatContext[] = [];
  for (let i = 0; i < count; i++) {
    clock.advanceTo(clock.now() + 1500);
    out.push(
      await local.send({
        login: `${prefix}${i}`,
        text: i % 2 ? 'ponceFLEUR RAID DE PONCE ponceFLEUR' : 'ponceFLEUR raid de ponce ponceFLEUR ponceFLEUR',
        channel: 'raidchan',
      }),
    );
  }
  return out;
}

describe('incoming raid through the sandbox', () => {
  it('a raid USERNOTICE keeps the raiders\u2019 pasted raid message in chat; after the grace it is a flood again', async () => {
    const { sandbox } = local;
    const raid = sandbox.raid({ channel: 'raidchan', fromLogin: 'ponce', fromDisplayName: 'Ponce', viewers: 2500 });
    const raiders = await paste('raider', 10);
    // The runtime fired `joined` at start-up, then the raid, before the raiders' messages
    expect(events).toEqual([
      { channel: 'raidchan', event: { kind: 'joined' } },
      { channel: 'raidchan', event: { kind: 'raid', fromLogin: 'ponce', fromUserId: raid.from.id, fromDisplayName: 'Ponce', viewers: 2500 } },
    ]);
    expect(logLines.find((l) => l['module'] === 'moderation' && l['from'] === 'ponce')).toMatchObject({ level: 'info', channel: 'raidchan', viewers: 2500 });
    expect(raiders.map((c) => c.moderated)).toEqual(raiders.map(() => undefined));
    expect(sandbox.messages('raidchan').filter((m) => m.deleted)).toEqual([]);
    expect(sandbox.helixCalls.filter((c) => c.method !== 'GET' && c.path.startsWith('moderation/'))).toEqual([]);

    // Six minutes later the grace is over: fresh accounts pasting it are a flood of newcomers
    clock.advanceTo(clock.now() + 6 * 60_000);
    const late = await paste('fresh', 6);
    expect(late.some((c) => c.moderated?.filter === 'flood')).toBe(true);
    const deleted = new Set(
      sandbox
        .messages('raidchan')
        .filter((m) => m.deleted)
        .map((m) => m.id),
    );
    expect(late.filter((c) => deleted.has(c.message.id)).length).toBeGreaterThanOrEqual(4);
    for (const r of raiders) expect(deleted.has(r.message.id)).toBe(false);
  });
});

describe('connection drop', () => {
  it('is logged in one warning line, not twice (twurple and us), and the bot rejoins (joined event again)', async () => {
    const before = logLines.length;
    const rejoined = eventsUntil(() => events.filter((e) => e.event.kind === 'joined').length === 2);
    expect(local.sandbox.dropConnections()).toBeGreaterThan(0);
    await rejoined;
    const lines = logLines.slice(before);
    const loud = lines.filter((l) => (l['level'] === 'warn' || l['level'] === 'error') && /disconnect|connection/i.test(String(l['msg'])));
    expect(loud.map((l) => l['msg'])).toEqual(['chat connection lost; twurple reconnects']);
  });
});
