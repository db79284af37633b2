import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/chat/clock.js';
import { toCsv, type LogRow } from '../../src/dashboard/pages/moderation.js';
import { matchPath } from '../../src/dashboard/routes.js';
import { Sessions, cookie, parseCookies, sameSecret } from '../../src/dashboard/sessions.js';

const row = (over: Partial<LogRow>): LogRow => ({
  time: Date.UTC(2026, 0, 2, 3, 4, 5),
  actor: 'bot',
  source: 'bot',
  user: 'someone',
  filter: 'repeat',
  action: 'timeout',
  duration: 60,
  score: 0.9,
  enforced: false,
  helix: null,
  reason: 'Auto-mod: repeated message',
  text: 'hello',
  evidence: [],
  logId: 7,
  lifted: false,
  ...over,
});

describe('CSV export', () => {
  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', () => {
    const csv = toCsv([
      row({
        text: 'a, "quoted"\nline',
        reason: '=HYPERLINK("http://evil")',
        evidence: [
          { id: 'x', text: 'one' },
          { id: 'y', text: '+two' },
        ],
      }),
    ]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe('time,actor,source,user,filter,action,duration,score,enforced,helix,reason,text,evidence,logId');
    expect(line).toBe(
      `2026-01-02T03:04:05.000Z,bot,bot,someone,repeat,timeout,60,0.9,false,,"'=HYPERLINK(""http://evil"")","a, ""quoted""\nline",one | +two,7`,
    );
  });
});

describe('route paths', () => {
  it('matches :params and nothing else', () => {
    expect(matchPath('entries/:id', 'entries/music')).toEqual({ id: 'music' });
    expect(matchPath('entries/:id', 'entries/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('', '')).toEqual({});
    expect(matchPath('entries/:id', 'entries')).toBeUndefined();
    expect(matchPath('entries/:id', 'other/music')).toBeUndefined();
    expect(matchPath('entries/:id', 'entries/%E0%A4%A')).toBeUndefined();
  });
});

describe('sessions', () => {
  it('expire, and compare secrets in constant time', () => {
    const clock = new ManualClock(1000);
    const sessions = new Sessions(clock, 60_000);
    const s = sessions.create({ login: 'mod', userId: '1', via: 'twitch', channels: ['c'] });
    expect(s.id).not.toBe(s.csrf);
    expect(sessions.get(s.id)).toBe(s);
    clock.advanceTo(1000 + 60_000);
    expect(sessions.get(s.id)).toBeUndefined();
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret(undefined, 'abc')).toBe(false);
  });

  it('reads and writes cookies', () => {
    expect(parseCookies('a=1; dash_session=x%20y; broken=%E0%A4%A')).toEqual(
      new Map([
        ['a', '1'],
        ['dash_session', 'x y'],
      ]),
    );
    expect(cookie('n', 'v', { secure: true, maxAgeSeconds: 10 })).toBe('n=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=10; Secure');
    expect(cookie('n', 'v', { secure: false })).toBe('n=v; Path=/; HttpOnly; SameSite=Lax');
  });
});
