import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseChatText, detectFormat } from '../../src/replay/read-chat-file.js';
import { parseEmotes, parseTags } from '../../src/replay/irc-tags.js';
import { unescapeTagValue } from '../../src/sandbox/irc-line.js';
import { parseTime } from '../../src/replay/time.js';
import { assignSyntheticUsers } from '../../src/replay/synthetic-users.js';
import { fixturePath } from '../helpers/paths.js';

const fixture = (name: string): string => readFileSync(fixturePath('replay', name), 'utf8');

describe('TSV', () => {
  const r = parseChatText(fixture('chat.tsv'));

  test('is detected and reads time, user, user_id, roles and message', () => {
    expect(r.format).toBe('tsv');
    expect(r.records.map((m) => m.line)).toEqual([2, 3, 5, 8]);
    const [alice, bob, modo, carol] = r.records;
    expect(alice).toMatchObject({
      time: Date.UTC(2021, 10, 4, 19, 20, 1),
      user: 'alice_fr',
      displayName: 'Alice_FR',
      userId: '101',
      roles: ['subscriber'],
      text: 'bonsoir le chat !',
    });
    expect(bob!.roles).toEqual([]);
    expect(modo!.roles.sort()).toEqual(['moderator', 'vip']);
    // A tab inside the last column (message) is kept.
    expect(carol!.text).toBe('le nucléaire\tc est bien');
  });

  test('counts malformed lines with their line numbers and reasons', () => {
    expect(r.errors.map((e) => e.line)).toEqual([4, 6]);
    expect(r.errors[0]!.reason).toMatch(/columns/);
    expect(r.errors[1]!.reason).toMatch(/time/);
    expect(r.blank).toBe(1);
    expect(r.ignored).toBe(1); // the header
    expect(r.records.length + r.errors.length + r.blank + r.ignored).toBe(8);
  });

  test('a header without a message column is one clear error', () => {
    const bad = parseChatText('time\tuser\n2021-11-04 19:20:01\tbob\n', 'tsv');
    expect(bad.records).toHaveLength(0);
    expect(bad.errors[0]!.reason).toMatch(/no "message" column/);
  });

  test('the Backseat layout (time, reference_label, message; no user) parses every line', () => {
    const b = parseChatText(fixture('backseat-excerpt.tsv'));
    expect(b.format).toBe('tsv');
    expect(b.errors).toEqual([]);
    expect(b.records).toHaveLength(300);
    expect(b.records.every((m) => m.user === undefined)).toBe(true);
    expect(b.records[0]).toMatchObject({ line: 2, text: 'accroBonjour', time: Date.UTC(2021, 10, 4, 19, 17, 12) });
  });
});

describe('JSON Lines', () => {
  const r = parseChatText(fixture('chat.jsonl'));

  test('is detected; ISO, offset and epoch-ms times; message or text; roles as array or text', () => {
    expect(r.format).toBe('jsonl');
    expect(r.records.map((m) => m.line)).toEqual([1, 2, 4, 8]);
    const [alice, bob, modo, anon] = r.records;
    expect(alice).toMatchObject({ user: 'alice_fr', userId: '101', roles: ['subscriber'], time: Date.UTC(2021, 10, 4, 19, 20, 1) });
    expect(bob).toMatchObject({ text: 'c quoi la musique ?', time: 1636053603000 });
    expect(modo!.time).toBe(Date.UTC(2021, 10, 4, 19, 20, 9));
    expect(modo!.roles.sort()).toEqual(['moderator', 'vip']);
    expect(anon).toMatchObject({ text: 'sans auteur', time: Date.UTC(2021, 10, 4, 19, 20, 15, 250) });
    expect(anon!.user).toBeUndefined();
  });

  test('counts broken JSON, non-objects and bad times', () => {
    expect(r.errors.map((e) => e.line)).toEqual([3, 5, 6]);
    expect(r.errors[0]!.reason).toMatch(/invalid JSON/);
    expect(r.errors[1]!.reason).toMatch(/not a JSON object/);
    expect(r.errors[2]!.reason).toMatch(/time/);
    expect(r.blank).toBe(1);
  });
});

