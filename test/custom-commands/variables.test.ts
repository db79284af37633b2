import { describe, expect, it } from '@jest/globals';
import { expandTemplate, neutralizeCommand, startsAsCommand, type TemplateInput } from '../../src/custom-commands/variables.js';
import { parseOptions } from '../../src/custom-commands/options.js';
import { mulberry32 } from '../../src/util/random.js';

function input(over: Partial<TemplateInput> = {}): TemplateInput {
  let uses = 41;
  return {
    user: 'Alice',
    args: [],
    rest: '',
    channel: 'chan',
    count: () => ++uses,
    stream: async () => ({ live: true, startedAt: 0, game: 'Chess', title: 'Road to 2000' }),
    now: (2 * 60 + 5) * 60_000,
    random: mulberry32(3),
    words: { offline: 'offline', unknown: 'unknown', uptime: (h, m) => `${h}h ${m}m` },
    ...over,
  };
}

describe('expandTemplate', () => {
  it('fills the Nightbot/StreamElements variables', async () => {
    const out = await expandTemplate(
      'Hi ${user} -> ${touser}! #${count} $(game) / ${title} up ${uptime} [${1}|${2:}] ${channel}',
      input({ args: ['@Bob', 'x', 'y'], rest: '@Bob x y' }),
    );
    expect(out).toBe('Hi Alice -> Bob! #42 Chess / Road to 2000 up 2h 5m [@Bob|x y] chan');
  });

  it('uses the caller for ${touser} without argument, and says offline/unknown', async () => {
    expect(await expandTemplate('${touser} ${uptime}', input({ stream: async () => ({ live: false }) }))).toBe('Alice offline');
    expect(await expandTemplate('${game} ${uptime}', input({ stream: async () => null }))).toBe('unknown unknown');
  });

  it('asks for the stream and the count only when used', async () => {
    let asked = 0;
    let counted = 0;
    await expandTemplate('hello ${user}', input({ stream: async () => (asked++, null), count: () => ++counted }));
    expect([asked, counted]).toEqual([0, 0]);
    await expandTemplate('${count} ${count}', input({ count: () => ++counted }));
    expect(counted).toBe(1);
  });

  it('picks ${random} choices and ranges from the injected source', async () => {
    const seen = new Set<string>();
    const random = mulberry32(9);
    for (let i = 0; i < 60; i++) seen.add(await expandTemplate('${random a|b|c}', input({ random })));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < 30; i++) {
      const n = Number(await expandTemplate('${random 5-7}', input({ random })));
      expect(n >= 5 && n <= 7).toBe(true);
    }
    expect(['x y', 'z']).toContain(await expandTemplate("${random.pick 'x y' 'z'}", input({ random })));
  });

  it('never expands text that came from arguments, and never starts with / or .', async () => {
    expect(await expandTemplate('${args}', input({ rest: '${count} $(user)' }))).toBe('${count} $(user)');
    expect(await expandTemplate('${args}', input({ rest: '.ban victim' }))).toBe('ban victim');
    expect(await expandTemplate('${1:}', input({ args: ['/ban', 'victim'] }))).toBe('ban victim');
    expect(await expandTemplate(' ${args}', input({ rest: ' \u200b/timeout victim 60' }))).toBe('timeout victim 60');
    expect(await expandTemplate('${random /ban a|/ban a}', input())).toBe('ban a');
  });

  it('leaves unknown variables as typed', async () => {
    expect(await expandTemplate('${nope} $(urlfetch http://x)', input())).toBe('${nope} $(urlfetch http://x)');
  });
});

describe('response checks', () => {
  it('spots responses that start as Twitch commands', () => {
    expect(startsAsCommand('/ban someone')).toBe(true);
    expect(startsAsCommand(' .timeout x')).toBe(true);
    expect(startsAsCommand('\u200b/ban x')).toBe(true);
    expect(startsAsCommand('Join us: discord.gg/x')).toBe(false);
    expect(neutralizeCommand('../ban x')).toBe('ban x');
  });

  it('parses Nightbot options before the response', () => {
    expect(parseOptions(['-ul=mod', '-cd=30', '-ucd=60', '-a=!dc,disc', 'Join', 'us'], '!')).toEqual({
      options: { permission: 'moderator', globalCooldownSeconds: 30, userCooldownSeconds: 60, aliases: ['dc', 'disc'] },
      rest: ['Join', 'us'],
    });
    expect(parseOptions(['-ul=king', 'x'], '!').error).toBe('-ul=king');
    expect(parseOptions(['-cd=-3', 'x'], '!').error).toBe('-cd=-3');
  });
});
