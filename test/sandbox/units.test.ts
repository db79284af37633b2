import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/chat/clock.js';
import { silentLogger } from '../../src/chat/logger.js';
import { BackgroundChat, parseExcerpt } from '../../src/sandbox/background-chat.js';
import { DEFAULT_EMOTES, emotesTag, findEmotes } from '../../src/sandbox/emote-offsets.js';
import type { SandboxEvent } from '../../src/sandbox/events.js';
import { FaultQueue } from '../../src/sandbox/faults.js';
import { ChatRejectedError, SandboxHub, type SendAsInput } from '../../src/sandbox/hub.js';
import { escapeTagValue, formatIrcLine, parseIrcLine, unescapeTagValue } from '../../src/sandbox/irc-line.js';
import { privmsgLine } from '../../src/sandbox/irc-server.js';
import { describeCall } from '../../src/sandbox/page-server.js';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../helpers/paths.js';

function hub(clock = new ManualClock(1_700_000_000_000)) {
  const h = new SandboxHub({
    clock,
    log: silentLogger,
    emotes: DEFAULT_EMOTES,
    bot: { login: 'semanticbot', displayName: 'SemanticBot' },
    botIsModerator: true,
    historySize: 5,
  });
  const events: SandboxEvent[] = [];
  h.events.add((e) => events.push(e));
  const send = (input: SendAsInput) => h.postAsViewer(input, 'sandbox', 'api');
  return { h, clock, events, send };
}

