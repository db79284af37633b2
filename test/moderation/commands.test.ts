import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/bot/clock.js';
import { parseNukeArgs } from '../../src/commands/moderation/nuke.js';
import { parseDuration } from '../../src/commands/moderation/util.js';
import { enforcing, harnessPerTest, moderationHarness, T0 } from './harness.js';

type H = ReturnType<typeof moderationHarness>;
const harness = harnessPerTest();

const lastReply = (h: H): string => {
  const r = h.actions.calls.filter((c) => c.kind === 'reply' || c.kind === 'say');
  const last = r[r.length - 1];
  return last && 'text' in last ? last.text : '';
};
const mod = { user: 'modo', roles: ['moderator' as const] };

describe('!nuke / !unnuke', () => {
  it('acts on everyone whose recent message is similar, reports how many, and unnuke lifts the timeouts', async () => {
    const h = harness({ config: enforcing({}, { language: 'en' }) });
    // Short enough not to be a flood, different enough not to be a repeat
    const hit = [
      await h.send('the referee is corrupt', { user: 'a' }),
      await h.send('THE REFEREE IS CORRUPT', { user: 'b' }),
      await h.send('the ref is corrupt lol', { user: 'c' }),
      await h.send('the referee is corrupt!!', { user: 'a' }),
    ];
    const spared = [await h.send('what a goal', { user: 'd' }), await h.send('the referee is corrupt', { user: 'modo2', roles: ['moderator'] })];
    expect(h.actions.calls).toHaveLength(0);
    await h.send('!nuke the referee is corrupt 5m 10m', mod);
    const deleted = new Set(h.deleted());
    for (const m of hit.slice(0, 2)) expect(deleted.has(m.message.id)).toBe(true);
    expect(deleted.has(hit[3]!.message.id)).toBe(true);
    for (const m of spared) expect(deleted.has(m.message.id)).toBe(false);
    const timeouts = h.actions.of('timeout');
    // One timeout per user, 600 s
    expect(new Set(timeouts.map((t) => t.userId)).size).toBe(timeouts.length);
    expect(timeouts.every((t) => t.seconds === 600)).toBe(true);
    expect(timeouts.map((t) => t.userId)).toEqual(expect.arrayContaining(['u-a', 'u-b']));
    expect(lastReply(h)).toMatch(new RegExp(`${deleted.size} message\\(s\\) deleted, ${timeouts.length} user\\(s\\) timed out`));
    expect(h.moderation().filter((d) => d.filter === 'nuke')).toHaveLength(deleted.size);

    await h.send('!unnuke', mod);
    const unbanned = h.actions.of('unban').map((c) => c.userId).sort();
    expect(unbanned).toEqual(timeouts.map((t) => t.userId).sort());
    expect(lastReply(h)).toMatch(/lifted.*cannot be restored/);
    await h.send('!unnuke', mod);
    expect(lastReply(h)).toMatch(/No nuke to undo/);
  });

  it('is for moderators only', async () => {
    const h = harness({ config: enforcing() });
    await h.send('the referee is corrupt', { user: 'a' });
    await h.send('!nuke referee', { user: 'viewer2' });
    expect(h.actions.of('deleteMessage')).toHaveLength(0);
  });

  it('parses text, window and punishment', () => {
    expect(parseNukeArgs('buy followers 5m 10m')).toEqual({ text: 'buy followers', window: 300, punishment: { kind: 'timeout', seconds: 600 } });
    expect(parseNukeArgs('"free 5m" 2m ban')).toEqual({ text: 'free 5m', window: 120, punishment: { kind: 'ban' } });
    expect(parseNukeArgs('spam text')).toEqual({ text: 'spam text' });
    expect(parseNukeArgs('x')).toBeUndefined();
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('!permit', () => {
  it('lets one link through, then links are deleted again', async () => {
    const h = harness({ config: enforcing() });
    const before = await h.send('look https://my-shop.example.net/promo', { user: 'artist' });
    expect(before.moderated).toBe(true);
    await h.send('!permit @Artist 60', mod);
    const allowed = await h.send('my portfolio: https://my-shop.example.net/art', { user: 'artist' });
    expect(allowed.moderated).toBe(false);
    const again = await h.send('and https://my-shop.example.net/other', { user: 'artist' });
    expect(again.moderated).toBe(true);
    // Allowed domains never need a permit
    expect((await h.send('clip: https://clips.twitch.tv/SomeClip', { user: 'artist' })).moderated).toBe(false);
    expect(h.moderation().map((d) => d.filter)).toEqual(['links', 'links']);
  });

  it('expires', async () => {
    const h = harness({ config: enforcing() });
    await h.send('!permit artist 30', mod);
    const late = await h.send('https://my-shop.example.net/promo', { user: 'artist', afterMs: 31_000 });
    expect(late.moderated).toBe(true);
  });
});

describe('!spam, !strikes, !why, !modmode', () => {
  it('adds, lists and deletes blocklist examples; an added example catches variants', async () => {
    const h = harness({ config: enforcing({ blocklist: { seed: false } }, { language: 'en' }) });
    const text = 'join my discord server for free robux every day, link in my bio';
    expect((await h.send(text, { user: 'x1' })).moderated).toBe(false);
    await h.send(`!spam add ${text}`, mod);
    const id = Number(/#(\d+)/.exec(lastReply(h))![1]);
    expect(id).toBeGreaterThan(0);
    await h.send('!spam list', mod);
    expect(lastReply(h)).toContain(`#${id}`);
    const variant = await h.send('J0IN my d1scord server for FREE robux every day!! link in bio', { user: 'x2' });
    expect(variant.moderated).toBe(true);
    await h.send(`!spam del ${id}`, mod);
    expect(lastReply(h)).toMatch(/deleted/);
    expect((await h.send('join my discord server for free robux every day, link in my bio', { user: 'x3', afterMs: 3_600_000 })).moderated).toBe(false);
    await h.send('!spam list', mod);
    expect(lastReply(h)).toMatch(/empty/);
  });

  it('!strikes and !why explain a decision with its evidence', async () => {
    const h = harness({ config: enforcing({}, { language: 'en' }) });
    await h.send('!strikes spammer', mod);
    expect(lastReply(h)).toMatch(/0 strikes/);
    await h.send('Best viewers on streamboo .com', { user: 'spammer' });
    await h.send('!strikes @spammer', mod);
    expect(lastReply(h)).toMatch(/spammer: 1 strike\(s\).*Next: timeout 60 s/);
    await h.send('!why spammer', mod);
    expect(lastReply(h)).toMatch(/known spam \(score \d\.\d\d\) -> warn, done/);
    expect(lastReply(h)).toContain('Best viewers on streamboo .com');
    await h.send('!strikes spammer clear', mod);
    await h.send('!strikes spammer', mod);
    expect(lastReply(h)).toMatch(/0 strikes/);
    await h.send('!why nobody', mod);
    expect(lastReply(h)).toMatch(/No moderation decision/);
  });

  it('!modmode switches dry-run and enforcement, and the choice survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mod-mode-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const clock = new ManualClock(T0);
      const first = moderationHarness({ config: { language: 'en' }, storePath: path, clock });
      await first.send('!modmode', mod);
      expect(lastReply(first)).toMatch(/dry-run \(default\)/);
      await first.send('Best viewers on streamboo .com', { user: 's1' });
      expect(first.deleted()).toHaveLength(0);
      await first.send('!modmode enforce', mod);
      await first.send('Best viewers on bigfollows .com', { user: 's2' });
      expect(first.deleted()).toHaveLength(1);
      await first.close();

      const second = harness({ config: { language: 'en' }, storePath: path, clock });
      await second.send('Best viewers on viewerboost .com', { user: 's3' });
      expect(second.deleted()).toHaveLength(1);
      await second.send('!modmode dry', mod);
      await second.send('Best viewers on streamboo .com', { user: 's4' });
      expect(second.deleted()).toHaveLength(1);
      // A viewer cannot change it
      await second.send('!modmode enforce', { user: 'viewer9' });
      await second.send('!modmode', mod);
      expect(lastReply(second)).toMatch(/dry-run \(set with !modmode\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('user arguments', () => {
  it('!why, !strikes and !permit answer their usage without a login, and take @Name as a login', async () => {
    const h = harness({ config: enforcing({}, { language: 'en' }) });
    for (const [command, usage] of [['!why', 'Usage: !why <user>'], ['!strikes', 'Usage: !strikes <user> [clear]'], ['!permit @', 'Usage: !permit <user> [seconds]']] as const) {
      await h.send(command, mod);
      expect(lastReply(h)).toBe(usage);
    }
    await h.send('!strikes @Alice_99', mod);
    expect(lastReply(h)).toBe('alice_99: 0 strikes. Next: delete + warning.');
  });
});
