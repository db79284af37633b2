// Custom commands end to end: the real app in local mode (twurple chat + Helix) against the
// sandbox, with the custom commands module. Moderators add, use, edit and delete commands in chat;
// variables read Helix (game, title, uptime) from the sandbox; injection attempts send no command.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createCustomCommandsModule } from '../../src/custom-commands/module.js';
import type { BotMessage, Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { mulberry32 } from '../../src/util/random.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

let local: LocalApp;
let sandbox: Sandbox;
const CHANNEL = 'cmdchan';

beforeAll(async () => {
  local = await startLocalApp({
    channel: channelConfigSchema.parse({ language: 'en' }),
    modules: (services) => [createCustomCommandsModule(services, { random: mulberry32(1) })],
    sandbox: { channels: [CHANNEL] },
  });
  sandbox = local.sandbox;
  await sandbox.waitForJoin(CHANNEL, local.app.identity.login);
});

afterAll(async () => {
  await local?.close();
});

const mod = (text: string): SendAsInput => ({ login: 'helper', roles: ['moderator'], text, channel: CHANNEL });
const viewer = (login: string, text: string): SendAsInput => ({ login, text, channel: CHANNEL });

/** Sends and resolves with the bot's next chat message (a `say`, not a reply thread). */
async function said(input: SendAsInput): Promise<BotMessage> {
  const next = sandbox.waitForBotMessage((m) => m.channel === CHANNEL && m.replyParentId === undefined);
  await local.send(input);
  return next;
}

describe('custom commands through the sandbox', () => {
  it('adds a command with variables, runs it, edits it, deletes it', async () => {
    sandbox.setStream({ game: 'Chess', title: 'Road to 2000' }, CHANNEL);
    const added = await local.replyTo(
      mod('!cmd add hello -cd=0 -ucd=0 -a=hi Hi ${user}, say hello to ${touser}! Use #${count} - ${game}: ${title} (up ${uptime})'),
    );
    expect(added.text).toBe('Command !hello added.');

    const first = await said(viewer('alice', '!hello @Bob'));
    expect(first.text).toMatch(/^Hi alice, say hello to Bob! Use #1 - Chess: Road to 2000 \(up \d+m\)$/);
    const byAlias = await said(viewer('carol', '!HI'));
    expect(byAlias.text).toMatch(/^Hi carol, say hello to carol! Use #2 /);

    const edited = await local.replyTo(mod('!cmd edit hello Bonjour ${touser} ${random un|deux}'));
    expect(edited.text).toBe('Command !hello updated.');
    const after = await said(viewer('alice', '!hello dave'));
    expect(after.text).toMatch(/^Bonjour dave (un|deux)$/);

    const shown = await local.replyTo(mod('!cmd show hi'));
    expect(shown.text).toBe('!hello (everyone, 0 s, aliases !hi, used 3 times): Bonjour ${touser} ${random un|deux}');
    expect((await local.replyTo(mod('!cmd list'))).text).toBe('Custom commands: !hello');

    expect((await local.replyTo(mod('!cmd del hello'))).text).toBe('Command !hello deleted.');
    const gone = await local.send(viewer('alice', '!hello'));
    expect(gone.command).toBeUndefined();
    expect(gone.sent).toEqual([]);
  });

  it('keeps !cmd for moderators, applies the command permission and cooldowns', async () => {
    const denied = await local.replyTo(viewer('sneaky', '!cmd add free Free stuff'));
    expect(denied.text).toBe('!cmd is for moderators only.');
    expect((await local.replyTo(mod('!cmd add modonly -ul=moderator Secret'))).text).toBe('Command !modonly added.');
    const refused = await local.send(viewer('sneaky', '!modonly'));
    expect(refused.sent.filter((t) => t === 'Secret')).toEqual([]);
    expect((await said(mod('!modonly'))).text).toBe('Secret');

    expect((await local.replyTo(mod('!cmd add rules -cd=600 -ucd=0 Be nice'))).text).toBe('Command !rules added.');
    expect((await said(viewer('v1', '!rules'))).text).toBe('Be nice');
    // Within the channel cooldown: nothing for the next viewer, the moderator bypasses it
    expect((await local.send(viewer('v2', '!rules'))).sent).toEqual([]);
    expect((await said(mod('!rules'))).text).toBe('Be nice');
  });

  it('refuses names of bot commands and responses that are Twitch commands', async () => {
    expect((await local.replyTo(mod('!cmd add cmd hi'))).text).toBe("!cmd is one of the bot's commands: pick another name.");
    const refusal = await local.replyTo(mod('!cmd add x /ban someone'));
    expect(refusal.text).toMatch(/^A response cannot start with \/ or \./);
    expect((await local.replyTo(mod('!cmd add y  .timeout someone 600'))).text).toMatch(/^A response cannot start/);
    const none = await local.send(viewer('alice', '!x'));
    expect(none.command).toBeUndefined();
  });

  it('an argument such as ".ban y" sends no command', async () => {
    expect((await local.replyTo(mod('!cmd add echo -cd=0 -ucd=0 ${args}'))).text).toBe('Command !echo added.');
    const texts: string[] = [];
    for (const attempt of ['.ban y', '/ban y', ' ./timeout y 600', '${count}']) texts.push((await said(viewer('troll', `!echo ${attempt}`))).text);
    expect(texts).toEqual(['ban y', 'ban y', 'timeout y 600', '${count}']);
    const everything = sandbox.botMessages.filter((m) => m.channel === CHANNEL);
    expect(everything.filter((m) => /^\s*[/.]/.test(m.text))).toEqual([]);
    expect(sandbox.helixCalls.filter((c) => c.path === 'moderation/bans')).toEqual([]);
    expect(sandbox.banOf('y', CHANNEL)).toBeUndefined();
  });

  it('lists custom commands in !commands with the channel prefix', async () => {
    const list = await local.replyTo(viewer('alice', '!commands'));
    expect(list.text).toContain('!echo');
    expect(list.text).toContain('!rules');
    expect(list.text).not.toContain('!modonly');
  });

  it('says offline for ${uptime} when the stream is offline', async () => {
    expect((await local.replyTo(mod('!cmd add up -cd=0 -ucd=0 Uptime: ${uptime}'))).text).toBe('Command !up added.');
    // The stream status is cached for a minute: this channel was live when !hello asked
    expect((await said(viewer('alice', '!up'))).text).toMatch(/^Uptime: \d+m$/);
  });
});
