import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/chat/clock.js';
import { fixturePath } from '../helpers/paths.js';
import { enforcing, harnessPerTest, moderationHarness, T0 } from './harness.js';

const harness = harnessPerTest();

const RAID = 'hey guys check out my new music video on my channel it would mean a lot to me';
/** Five accounts, five disguises of one raid text. */
const RAID_VARIANTS = [
  RAID,
  'hеy guys сhеck оut my nеw music vidеo оn my сhannеl it wоuld mеan a lоt tо mе', // Cyrillic homoglyphs
  'hey g\u200buys check out my n\u200cew music vi\u2060deo on my channel it would mean a lot to me', // zero-width
  'HEY GUYS check out my new music video LUL on my channel it would mean a lot to me !!!', // case, emote, punctuation
  'hey guys c h e c k out my new music video on my chan nel it would mean a lot to me', // spacing
];

describe('repeat filter', () => {
  it('warns a repeater on the K-th copy, then times them out', async () => {
    const h = harness({ config: enforcing() });
    const text = 'Usul réponds moi stp je te pose une question depuis le début du live';
    const r1 = await h.send(text, { user: 'asker' });
    const r2 = await h.send('Usul réponds-moi stp, je te pose une question depuis le début du live', { user: 'asker' });
    expect(r1.moderated || r2.moderated).toBe(false);
    const r3 = await h.send(text + ' ???', { user: 'asker' });
    expect(r3.moderated).toBe(true);
    expect(h.actions.of('deleteMessage').map((c) => c.messageId)).toEqual([r3.message.id]);
    expect(h.actions.of('warn')).toHaveLength(1);
    expect(h.actions.of('timeout')).toHaveLength(0);
    const r4 = await h.send('usul reponds moi stp je te pose une question depuis le debut du live', { user: 'asker' });
    expect(r4.moderated).toBe(true);
    expect(h.actions.of('timeout')).toEqual([expect.objectContaining({ userId: 'u-asker', seconds: 60 })]);
    const d = h.moderation().filter((x) => x.filter === 'repeat');
    expect(d.map((x) => x.action)).toEqual(['warn', 'timeout']);
    // Evidence names the earlier copies
    expect(d[0]!.evidence).toEqual(expect.arrayContaining([r1.message.id, r2.message.id]));
    expect(d.every((x) => x.enforced && x.helixOk === true)).toBe(true);
  });

  it('leaves a chatter who repeats short reactions alone', async () => {
    const h = harness({ config: enforcing() });
    for (const t of ['LUL', 'LUL LUL', '+1', 'gg', 'LUL', '+1', 'mdr', 'LUL LUL LUL']) await h.send(t, { user: 'fan', afterMs: 1500 });
    expect(h.moderation()).toHaveLength(0);
    expect(h.actions.calls).toHaveLength(0);
  });

  it('forgets copies older than the window', async () => {
    const h = harness({ config: enforcing({ repeat: { windowSeconds: 30 } }) });
    const text = 'quelle est la musique de fond de l’émission ce soir svp';
    for (let i = 0; i < 4; i++) await h.send(text, { user: 'slow', afterMs: 40_000 });
    expect(h.moderation()).toHaveLength(0);
  });
});