function rejection(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChatRejectedError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('IRC lines', () => {
  test('tag values round-trip through escaping', () => {
    const value = 'a;b c\\d\r\ne';
    expect(escapeTagValue(value)).toBe('a\\:b\\sc\\\\d\\r\\ne');
    expect(unescapeTagValue(escapeTagValue(value))).toBe(value);
    expect(unescapeTagValue('trailing\\')).toBe('trailing');
  });

  test('parse and format Twitch lines', () => {
    const line = parseIrcLine('@badge-info=;badges=moderator/1;display-name=Bob\\sB :bob!bob@bob.tmi.twitch.tv PRIVMSG #chan :hello : world');
    expect(line).toEqual({
      tags: new Map([
        ['badge-info', ''],
        ['badges', 'moderator/1'],
        ['display-name', 'Bob B'],
      ]),
      prefix: 'bob!bob@bob.tmi.twitch.tv',
      command: 'PRIVMSG',
      params: ['#chan', 'hello : world'],
    });
    expect(parseIrcLine('PING :tmi.twitch.tv')).toEqual({ tags: new Map(), command: 'PING', params: ['tmi.twitch.tv'] });
    expect(parseIrcLine('')).toBeNull();
    expect(parseIrcLine('@onlytags')).toBeNull();
    expect(formatIrcLine({ prefix: 'tmi.twitch.tv', command: 'CAP', params: ['*', 'ACK', 'a b'] })).toBe(':tmi.twitch.tv CAP * ACK :a b');
    expect(formatIrcLine({ command: 'PRIVMSG', params: ['#c', 'x\r\nQUIT'] }, true)).toBe('PRIVMSG #c :x  QUIT');
  });
});

describe('emotes', () => {
  test('whole words only, offsets in code points with inclusive ends', () => {
    const ranges = findEmotes('🎉 Kappa Kappa123 LUL Kappa', DEFAULT_EMOTES);
    expect(ranges.map((r) => [r.name, r.start, r.end])).toEqual([
      ['Kappa', 2, 6],
      ['LUL', 17, 19],
      ['Kappa', 21, 25],
    ]);
    expect(emotesTag(ranges)).toBe('25:2-6,21-25/425618:17-19');
    expect(findEmotes('', DEFAULT_EMOTES)).toEqual([]);
  });
});

describe('chat rules and state', () => {
  test('slow mode, subscribers-only, duplicates and unique chat follow Twitch; moderators are exempt', () => {
    const { h, clock, send } = hub();
    const channel = h.channel('sandbox');
    h.updateSettings(channel, { slow: true, slowDelaySeconds: 10 }, 'semanticbot');
    send({ login: 'a', text: 'un' });
    expect(rejection(() => send({ login: 'a', text: 'deux' }))).toBe('msg_slowmode');
    expect(rejection(() => send({ login: 'v', roles: ['vip'], text: 'un' }))).toBeUndefined();
    expect(rejection(() => send({ login: 'v', roles: ['vip'], text: 'deux' }))).toBeUndefined();
    clock.advanceTo(clock.now() + 10_000);
    expect(rejection(() => send({ login: 'a', text: 'deux' }))).toBeUndefined();
    h.updateSettings(channel, { slow: false, subscriberOnly: true }, 'semanticbot');
    expect(rejection(() => send({ login: 'b', text: 'salut' }))).toBe('msg_subsonly');
    expect(rejection(() => send({ login: 'c', roles: ['subscriber'], text: 'salut' }))).toBeUndefined();
    h.updateSettings(channel, { subscriberOnly: false, uniqueChat: true }, 'semanticbot');
    expect(rejection(() => send({ login: 'd', text: 'SALUT' }))).toBe('msg_r9k');
    expect(rejection(() => send({ login: 'm', roles: ['moderator'], text: 'salut' }))).toBeUndefined();
    h.updateSettings(channel, { uniqueChat: false }, 'semanticbot');
    send({ login: 'e', text: 'pareil' });
    expect(rejection(() => send({ login: 'e', text: 'pareil' }))).toBe('msg_duplicate');
    clock.advanceTo(clock.now() + 30_000);
    expect(rejection(() => send({ login: 'e', text: 'pareil' }))).toBeUndefined();
  });

  test('timeouts expire on the clock; bans do not; banning hides earlier messages', () => {
    const { h, clock, send, events } = hub();
    const channel = h.channel('sandbox');
    const first = send({ login: 'x', text: 'spam' });
    const user = h.users.getByLogin('x')!;
    h.banUser(channel, user, 60, 'spam', 'semanticbot');
    expect(first.deleted).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'clear-user', durationSeconds: 60, reason: 'spam' });
    expect(rejection(() => send({ login: 'x', text: 'encore' }))).toBe('msg_timedout');
    clock.advanceTo(clock.now() + 60_000);
    expect(rejection(() => send({ login: 'x', text: 'encore' }))).toBeUndefined();
    h.banUser(channel, user, null, 'spam', 'semanticbot');
    clock.advanceTo(clock.now() + 86_400_000);
    expect(rejection(() => send({ login: 'x', text: 'toujours' }))).toBe('msg_banned');
  });

  test('non-moderator chat delay holds messages on the clock; a message deleted meanwhile never shows', () => {
    const { h, clock, send, events } = hub();
    h.updateSettings(h.channel('sandbox'), { nonModeratorChatDelay: true, nonModeratorChatDelaySeconds: 4 }, 'semanticbot');
    const held = send({ login: 'late', text: 'retardé' });
    const dropped = send({ login: 'late2', text: 'supprimé' });
    dropped.deleted = true;
    send({ login: 'mod', roles: ['moderator'], text: 'direct' });
    const shown = () => events.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? e.message.text : ''));
    expect(shown()).toEqual(['direct']);
    clock.advanceTo(clock.now() + 4_000);
    expect(shown()).toEqual(['direct', 'retardé']);
    expect(h.findMessage(held.id)).toBe(held);
  });

  test('the actions panel names what was deleted, marking a cut quote with an ellipsis', () => {
    const { h, send } = hub();
    const long = send({ login: 'spammer', text: 'ACHETEZ des followers pas chers sur bestfollows point com !!!' });
    const short = send({ login: 'spammer', text: 'court' });
    const del = (id: string) =>
      describeCall({ method: 'DELETE', path: 'moderation/chat', query: { message_id: id }, status: 204, injected: false, time: 0 }, h);
    expect(del(short.id)).toBe(`delete spammer's message "court"`);
    expect(del(long.id)).toMatch(/^delete spammer's message "ACHETEZ des followers .*…"$/);
    expect(del(long.id)).not.toBe(del(send({ login: 'spammer', text: 'ACHETEZ des followers pas chers sur bestfollows point com !!' }).id));
  });

  test('history is capped, replies carry their parent, hostile input is neutralised', () => {
    const { h, send } = hub();
    const parent = send({ login: 'p', text: 'question ?' });
    const reply = send({ login: 'q', text: 'réponse', replyTo: parent.id });
    expect(reply.replyParent).toMatchObject({ id: parent.id, login: 'p', text: 'question ?' });
    for (let i = 0; i < 6; i++) send({ login: 'filler', text: `msg ${i}` });
    expect(h.channel('sandbox').messages.size).toBe(5);
    expect(h.findMessage(parent.id)).toBeUndefined();

    const flood = send({ login: 'z', displayName: 'Z\u200b\u0000ed\n', text: 'a\r\nb\0' + 'x'.repeat(700) });
    expect(flood.text.startsWith('a b')).toBe(true);
    expect(Array.from(flood.text).length).toBe(500);
    expect(flood.user.displayName).toBe('Z ed');
    const line = formatIrcLine(privmsgLine(flood), true);
    expect(line.split('\r\n')).toHaveLength(1);
    expect(rejection(() => send({ login: 'z', text: ' \r\n ' }))).toBe('msg_empty');
    expect(() => send({ login: 'bad login!', text: 'x' })).toThrow(/Invalid login/);
  });
});

