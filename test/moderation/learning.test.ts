// Learning from moderators: messages other moderators remove (and the bot's own !nuke) are offered
// as blocklist examples, `!spam add` confirms, and reworded copies are caught on their first post.
// !nuke ranks the window by the calibrated similarity.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ModerationDecision } from '../../src/chat/decisions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { rankForNuke } from '../../src/moderation/nuke.js';
import type { WindowMessage } from '../../src/moderation/windows.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { enforcing, harnessPerTest } from './harness.js';

const mod = { user: 'modo', roles: ['moderator' as const] };
const harness = harnessPerTest();

describe('!nuke ranks by similarity', () => {
  const h = new HashEncoder();
  const msg = (id: string, text: string): WindowMessage => ({ id, userId: id, login: id, text, time: 0, vector: h.encodeOne(text), exempt: false });

  it('puts the message closest to the phrase first, a message containing it at the top', () => {
    const messages = [
      msg('a', 'what a goal, incredible'),
      msg('b', 'wanna become famous? buy followers and viewers on bigfollows'),
      msg('c', 'buy followers on bigfollows'),
      msg('d', 'f r e e f o l l o w e r s click my profile'),
    ];
    const ranked = rankForNuke(messages, 'buy followers bigfollows', h.encodeOne('buy followers bigfollows'));
    expect(ranked.map((r) => r.message.id).slice(0, 2)).toEqual(['c', 'b']);
    expect(ranked[ranked.length - 1]!.message.id).toBe('a');
    // Spaced spelling folded before the containment check
    const spaced = rankForNuke(messages, 'free followers', h.encodeOne('free followers'));
    expect(spaced[0]).toMatchObject({ message: { id: 'd' }, score: 1 });
  });

  it('hits the closest message even below the nuke threshold, when the blocklist would call it spam', async () => {
    const hh = harness({ config: enforcing({}, { language: 'en' }) });
    const spam = await hh.send('wanna become famous? buy cheap followers primes and viewers for your stream on bigfollows', { user: 'spammer' });
    const other = await hh.send('the stream is great today, love the music', { user: 'viewer' });
    await hh.send('!nuke buy followers and viewers bigfollows', mod);
    const deleted = new Set(hh.deleted());
    expect(deleted.has(spam.message.id)).toBe(true);
    expect(deleted.has(other.message.id)).toBe(false);
    // The nuked message is offered as a blocklist example: !spam add confirms it
    await hh.send('!spam add', mod);
    const replies = hh.actions.calls.filter((c) => c.kind === 'reply' || c.kind === 'say');
    expect(replies[replies.length - 1]).toMatchObject({ text: expect.stringMatching(/^Example #\d+ added \(message removed by modo\): "wanna become famous/) });
  });

  it('!spam add with no offer says what to do', async () => {
    const hh = harness({ config: enforcing({}, { language: 'en' }) });
    await hh.send('!spam add', mod);
    const replies = hh.actions.calls.filter((c) => c.kind === 'reply' || c.kind === 'say');
    expect(replies[replies.length - 1]).toMatchObject({ text: expect.stringMatching(/no message removed by a moderator.*!spam add <spam example>/) });
  });
});

describe('learning from moderators through the sandbox', () => {
  let local: LocalApp;
  beforeAll(async () => {
    local = await startLocalApp({ channel: channelConfigSchema.parse({ language: 'en' }), sandbox: { channels: ['learnchan'] } });
  });
  afterAll(async () => {
    await local?.close();
  });

  const blocklistHits = (id: string): ModerationDecision[] =>
    local.decisions.filter((d): d is ModerationDecision => d.kind === 'moderation' && d.filter === 'blocklist' && d.messageId === id);

  it('a message a moderator deleted becomes an example once a moderator confirms, and catches rewordings', async () => {
    const text = 'I sell real chatters and lurkers for small streamers, message me on telegram @growbot';
    const first = await local.send({ login: 'seller1', text });
    expect(blocklistHits(first.message.id)).toHaveLength(0);
    local.sandbox.moderate({ by: 'humanmod', action: 'delete', messageId: first.message.id });
    // The offer is there once the event went through: list it
    let offers = '';
    for (let i = 0; i < 50 && !offers.includes('a moderator'); i++)
      offers = (await local.replyTo({ login: 'modo', roles: ['moderator'], text: '!spam offers' })).text;
    expect(offers).toMatch(/a moderator: I sell real chatters/);
    const added = await local.replyTo({ login: 'modo', roles: ['moderator'], text: '!spam add' });
    expect(added.text).toMatch(/Example #\d+ added \(message removed by a moderator\)/);
    // A reworded copy from another account, on its first post
    const variant = await local.send({ login: 'seller2', text: 'selling real chatters + lurkers for small streamers, msg me on telegram @growbot2' });
    expect(blocklistHits(variant.message.id)).toHaveLength(1);
    // Ordinary chat is left alone
    const chat = await local.send({ login: 'viewer9', text: 'small streamers deserve more love honestly' });
    expect(local.decisions.some((d) => d.kind === 'moderation' && d.messageId === chat.message.id)).toBe(false);
  });

  it('a timeout offers the last message of the user', async () => {
    await local.send({ login: 'seller3', text: 'cheap nitro and skins giveaway, log in on my site to claim' });
    local.sandbox.moderate({ by: 'humanmod', action: 'timeout', login: 'seller3', durationSeconds: 600 });
    let offers = '';
    for (let i = 0; i < 50 && !offers.includes('nitro'); i++)
      offers = (await local.replyTo({ login: 'modo', roles: ['moderator'], text: '!spam offers' })).text;
    expect(offers).toMatch(/cheap nitro and skins giveaway/);
  });
});