describe('flood / raid filter and shield', () => {
  it('removes a 5-account obfuscated raid, raises the shield and restores chat settings', async () => {
    const h = harness({ config: enforcing({ flood: { shield: { enabled: true, users: 5, durationSeconds: 120 } } }) });
    h.actions.settings = { ...h.actions.settings, slow: true, slowDelaySeconds: 10 };
    const sent = [];
    for (let i = 0; i < RAID_VARIANTS.length; i++) sent.push(await h.send(RAID_VARIANTS[i]!, { user: `raider${i}`, afterMs: 700 }));
    // Every raid message is deleted, every raider timed out by the shield
    const deleted = new Set(h.deleted());
    for (const s of sent) expect(deleted.has(s.message.id)).toBe(true);
    const timedOut = new Set(h.actions.of('timeout').map((c) => c.userId));
    for (let i = 0; i < 5; i++) expect(timedOut.has(`u-raider${i}`)).toBe(true);
    // Shield switched followers-only + unique chat, kept slow mode untouched
    expect(h.actions.of('updateChatSettings')[0]!.settings).toEqual({ followerOnly: true, followerOnlyDelayMinutes: 10, uniqueChat: true });
    expect(h.actions.settings).toMatchObject({ followerOnly: true, uniqueChat: true, slow: true });
    expect(h.actions.of('say').some((c) => /raid/i.test(c.text))).toBe(true);
    // Chat locked before the clean-up; the raider who raised the shield keeps their own timeout as last decision
    const kinds = h.actions.calls.map((c) => c.kind);
    expect(kinds.indexOf('updateChatSettings')).toBeLessThan(kinds.indexOf('timeout'));
    expect(h.log().find((r) => r.userLogin === 'raider4')).toMatchObject({ filter: 'shield', action: 'timeout' });
    // Time passes on the bot's clock: previous settings come back
    h.clock.advanceTo(h.clock.now() + 119_000);
    expect(h.actions.settings.followerOnly).toBe(true);
    h.clock.advanceTo(h.clock.now() + 2_000);
    await h.moderator.channelState('testchannel')!.shield.lastRestore;
    expect(h.actions.of('updateChatSettings')[1]!.settings).toEqual({ followerOnly: false, followerOnlyDelayMinutes: 0, uniqueChat: false });
    expect(h.actions.settings).toMatchObject({ followerOnly: false, uniqueChat: false, slow: true, slowDelaySeconds: 10 });
  });

  it('a raid of known spam raises the shield too: every account is timed out, not only warned', async () => {
    const h = harness({ config: enforcing({ flood: { shield: { enabled: true, users: 5 } } }) });
    const texts = [
      'Wanna become famous? Buy followers, primes and viewers on bigfollows .com',
      'Wanna become famous? Buy followers, primes & viewers on bigfollows .com !!',
      'wanna become FAMOUS? buy followers, primes and viewers on bigfollows .com',
      'Wаnnа become famous? Buy fоllоwers, primes and viewers on bigfollows .com',
      'Wanna become famous?? Buy followers primes and viewers on bigfollows . com',
    ];
    for (let i = 0; i < texts.length; i++) await h.send(texts[i]!, { user: `seller${i}`, afterMs: 800 });
    expect(
      h
        .moderation()
        .slice(0, 4)
        .map((d) => d.filter),
    ).toEqual(['blocklist', 'blocklist', 'blocklist', 'blocklist']);
    const timedOut = new Set(
      h.actions
        .of('timeout')
        .filter((c) => c.seconds === 600)
        .map((c) => c.userId),
    );
    for (let i = 0; i < texts.length; i++) expect(timedOut.has(`u-seller${i}`)).toBe(true);
    expect(h.actions.settings.followerOnly).toBe(true);
    // Messages already deleted by the blocklist are not deleted twice
    const deletes = h.deleted();
    expect(new Set(deletes).size).toBe(deletes.length);
  });

  it('restores shielded chat settings after a crash in the middle (pending restore in the store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mod-shield-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const clock = new ManualClock(T0);
      const config = enforcing({ flood: { shield: { enabled: true, users: 5, durationSeconds: 60 } } });
      const first = moderationHarness({ config, storePath: path, clock });
      for (let i = 0; i < RAID_VARIANTS.length; i++) await first.send(RAID_VARIANTS[i]!, { user: `raider${i}`, afterMs: 500 });
      expect(first.actions.settings.followerOnly).toBe(true);
      first.store.close(); // crash: no module close, the timer dies with the process
      const second = harness({ config, storePath: path, clock: new ManualClock(clock.now() + 120_000) });
      second.actions.settings = { ...first.actions.settings };
      await second.send('salut tout le monde', { user: 'early' });
      await second.moderator.channelState('testchannel')!.shield.lastRestore;
      expect(second.actions.of('updateChatSettings')).toEqual([
        { kind: 'updateChatSettings', settings: { followerOnly: false, followerOnlyDelayMinutes: 0, uniqueChat: false } },
      ]);
      expect(second.actions.settings).toMatchObject({ followerOnly: false, uniqueChat: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the shield, deletes the earlier copies once the flood is detected and catches later ones', async () => {
    const h = harness({ config: enforcing() });
    const a = await h.send(RAID_VARIANTS[0]!, { user: 'a', afterMs: 500 });
    const b = await h.send(RAID_VARIANTS[1]!, { user: 'b', afterMs: 500 });
    expect(h.actions.calls).toHaveLength(0);
    const c = await h.send(RAID_VARIANTS[2]!, { user: 'c', afterMs: 500 });
    expect(c.moderated).toBe(true);
    expect(new Set(h.deleted())).toEqual(new Set([a.message.id, b.message.id, c.message.id]));
    const d = await h.send(RAID_VARIANTS[4]!, { user: 'd', afterMs: 60_000 });
    expect(d.moderated).toBe(true);
    expect(h.actions.of('updateChatSettings')).toHaveLength(0);
  });

  it('leaves the real emote waves and +1 floods of a live chat alone', async () => {
    const h = harness({ config: enforcing() });
    const lines = readFileSync(fixturePath('moderation', 'backseat-waves.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
    let prev = Date.parse(lines[0]!.split('\t')[0]!.replace(' ', 'T') + 'Z');
    let plusOnes = 0;
    let waves = 0;
    for (const [i, line] of lines.entries()) {
      const [time, , ...rest] = line.split('\t');
      const text = rest.join(' ');
      const t = Date.parse(time!.replace(' ', 'T') + 'Z');
      if (text.startsWith('+1')) plusOnes++;
      if (text.includes('ponceFLEUR')) waves++;
      // 40 distinct chatters, like a busy chat
      await h.send(text, { user: `chatter${i % 40}`, afterMs: Math.max(0, t - prev) + 10 });
      prev = t;
    }
    expect(plusOnes).toBeGreaterThan(20);
    expect(waves).toBeGreaterThan(40);
    expect(h.moderation()).toEqual([]);
    expect(h.actions.calls).toEqual([]);
  });

  it('does not count phrases on the channel allowlist', async () => {
    const h = harness({ config: enforcing({ flood: { allowlist: ['on veut la suite de la saison trois tout de suite'] } }) });
    for (let i = 0; i < 6; i++) await h.send('on veut la suite de la saison trois tout de suite !!', { user: `fan${i}`, afterMs: 500 });
    expect(h.moderation()).toHaveLength(0);
  });

  it('catches a short raid of first-time chatters, not the same short text from regulars', async () => {
    const h = harness({ config: enforcing() });
    const raid = [
      'follow me on insta @lola_xx',
      'fоllow me on insta @lola_xx',
      'follow me on insta @lola_xx !!',
      'FOLLOW ME ON INSTA @lola_xx',
      'follow me on insta @lola_xx',
    ];
    const sent: Awaited<ReturnType<typeof h.send>>[] = [];
    for (const [i, t] of raid.entries()) sent.push(await h.send(t, { user: `fresh${i}`, afterMs: 700, firstMessage: true }));
    expect(sent.slice(0, 3).map((s) => s.moderated)).toEqual([false, false, false]);
    expect(sent.slice(3).map((s) => s.moderated)).toEqual([true, true]);
    expect(new Set(h.deleted())).toEqual(new Set(sent.map((s) => s.message.id)));
    expect(h.moderation().find((d) => d.messageId === sent[3]!.message.id)!.reason).toMatch(/first-time chatters/);
    // One-shot accounts: deleted, no strike (a friendly raid's pasted message gets no warning either)
    expect(h.actions.of('warn')).toEqual([]);
    expect(h.moderation().every((d) => d.action === 'delete')).toBe(true);

    // Regulars pasting a short text are a running joke, not a flood
    const h2 = harness({ config: enforcing() });
    for (let i = 0; i < 8; i++) await h2.send('follow me on insta @lola_xx', { user: `regular${i}`, afterMs: 700 });
    expect(h2.moderation()).toEqual([]);
  });

  it('a newcomer stays one for a while, but newcomers joining regulars in a running joke are left alone', async () => {
    const h = harness({ config: enforcing() });
    // Fresh accounts whose first message was a greeting, then the short raid text
    for (let i = 0; i < 4; i++) await h.send('bonsoir', { user: `bot${i}`, afterMs: 300, firstMessage: true });
    const later: Awaited<ReturnType<typeof h.send>>[] = [];
    for (let i = 0; i < 4; i++) later.push(await h.send('lien en bio', { user: `bot${i}`, afterMs: 60_000 / 4 }));
    expect(later.at(-1)!.moderated).toBe(true);

    const joke = harness({ config: enforcing() });
    await joke.send("y'a pas la mer à Nantes", { user: 'regular', afterMs: 500 });
    for (let i = 0; i < 6; i++) await joke.send('y a pas la mer à Nantes', { user: `new${i}`, afterMs: 500, firstMessage: true });
    expect(joke.moderation()).toEqual([]);
  });

  it("leaves subscribers' hype copypasta alone by default", async () => {
    const hype = 'on est la pour toi ce soir la famille, la victoire est a nous';
    const h = harness({ config: enforcing() });
    for (let i = 0; i < 6; i++) await h.send(hype, { user: `sub${i}`, roles: ['subscriber'], afterMs: 500 });
    expect(h.moderation()).toEqual([]);
    const strict = harness({ config: enforcing({ flood: { exemptRoles: ['vip'] } }) });
    for (let i = 0; i < 6; i++) await strict.send(hype, { user: `sub${i}`, roles: ['subscriber'], afterMs: 500 });
    expect(strict.moderation().filter((d) => d.filter === 'flood').length).toBeGreaterThanOrEqual(3);
  });
});

describe('semantic blocklist', () => {
  it('deletes a homoglyph variant of a seeded spam example on its first message', async () => {
    const h = harness({ config: enforcing() });
    const r = await h.send('Bеst viеwеrs оn strеаmbоо .cоm', { user: 'bot1' }); // Cyrillic е/о/а
    expect(r.moderated).toBe(true);
    expect(h.deleted()).toEqual([r.message.id]);
    const d = h.moderation()[0]!;
    expect(d.filter).toBe('blocklist');
    expect(d.evidence[0]).toMatch(/^blocklist:\d+$/);
    const spaced = await h.send('W a n n a become famous? Buy followers, primes and viewers on bigfollows . com', { user: 'bot2' });
    expect(spaced.moderated).toBe(true);
    // Every letter spaced out, the domain too; digits for letters in the domain
    for (const [i, t] of ['B e s t  viewers on b i g f o l l o w s . c o m', 'best viewers on streamb00 .c0m'].entries()) {
      expect((await h.send(t, { user: `bot${3 + i}`, afterMs: 600_000 })).moderated).toBe(true);
    }
  });

  it('does not take praise for spam ("best viewers on twitch")', async () => {
    const h = harness({ config: enforcing() });
    for (const t of [
      'best viewers on twitch',
      'best viewers on twitch <3',
      'on a les meilleurs viewers',
      'gg pour les 1000 followers',
      'is this a giveaway?',
    ]) {
      const r = await h.send(t, { user: 'fan' + t.length });
      expect(r.moderated).toBe(false);
    }
  });
});

describe('exemptions, shared chat, dry-run, failures', () => {
  it('never acts on a moderator or the broadcaster', async () => {
    const h = harness({ config: enforcing() });
    for (let i = 0; i < 4; i++) await h.send('Best viewers on streamboo .com', { user: 'modo', roles: ['moderator'] });
    for (let i = 0; i < 4; i++) await h.send('HELLO EVERYONE THIS IS A VERY LOUD ANNOUNCEMENT FROM ME', { user: 'streamer', roles: ['broadcaster'] });
    expect(h.moderation()).toHaveLength(0);
    expect(h.actions.calls).toHaveLength(0);
  });

  it('exempts VIPs by default, subscribers only when configured', async () => {
    const h = harness({ config: enforcing({ exemptRoles: ['vip', 'subscriber'] }) });
    expect((await h.send('Best viewers on streamboo .com', { user: 'v', roles: ['vip'] })).moderated).toBe(false);
    expect((await h.send('Best viewers on streamboo .com', { user: 's', roles: ['subscriber'] })).moderated).toBe(false);
    const h2 = harness({ config: enforcing() });
    expect((await h2.send('Best viewers on streamboo .com', { user: 's', roles: ['subscriber'] })).moderated).toBe(true);
  });

  it('ignores shared-chat messages from another room', async () => {
    const h = harness({ config: enforcing() });
    const r = await h.send('Best viewers on streamboo .com', { user: 'guest', sourceChannelId: 'c-otherchannel' });
    expect(r.moderated).toBe(false);
    expect(h.actions.calls).toHaveLength(0);
  });

  it('dry-run (the default) decides and logs everything, enforces nothing, and says so once', async () => {
    const h = harness();
    const r = await h.send('Best viewers on streamboo .com', { user: 'spammer' });
    expect(r.moderated).toBe(true); // withheld from commands/FAQ/topics
    expect(h.actions.calls.filter((c) => c.kind !== 'say')).toHaveLength(0);
    expect(h.actions.of('say')).toHaveLength(1);
    expect(h.actions.of('say')[0]!.text).toMatch(/modmode enforce/);
    await h.send('Best viewers on bigfollows .com', { user: 'spammer2' });
    expect(h.actions.of('say')).toHaveLength(1);
    const d = h.moderation();
    expect(d).toHaveLength(2);
    expect(d.every((x) => !x.enforced && x.helixOk === undefined)).toBe(true);
    const rows = h.log();
    expect(rows).toHaveLength(2);
    expect(rows.every((x) => !x.enforced && x.helixOk === null && x.filter === 'blocklist')).toBe(true);
  });

  it('logs a failed Helix call and goes on', async () => {
    const h = harness({ config: enforcing() });
    h.actions.fail = { kinds: new Set(['deleteMessage', 'warn']), result: { ok: false, status: 403, error: 'bot is not a moderator' } };
    const r = await h.send('Best viewers on streamboo .com', { user: 'spammer' });
    expect(r.moderated).toBe(true);
    const d = h.moderation()[0]!;
    expect(d.enforced).toBe(true);
    expect(d.helixOk).toBe(false);
    const row = h.log()[0]!;
    expect(row.helixOk).toBe(false);
    expect(row.helixError).toContain('403 bot is not a moderator');
    // The pipeline keeps working
    h.actions.fail = undefined;
    const next = await h.send('Best viewers on bigfollows .com', { user: 'spammer3' });
    expect(next.moderated).toBe(true);
    expect(h.moderation()[1]!.helixOk).toBe(true);
  });

  it('runs the rule filters when the message has no vector (encoder overloaded)', async () => {
    const h = harness({ config: enforcing() });
    // Simulate overload: the encode stage leaves ctx.vector undefined
    const encode = h.encoder;
    const original = encode.encode.bind(encode);
    encode.encode = async () => {
      const e = new Error('overloaded');
      e.name = 'EncoderOverloadedError';
      throw e;
    };
    const r = await h.send('come to my stream at https://scam-stream.example.com/live now', { user: 'linker' });
    expect(r.moderated).toBe(true);
    expect(h.moderation()[0]!.filter).toBe('links');
    encode.encode = original;
  });

  it('survives hostile text', async () => {
    const h = harness({ config: enforcing() });
    const hostile = [
      'Z̸̡̛̛̤̪̗̘̩̜̳̞͉̪̟̲̫̙̭̍̿̈́̐̂̃̈́̀̈́̑̈́̋̆̈́͊̊̈́͋̓͘͘͝a̵̧̛̦̼̳̻̥̞̞̙̝̰̞̹̳̘̪̲̱̼̣̜̟͛̍̀̒̎͋̊̏̽̄̑͗̀̈́̓̿̓̓̓̍͘͝͝l̴̨̨̛̛̹̩̖̣̳̞̪̜̪̠̪̫̰͖͕̹͚̱̪̪̗̂̾̑̀͂͆̍̀̓̽̈̔̀̎̾̆͌͝g̴o̷',
      '\ud800\udc00\ud800 lone \udfff surrogates',
      '\u0000\u0007\u001b[31m control',
      'a'.repeat(500),
      '𝐁𝐞𝐬𝐭 𝐯𝐢𝐞𝐰𝐞𝐫𝐬 𝐨𝐧 𝐬𝐭𝐫𝐞𝐚𝐦𝐛𝐨𝐨 .𝐜𝐨𝐦',
      '',
      '   ',
    ];
    for (const t of hostile) await h.send(t, { user: 'troll' + t.length });
    const filters = h.moderation().map((d) => d.filter);
    expect(filters).toEqual(expect.arrayContaining(['zalgo', 'repeatedChars', 'blocklist']));
  });
});

describe('escalation persistence', () => {
  it('keeps strikes across a restart (same store file) and decays them after quiet time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mod-strikes-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const clock = new ManualClock(T0);
      const first = moderationHarness({ config: enforcing(), storePath: path, clock });
      await first.send('Best viewers on streamboo .com', { user: 'spammer' });
      expect(first.moderation()[0]!.action).toBe('warn');
      await first.close();

      const second = harness({ config: enforcing(), storePath: path, clock });
      await second.send('Best viewers on bigfollows .com', { user: 'spammer', afterMs: 60_000 });
      const d = second.moderation()[0]!;
      expect(d.action).toBe('timeout');
      expect(d.duration).toBe(60);
      // After three quiet hours (decay 60 min per strike), the ladder starts over
      await second.send('Best viewers on viewerboost .com', { user: 'spammer', afterMs: 3 * 3_600_000 + 1000 });
      expect(second.moderation()[1]!.action).toBe('warn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
