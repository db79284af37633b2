import { describe, expect, it } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { Decision } from '../../src/chat/decisions.js';
import type { ChatMessage, Role } from '../../src/chat/message.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import type { Command } from '../../src/commands/command.js';
import { parseCommand } from '../../src/commands/router.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { makeMessage } from '../helpers/context.js';

function setup(commands: Command[], config: unknown = {}) {
  const clock = new ManualClock(1_000_000);
  const bot = new Bot({ clock, commands, defaultConfig: channelConfigSchema.parse(config) });
  const decisions: Decision[] = [];
  bot.onDecision((d) => decisions.push(d));
  const actions = new RecordingActions();
  const send = (text: string, opts: { user?: string; roles?: Role[]; displayName?: string; time?: number } = {}) => {
    const m: ChatMessage = makeMessage(text, { user: opts.user, roles: opts.roles, time: opts.time });
    if (opts.displayName) m.user.displayName = opts.displayName;
    return bot.handle(m, actions);
  };
  return { bot, clock, decisions, actions, send };
}

const ping = (ran: string[]): Command => ({
  name: 'ping',
  aliases: ['p'],
  description: 'pong',
  cooldown: { globalSeconds: 10, userSeconds: 30 },
  async run(ctx) {
    ran.push(`ping:${ctx.user.login}`);
    await ctx.reply('pong');
  },
});

const modOnly = (ran: string[]): Command => ({
  name: 'clearspam',
  description: 'mods only',
  permission: 'moderator',
  cooldown: { globalSeconds: 0, userSeconds: 0 },
  run(ctx) {
    ran.push(`clearspam:${ctx.user.login}`);
  },
});

describe('parseCommand', () => {
  it('splits name and arguments with the prefix', () => {
    expect(parseCommand('  !Topic  foo   bar ', '!')).toEqual({ name: 'topic', args: { invokedAs: 'topic', list: ['foo', 'bar'], rest: 'foo   bar' } });
    expect(parseCommand('?faq', '?')?.name).toBe('faq');
    expect(parseCommand('hello !ping', '!')).toBeNull();
    expect(parseCommand('!', '!')).toBeNull();
    expect(parseCommand('! ping', '!')).toBeNull();
    // Chatterino/7TV append U+E0000 to repeat a message; it is not an argument.
    expect(parseCommand('!ping \u{E0000}', '!')).toEqual({ name: 'ping', args: { invokedAs: 'ping', list: [], rest: '' } });
  });
});