describe('Twitch IRC', () => {
  const r = parseChatText(fixture('chat.irc'));

  test('is detected; tags, badges, ids, times and /me are read', () => {
    expect(r.format).toBe('irc');
    expect(r.records.map((m) => m.line)).toEqual([1, 3, 5, 6, 8]);
    const [alice, bob, modo, owner, dave] = r.records;
    expect(alice).toMatchObject({
      user: 'alice_fr',
      displayName: 'Alice_FR',
      userId: '101',
      id: 'aaa-1',
      channel: 'backseat',
      channelId: '500',
      time: 1636053601000,
      roles: ['subscriber'],
    });
    expect(bob!.emotes).toEqual([{ id: '25', start: 0, end: 5, name: 'Kappa' }]);
    // Escaped tag values: "\s" is a space, "\:" a semicolon.
    expect(modo).toMatchObject({ displayName: 'Modo Du;Chat', roles: ['moderator'] });
    // The room owner is broadcaster; shared-chat source room; CTCP ACTION unwrapped; code-point emote offsets.
    expect(owner!.roles).toContain('broadcaster');
    expect(owner).toMatchObject({ sourceChannelId: '777', firstMessage: true, text: '🎉 ponceJAM salut' });
    expect(owner!.emotes).toEqual([{ id: 'emotesv2_abc', start: 3, end: 11, name: 'ponceJAM' }]);
    // No tags: login from the prefix, time of the previous message.
    expect(dave).toMatchObject({ user: 'dave', text: 'no tags at all', time: 1636053612000, roles: [] });
  });

  test('PING is ignored, garbage and bad tmi-sent-ts are errors with line numbers', () => {
    expect(r.ignored).toBe(1);
    expect(r.errors.map((e) => e.line)).toEqual([4, 7]);
    expect(r.errors[1]!.reason).toMatch(/tmi-sent-ts/);
  });

  test('tag unescaping follows IRCv3', () => {
    expect(unescapeTagValue('a\\sb\\:c\\\\d\\ne\\')).toBe('a b;c\\d\ne');
    expect(parseTags('a=1;b;c=x\\sy').get('c')).toBe('x y');
    expect(parseTags('a=1;b;c=x\\sy').get('b')).toBe('');
    expect(parseEmotes('1:0-1,99-120', 'hé')).toEqual([{ id: '1', start: 0, end: 2, name: 'hé' }]);
  });
});

describe('hostile input never throws', () => {
  const nasty = [
    'Z̸̢̛̤̗͎̈́a̷l̶g̴o̵ '.repeat(30),
    '\u0000\u0007\u001b[31m',
    '\ud800 lone surrogate \udfff',
    'ｆｕｌｌｗｉｄｔｈ ' + 'x'.repeat(600),
    '@' + ';'.repeat(100) + ' :a PRIVMSG #c :' + '\u202e'.repeat(50),
  ];
  test.each(['tsv', 'jsonl', 'irc'] as const)('%s', (format) => {
    const text = nasty
      .map((n, i) =>
        format === 'tsv'
          ? (i === 0 ? 'time\tmessage\n' : '') + `2021-11-04 19:20:0${i}\t${n}`
          : format === 'jsonl'
            ? JSON.stringify({ time: i, message: n })
            : n,
      )
      .join('\n');
    const r = parseChatText(text, format);
    expect(r.records.length + r.errors.length + r.blank + r.ignored).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  test('times: naive is UTC, zones applied, epoch seconds and ms, impossible dates rejected', () => {
    expect(parseTime('2021-11-04 19:17:12')).toBe(Date.UTC(2021, 10, 4, 19, 17, 12));
    expect(parseTime('2021-11-04T20:17:12+01:00')).toBe(Date.UTC(2021, 10, 4, 19, 17, 12));
    expect(parseTime(1636053432)).toBe(1636053432000);
    expect(parseTime('1636053432000')).toBe(1636053432000);
    expect(parseTime('2021-02-30 10:00:00')).toBeUndefined();
    expect(parseTime('hier soir')).toBeUndefined();
    expect(parseTime(null)).toBeUndefined();
  });

  test('format detection from content, then extension', () => {
    expect(detectFormat('{"time":1}')).toBe('jsonl');
    expect(detectFormat(':tmi.twitch.tv PING')).toBe('irc');
    expect(detectFormat('time\tmessage')).toBe('tsv');
    expect(detectFormat('???', 'x.jsonl')).toBe('jsonl');
    expect(detectFormat('???', 'x.txt')).toBeUndefined();
    expect(() => parseChatText('???')).toThrow(/--format/);
  });

  test('synthetic users: deterministic, skewed, only for records without a user', () => {
    const make = () => parseChatText(fixture('backseat-excerpt.tsv')).records;
    const a = make();
    const b = make();
    a[0]!.user = 'real_user';
    const info = assignSyntheticUsers(a)!;
    assignSyntheticUsers(b);
    expect(a[0]!.user).toBe('real_user');
    expect(info.messages).toBe(299);
    expect(a.slice(1).map((r) => r.user)).toEqual(b.slice(1).map((r) => r.user));
    const counts = new Map<string, number>();
    for (const r of a.slice(1)) counts.set(r.user!, (counts.get(r.user!) ?? 0) + 1);
    const sorted = [...counts.values()].sort((x, y) => y - x);
    // A few regulars write much of the chat, the typical chatter a message or two.
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(sorted[0]!).toBeGreaterThanOrEqual(4 * median);
    expect(counts.size).toBeGreaterThan(20);
    expect(info.description).toMatch(/synthetic/);
    expect(assignSyntheticUsers(a)).toBeUndefined();
  });
});
