import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/chat/clock.js';
import { parseNukeArgs } from '../../src/moderation/commands/nuke.js';
import { parseDuration } from '../../src/moderation/commands/util.js';
import { ModerationStore } from '../../src/moderation/moderation-store.js';
import { Store } from '../../src/store/store.js';
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
    const unbanned = h.actions
      .of('unban')
      .map((c) => c.userId)
      .sort();
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

describe('!unnuke lifts only what the nuke did', () => {
  /** A channel whose escalation times a spammer out for `seconds` at the first strike. */
  const ladder = (seconds: number) => enforcing({ escalation: { steps: [{ action: 'timeout', seconds }] } }, { language: 'en' });
  /** 'a' is timed out by the bot for spam, then 'a' and 'b' are hit by a 10 min nuke. */
  const nukeAfterTimeout = async (h: H): Promise<void> => {
    await h.send('the referee is corrupt', { user: 'a' });
    await h.send('Best viewers on streamboo .com', { user: 'a' });
    expect(h.actions.of('timeout').map((c) => c.userId)).toEqual(['u-a']);
    await h.send('THE REFEREE IS CORRUPT', { user: 'b' });
    await h.send('!nuke the referee is corrupt 5m 10m', mod);
    expect(h.actions.of('timeout').map((c) => c.userId)).toEqual(['u-a', 'u-a', 'u-b']);
  };

  it('leaves a user under an earlier bot timeout as they were, and says so', async () => {
    const h = harness({ config: ladder(3600) });
    await nukeAfterTimeout(h);
    const rec = h.moderator.store.lastNuke('testchannel')!;
    const a = rec.targets.find((t) => t.userId === 'u-a' && t.action === 'timeout')!;
    expect(a).toMatchObject({ applied: true, prior: { action: 'timeout', filter: 'blocklist' } });
    expect(rec.targets.find((t) => t.userId === 'u-b')!.prior).toBeUndefined();
    await h.send('!unnuke', mod);
    expect(h.actions.of('unban').map((c) => c.userId)).toEqual(['u-b']);
    expect(lastReply(h)).toMatch(/"the referee is corrupt": 1 timeout\(s\)\/ban\(s\) lifted, 1 left as they were\. The 2 deleted/);
  });

  it('lifts the nuke timeout once the earlier one has run out, and forgets what it lifted', async () => {
    const h = harness({ config: ladder(60) });
    await nukeAfterTimeout(h);
    // The 60 s spam timeout is over: the nuke's own timeout is all that is left on 'a'
    await h.send('!unnuke', { ...mod, afterMs: 120_000 });
    expect(lastReply(h)).toMatch(/2 timeout\(s\)\/ban\(s\) lifted, 0 left as they were/);
    expect(
      h.actions
        .of('unban')
        .map((c) => c.userId)
        .sort(),
    ).toEqual(['u-a', 'u-b']);
    // The bot lifted the first nuke's timeout: a second nuke does not count it as one from before
    await h.send('the referee is corrupt again', { user: 'a' });
    await h.send('!nuke referee is corrupt 1m 10m', mod);
    expect(h.moderator.store.lastNuke('testchannel')!.targets.find((t) => t.action === 'timeout')).toMatchObject({ userId: 'u-a', applied: true });
    expect(h.moderator.store.lastNuke('testchannel')!.targets.find((t) => t.action === 'timeout')!.prior).toBeUndefined();
    await h.send('!unnuke', mod);
    expect(lastReply(h)).toMatch(/1 timeout\(s\)\/ban\(s\) lifted, 0 left as they were/);
    expect(
      h.actions
        .of('unban')
        .map((c) => c.userId)
        .filter((u) => u === 'u-a'),
    ).toHaveLength(2);
  });

  it('does not unban users whose nuke ban Twitch refused', async () => {
    const h = harness({ config: enforcing({}, { language: 'en' }) });
    await h.send('the referee is corrupt', { user: 'a' });
    await h.send('THE REFEREE IS CORRUPT', { user: 'b' });
    h.actions.fail = { kinds: new Set(['ban']), result: { ok: false, status: 400, error: 'The user specified in the user_id field is already banned.' } };
    await h.send('!nuke the referee is corrupt 5m ban', mod);
    expect(lastReply(h)).toMatch(/2 user\(s\) banned \(2 action\(s\) refused by Twitch\)/);
    h.actions.fail = undefined;
    await h.send('!unnuke', mod);
    expect(h.actions.of('unban')).toHaveLength(0);
    expect(lastReply(h)).toMatch(/0 timeout\(s\)\/ban\(s\) lifted, 2 left as they were/);
  });

  it('keeps what it needs across a restart, and still undoes nukes saved before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unnuke-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const clock = new ManualClock(T0);
      const first = moderationHarness({ config: ladder(3600), storePath: path, clock });
      await nukeAfterTimeout(first);
      await first.close();
      const second = moderationHarness({ config: ladder(3600), storePath: path, clock });
      await second.send('!unnuke', mod);
      expect(second.actions.of('unban').map((c) => c.userId)).toEqual(['u-b']);
      // A nuke saved by an older version has no `applied`/`prior`: its enforced actions are lifted
      second.moderator.store.saveNuke('testchannel', clock.now(), 'modo', 'old', [
        { userId: 'u-z', userLogin: 'z', messageId: 'm-old', action: 'timeout', enforced: true },
      ]);
      await second.send('!unnuke', mod);
      expect(second.actions.of('unban').map((c) => c.userId)).toEqual(['u-b', 'u-z']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a moderation database made before the lifted column (migration 2)', () => {
    const store = Store.open({ path: ':memory:' });
    try {
      new ModerationStore(store);
      // Back to the released version 1 schema
      store.db.exec(
        "DROP INDEX moderation_log_user_id; ALTER TABLE moderation_log DROP COLUMN lifted_at; DELETE FROM schema_migrations WHERE owner = 'moderation' AND version = 2",
      );
      expect(store.version('moderation')).toBe(1);
      const ms = new ModerationStore(store);
      expect(store.version('moderation')).toBe(2);
      const entry = {
        channel: 'c',
        time: T0,
        messageId: 'm',
        userId: 'u',
        userLogin: 'u',
        text: 't',
        filter: 'repeat',
        score: 1,
        action: 'timeout' as const,
        duration: 60,
        reason: 'r',
        enforced: true,
        helixOk: true,
        helixError: null,
        evidence: [],
      };
      ms.log(entry);
      expect(ms.activePunishment('c', 'u', T0 + 1000)).toEqual({ action: 'timeout', until: T0 + 60_000, filter: 'repeat' });
      expect(ms.activePunishment('c', 'u', T0 + 60_000)).toBeUndefined();
      ms.markLifted('c', 'u', T0 + 2000);
      expect(ms.activePunishment('c', 'u', T0 + 3000)).toBeUndefined();
      ms.log({ ...entry, action: 'ban', duration: null, time: T0 + 5000 });
      ms.log({ ...entry, time: T0 + 6000 });
      expect(ms.activePunishment('c', 'u', T0 + 7000)).toMatchObject({ action: 'ban', until: null });
      expect(ms.activePunishment('c', 'u', T0 + 7000, T0 + 5000)).toMatchObject({ action: 'timeout', until: T0 + 66_000 });
    } finally {
      store.close();
    }
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
    // The logged reason text, as sent to Twitch
    expect(lastReply(h)).toContain(`Reason: "${h.log(1)[0]!.reason}"`);
    expect(h.log(1)[0]!.reason).toMatch(/^Auto-mod: known spam/);
    await h.send('!strikes spammer clear', mod);
    await h.send('!strikes spammer', mod);
    expect(lastReply(h)).toMatch(/0 strikes/);
    await h.send('!why nobody', mod);
    expect(lastReply(h)).toMatch(/No moderation decision/);
  });

  it('!why keeps the reason and message within one 500-character reply, with as much evidence as fits', async () => {
    const h = harness({ config: enforcing({}, { language: 'en' }) });
    const long = (n: number) => `copypasta number ${n} `.repeat(1) + 'the quick brown fox jumps over the lazy dog again and again '.repeat(7);
    for (let i = 0; i < 3; i++) await h.send(long(i), { user: 'paster' });
    // A long Helix error makes the reply too long for all three evidence quotes
    h.actions.fail = {
      kinds: new Set(['timeout']),
      result: { ok: false, status: 400, error: 'The user specified in the user_id field may not be banned. '.repeat(4) },
    };
    await h.send(long(3), { user: 'paster' });
    const last = h.log(1)[0]!;
    expect(last.userLogin).toBe('paster');
    await h.send('!why paster', mod);
    const reply = lastReply(h);
    expect(Array.from(reply).length).toBeLessThanOrEqual(500);
    expect(reply).toContain(`Reason: "${last.reason}"`);
    expect(reply).toMatch(/Message: "copypasta number/);
    expect(reply).toMatch(/Twitch refused: 400 The user specified/);
    // Evidence quotes are whole, never cut by the chat limit
    expect(reply).toMatch(/Evidence: "copypasta number 0 [^"]*", "copypasta number 1 [^"]*"$/);
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
    for (const [command, usage] of [
      ['!why', 'Usage: !why <user>'],
      ['!strikes', 'Usage: !strikes <user> [clear]'],
      ['!permit @', 'Usage: !permit <user> [seconds]'],
    ] as const) {
      await h.send(command, mod);
      expect(lastReply(h)).toBe(usage);
    }
    await h.send('!strikes @Alice_99', mod);
    expect(lastReply(h)).toBe('alice_99: 0 strikes. Next: delete + warning.');
  });
});