describe('CommandRouter', () => {
  it('runs a command by name or alias and records a command decision with the response', async () => {
    const ran: string[] = [];
    const t = setup([ping(ran)]);
    await t.send('!ping');
    t.clock.advanceTo(1_000_000 + 10_000);
    await t.send('!P', { user: 'other' });
    expect(ran).toEqual(['ping:viewer', 'ping:other']);
    expect(t.actions.of('reply').map((c) => c.text)).toEqual(['pong', 'pong']);
    const cmd = t.decisions.filter((d) => d.kind === 'command');
    expect(cmd).toHaveLength(2);
    expect(cmd[0]).toMatchObject({ kind: 'command', command: 'ping', userLogin: 'viewer', response: 'pong', time: 1_000_000 });
    expect(cmd[1]).toMatchObject({ command: 'ping', userLogin: 'other', time: 1_010_000 });
  });

  it('refuses a moderator command to a viewer whose display name is "Moderator"', async () => {
    const ran: string[] = [];
    const t = setup([modOnly(ran)]);
    await t.send('!clearspam', { user: 'sneaky', displayName: 'Moderator' });
    expect(ran).toEqual([]);
    expect(t.decisions).toEqual([]);
    // Short denial reply (French by default), once per user cooldown.
    expect(t.actions.of('reply')).toHaveLength(1);
    expect(t.actions.of('reply')[0]!.text).toMatch(/réservée aux modérateurs/);
    await t.send('!clearspam', { user: 'sneaky', displayName: 'Moderator' });
    expect(t.actions.of('reply')).toHaveLength(1);
    // A real moderator (badge) and the broadcaster may.
    await t.send('!clearspam', { user: 'mod1', roles: ['moderator'] });
    await t.send('!clearspam', { user: 'owner', roles: ['broadcaster'] });
    expect(ran).toEqual(['clearspam:mod1', 'clearspam:owner']);
  });

  it('orders permission levels everyone < subscriber < vip < moderator < broadcaster', async () => {
    const ran: string[] = [];
    const vipCmd: Command = {
      name: 'vipcmd',
      description: 'x',
      permission: 'vip',
      cooldown: { globalSeconds: 0, userSeconds: 0 },
      run: (ctx) => void ran.push(ctx.user.login),
    };
    const t = setup([vipCmd], { commands: { replyWhenDenied: false } });
    for (const [user, roles] of [
      ['a', []],
      ['b', ['subscriber']],
      ['c', ['vip']],
      ['d', ['moderator']],
      ['e', ['broadcaster']],
    ] as [string, Role[]][]) {
      await t.send('!vipcmd', { user, roles });
    }
    expect(ran).toEqual(['c', 'd', 'e']);
    expect(t.actions.calls).toEqual([]);
  });

  it('applies global and per-user cooldowns on the bot clock; moderators bypass them', async () => {
    const ran: string[] = [];
    const t = setup([ping(ran)]);
    await t.send('!ping', { user: 'a' });
    await t.send('!ping', { user: 'b' }); // global cooldown (10 s)
    t.clock.advanceTo(1_000_000 + 10_000);
    await t.send('!ping', { user: 'b' });
    await t.send('!ping', { user: 'mod', roles: ['moderator'] }); // bypass
    t.clock.advanceTo(1_000_000 + 21_000);
    await t.send('!ping', { user: 'a' }); // per-user cooldown (30 s) still on
    t.clock.advanceTo(1_000_000 + 31_000);
    await t.send('!ping', { user: 'a' });
    expect(ran).toEqual(['ping:a', 'ping:b', 'ping:mod', 'ping:a']);
  });

  it('takes cooldowns, permissions and disabled commands from the channel config', async () => {
    const ran: string[] = [];
    const t = setup([ping(ran), modOnly(ran)], {
      commands: { cooldowns: { ping: { globalSeconds: 0, userSeconds: 0 } }, permissions: { clearspam: 'everyone' }, disabled: ['p'] },
    });
    await t.send('!ping');
    await t.send('!ping');
    await t.send('!clearspam');
    await t.send('!p'); // alias disabled
    expect(ran).toEqual(['ping:viewer', 'ping:viewer', 'clearspam:viewer']);
  });

  it('lists with !commands only what the caller may use, with the channel prefix', async () => {
    const ran: string[] = [];
    const t = setup([ping(ran), modOnly(ran)], { prefix: '?' });
    await t.send('?commands', { user: 'viewer' });
    await t.send('?aide', { user: 'mod', roles: ['moderator'] });
    const texts = t.actions.of('reply').map((c) => c.text);
    expect(texts[0]).toBe('Commandes : ?ping, ?commands');
    expect(texts[1]).toBe('Commandes : ?ping, ?clearspam, ?commands');
  });

  it('answers a burst of !commands once (5 s per channel: the reply is in chat for all), then 10 s per viewer', async () => {
    const t = setup([ping([])]);
    await t.send('!commands', { user: 'first' });
    await t.send('!help', { user: 'second' }); // same answer, already in chat (alias shares it)
    t.clock.advanceTo(1_000_000 + 5_000);
    await t.send('!commands', { user: 'third' });
    await t.send('!commands', { user: 'first' }); // per-viewer cooldown
    t.clock.advanceTo(1_000_000 + 9_999);
    await t.send('!aide', { user: 'first' }); // still on (alias shares it)
    t.clock.advanceTo(1_000_000 + 20_000);
    await t.send('!commands', { user: 'first' });
    expect(t.decisions.filter((d) => d.kind === 'command').map((d) => d.userLogin)).toEqual(['first', 'third', 'first']);
    expect(t.actions.of('reply')).toHaveLength(3);
  });

  it('by default, a command without its own cooldown has 3 s per identical invocation in the channel and 5 s per viewer', async () => {
    const ran: string[] = [];
    const answer: Command = { name: 'answer', description: 'per-viewer answer, like !faq <id>', run: (ctx) => void ran.push(`${ctx.user.login}:${ctx.text}`) };
    const t = setup([answer]);
    await t.send('!answer music', { user: 'a' });
    await t.send('!answer   MUSIC', { user: 'b' }); // the same answer: already in chat
    await t.send('!answer discord', { user: 'b' }); // another answer: its own
    await t.send('!answer discord', { user: 'b' }); // per-viewer cooldown
    t.clock.advanceTo(1_000_000 + 5_000);
    await t.send('!answer music', { user: 'a' });
    expect(ran).toEqual(['a:!answer music', 'b:!answer discord', 'a:!answer music']);
    // A channel can still set one for all commands
    const perCommand: Command = { ...answer, cooldown: { globalPer: 'command' } };
    const strict = setup([perCommand], { commands: { globalCooldownSeconds: 3 } });
    ran.length = 0;
    await strict.send('!answer music', { user: 'a' });
    await strict.send('!answer discord', { user: 'b' });
    expect(ran).toEqual(['a:!answer music']);
  });

  it('ignores unknown commands and passes them on; never runs commands of moderated messages', async () => {
    const ran: string[] = [];
    const seen: string[] = [];
    const bot = new Bot({
      clock: new ManualClock(0),
      commands: [ping(ran)],
      modules: [
        {
          name: 'moderation',
          moderation: async (ctx, next) => {
            if (ctx.text.includes('spam')) ctx.moderated = { filter: 'test', enforced: false };
            await next();
          },
          passive: (ctx) => void seen.push(ctx.text),
        },
      ],
    });
    const actions = new RecordingActions();
    await bot.handle(makeMessage('!unknown thing'), actions);
    await bot.handle(makeMessage('!ping spam'), actions);
    expect(ran).toEqual([]);
    expect(actions.calls).toEqual([]);
    // Unknown command reaches passive stages; the moderated command does not.
    expect(seen).toEqual(['!unknown thing']);
  });

  it('rejects two commands claiming one name', () => {
    const a: Command = { name: 'x', description: '', run: () => undefined };
    const b: Command = { name: 'y', aliases: ['x'], description: '', run: () => undefined };
    expect(() => new Bot({ commands: [a, b] })).toThrow(/"x" is used by both/);
  });

  it('survives hostile chat: zalgo, lone surrogates, control characters, 500-char floods', async () => {
    const ran: string[] = [];
    const t = setup([ping(ran)]);
    const hostile = [
      '!p\u0301\u0302\u0303i\u0489n\u0488g',
      '!\ud800ping \udfff',
      '!ping\u0000\u0007\u202e',
      '!' + 'a'.repeat(500),
      '!commands ' + '\u{1F600}'.repeat(250),
      '\u200b!ping',
    ];
    for (const text of hostile) await t.send(text, { displayName: '\u202e/ban everyone' });
    // '!ping<controls>' and '<zero-width>!ping' are the command (the second on cooldown); the others are not.
    expect(ran).toEqual(['ping:viewer']);
    for (const c of t.actions.calls) if ('text' in c) expect(c.text).not.toMatch(/^[/.]/);
  });
});
