import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/chat/clock.js';
import type { ChannelEvent } from '../../src/bot/module.js';
import { enforcing, harnessPerTest, moderationHarness, T0 } from './harness.js';

const harness = harnessPerTest();

/** The raid message a friendly raid's viewers paste, with small variations. */
const RAID_MSG = ['ponceFLEUR RAID DE PONCE ponceFLEUR', 'ponceFLEUR RAID DE PONCE ponceFLEUR ponceFLEUR', 'ponceFLEUR raid de ponce ponceFLEUR'];
const RAID: ChannelEvent = { kind: 'raid', fromLogin: 'ponce', viewers: 1200 };

type Harness = ReturnType<typeof harness>;

/** The harness's bot hears a channel event, as the Twitch runtime delivers it. */
const event = (h: Harness, e: ChannelEvent) => h.bot.channelEvent('testchannel', h.actions, e);

/** Ten raiders, each on their first message, paste the raid message. */
async function pasteRaid(h: Harness, prefix = 'raider') {
  const sent = [];
  for (let i = 0; i < 10; i++) sent.push(await h.send(RAID_MSG[i % RAID_MSG.length]!, { user: `${prefix}${i}`, afterMs: 400, firstMessage: true }));
  return sent;
}

describe('incoming raid grace period', () => {
  it('without a raid event, ten newcomers pasting one raid message are caught as a flood', async () => {
    const h = harness({ config: enforcing() });
    const sent = await pasteRaid(h);
    expect(sent.some((s) => s.moderated)).toBe(true);
    expect(h.deleted().length).toBeGreaterThanOrEqual(4);
    expect(h.moderation().every((d) => d.filter === 'flood')).toBe(true);
  });

  it('right after a raid event, the pasted raid message is left alone', async () => {
    const h = harness({ config: enforcing() });
    await event(h, RAID);
    const sent = await pasteRaid(h);
    expect(sent.map((s) => s.moderated)).toEqual(sent.map(() => false));
    expect(h.moderation()).toEqual([]);
    expect(h.actions.calls).toEqual([]);
    expect(h.moderator.channelState('testchannel')!.raid.active(h.clock.now())).toMatchObject({ fromLogin: 'ponce', viewers: 1200 });
  });

  it('links, the blocklist and regulars still count during the grace period', async () => {
    const h = harness({ config: enforcing() });
    await event(h, RAID);
    // A bot raid hiding behind a real one: every link is deleted
    const links = [];
    for (let i = 0; i < 5; i++)
      links.push(
        await h.send(`ponceFLEUR RAID check my stream at https://bigfollows${i}.example/x`, { user: `linkbot${i}`, afterMs: 300, firstMessage: true }),
      );
    expect(links.every((s) => s.moderated)).toBe(true);
    expect(new Set(h.moderation().map((d) => d.filter))).toEqual(new Set(['links']));
    // Known spam from a raider is still the blocklist's
    const seller = await h.send('Wanna become famous? Buy followers, primes and viewers on bigfollows .com', {
      user: 'seller',
      afterMs: 300,
      firstMessage: true,
    });
    expect(seller.moderated).toBe(true);
    expect(h.moderation().at(-1)!.filter).toBe('blocklist');
    // Regulars' copypasta flood is not covered by the grace
    const pasta = 'hey guys check out my new music video on my channel it would mean a lot to me';
    const regulars = [];
    for (let i = 0; i < 3; i++) regulars.push(await h.send(pasta, { user: `regular${i}`, afterMs: 300 }));
    expect(regulars.at(-1)!.moderated).toBe(true);
  });

  it('the grace period expires on the bot clock (default 5 minutes)', async () => {
    const h = harness({ config: enforcing() });
    await event(h, RAID);
    h.clock.advanceTo(h.clock.now() + 4 * 60_000);
    expect((await pasteRaid(h, 'early')).some((s) => s.moderated)).toBe(false);
    h.clock.advanceTo(h.clock.now() + 60_000);
    expect(h.moderator.channelState('testchannel')!.raid.active(h.clock.now())).toBeUndefined();
    expect((await pasteRaid(h, 'late')).some((s) => s.moderated)).toBe(true);
  });

  it('flood.raidGraceMinutes sets the grace; 0 turns it off', async () => {
    const off = harness({ config: enforcing({ flood: { raidGraceMinutes: 0 } }) });
    await event(off, RAID);
    expect((await pasteRaid(off)).some((s) => s.moderated)).toBe(true);
    const long = harness({ config: enforcing({ flood: { raidGraceMinutes: 20 } }) });
    await event(long, RAID);
    long.clock.advanceTo(long.clock.now() + 15 * 60_000);
    expect((await pasteRaid(long)).some((s) => s.moderated)).toBe(false);
  });

  it('is ignored where moderation is disabled', async () => {
    const h = harness({ config: { moderation: { enabled: false } } });
    await expect(event(h, RAID)).resolves.toBeUndefined();
    expect(h.moderator.channelState('testchannel')).toBeUndefined();
  });
});

describe('joined event', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A run that raised a shield of `durationSeconds`, then crashed (no module close): the store keeps the pending restore. */
  async function crashedWithShieldUp(durationSeconds: number) {
    const dir = mkdtempSync(join(tmpdir(), 'mod-join-'));
    dirs.push(dir);
    const path = join(dir, 'bot.sqlite');
    const config = enforcing({ flood: { shield: { enabled: true, users: 5, durationSeconds } } });
    const first = moderationHarness({ config, storePath: path, clock: new ManualClock(T0) });
    const pasta = 'hey guys check out my new music video on my channel it would mean a lot to me';
    for (let i = 0; i < 5; i++) await first.send(`${pasta} ${'!'.repeat(i)}`, { user: `bot${i}`, afterMs: 500 });
    expect(first.actions.settings.followerOnly).toBe(true);
    first.store.close();
    return { config, path, crashedAt: first.clock.now(), settings: first.actions.settings };
  }

  it('runs a shield restore left pending by a crashed run at join, before any message', async () => {
    const crashed = await crashedWithShieldUp(60);
    const second = harness({ config: crashed.config, storePath: crashed.path, clock: new ManualClock(crashed.crashedAt + 120_000) });
    second.actions.settings = { ...crashed.settings };
    await event(second, { kind: 'joined' });
    await second.moderator.channelState('testchannel')!.shield.lastRestore;
    expect(second.actions.of('updateChatSettings')).toEqual([
      { kind: 'updateChatSettings', settings: { followerOnly: false, followerOnlyDelayMinutes: 0, uniqueChat: false } },
    ]);
    // A rejoin (reconnect) or the first message does not restore twice
    await event(second, { kind: 'joined' });
    await second.send('salut', { user: 'early' });
    expect(second.actions.of('updateChatSettings')).toHaveLength(1);
  });

  it('re-arms a restore that is not due yet, on the bot clock', async () => {
    const crashed = await crashedWithShieldUp(300);
    const clock = new ManualClock(crashed.crashedAt + 60_000);
    const second = harness({ config: crashed.config, storePath: crashed.path, clock });
    await event(second, { kind: 'joined' });
    expect(second.actions.of('updateChatSettings')).toEqual([]);
    clock.advanceTo(clock.now() + 239_000);
    expect(second.actions.of('updateChatSettings')).toEqual([]);
    clock.advanceTo(clock.now() + 2_000);
    await second.moderator.channelState('testchannel')!.shield.lastRestore;
    expect(second.actions.of('updateChatSettings')).toHaveLength(1);
  });
});