describe('fault queue', () => {
  test('matches by path, method + path, RegExp or function, and counts down', () => {
    const q = new FaultQueue();
    q.add('POST moderation/bans', 500, 2, {});
    q.add(/chat\/settings/, 429, 1, { retryAfterSeconds: 2 });
    expect(q.take({ method: 'DELETE', path: 'moderation/bans' })).toBeUndefined();
    expect(q.take({ method: 'POST', path: 'moderation/bans' })?.status).toBe(500);
    expect(q.take({ method: 'POST', path: 'moderation/bans' })?.status).toBe(500);
    expect(q.take({ method: 'POST', path: 'moderation/bans' })).toBeUndefined();
    expect(q.take({ method: 'PATCH', path: 'chat/settings' })).toEqual({ status: 429, options: { retryAfterSeconds: 2 } });
    expect(q.pending).toBe(0);
    expect(() => q.add('x', 500, 0, {})).toThrow(/count/);
  });
});

describe('background chat', () => {
  test('parses the excerpt and plays it on the clock from synthetic viewers', () => {
    const tsv = readFileSync(fixturePath('sandbox', 'excerpt.tsv'), 'utf8');
    expect(parseExcerpt(tsv).map((l) => l.offset)).toEqual([0, 2, 30, 31]);
    expect(() => parseExcerpt('a\tb\n')).toThrow(/time.*message/);

    const { h, clock } = hub();
    const sent: SendAsInput[] = [];
    const bg = new BackgroundChat(
      clock,
      (input) => {
        sent.push(input);
        h.postAsViewer(input, 'sandbox', 'background');
      },
      silentLogger,
      fixturePath('sandbox', 'excerpt.tsv'),
      { maxGapSeconds: 4 },
    );
    bg.start();
    expect(bg.running).toBe(true);
    clock.advanceTo(clock.now() + 500);
    expect(sent.map((s) => s.text)).toEqual(['Bonsoir !']);
    clock.advanceTo(clock.now() + 2_000 + 4_000 + 1_000);
    expect(sent.map((s) => s.text)).toEqual(['Bonsoir !', 'ponceJAM ponceJAM', 'c est quoi le principe de l emission ?', '+1']);
    expect(sent.every((s) => /^[a-z0-9_]+$/.test(s.login))).toBe(true);
    bg.stop();
    clock.advanceTo(clock.now() + 60_000);
    expect(sent).toHaveLength(4);
  });
});
