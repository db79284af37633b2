// The same end-to-end scenarios on both transports, through the real twurple clients and the
// sandbox: IRC (ChatClient) and EventSub (EventSubWsListener + Helix Send Chat Message).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ChatContext } from '../../src/chat/context.js';
import { createLogger } from '../../src/chat/logger.js';
import type { BotModule, ChannelEvent, ModeratorActionEvent } from '../../src/bot/module.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { globalConfigSchema } from '../../src/config/global-config.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

type Transport = 'irc' | 'eventsub';

/** A module that records what reached it and acts on keywords. */
function probe() {
  const events: ChannelEvent[] = [];
  const waiters: { pred: (e: ChannelEvent) => boolean; resolve: (e: ChannelEvent) => void }[] = [];
  const module: BotModule = {
    name: 'probe',
    moderation: async (ctx, next) => {
      if (ctx.text.includes('badword')) return void (await ctx.deleteMessage());
      if (ctx.text.includes('spamlink')) return void (await ctx.timeout(60, 'spam'));
      return next();
    },
    commands: [{ name: 'ping', description: 'pong', cooldown: { globalSeconds: 0, userSeconds: 0 }, run: (ctx) => ctx.reply(`pong ${ctx.user.login}`) }],
    onChannelEvent(event) {
      events.push(event);
      for (const w of [...waiters]) {
        if (!w.pred(event)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    },
  };
  const next = (pred: (e: ChannelEvent) => boolean): Promise<ChannelEvent> => {
    const hit = events.find(pred);
    return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  return { module, events, next };
}

describe.each<Transport>(['irc', 'eventsub'])('transport %s through the sandbox', (transport) => {
  const logs: Record<string, unknown>[] = [];
  const logWaiters: { msg: string; resolve: () => void }[] = [];
  const onLog = (line: string) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    logs.push(entry);
    for (const w of [...logWaiters]) {
      if (entry['msg'] !== w.msg) continue;
      logWaiters.splice(logWaiters.indexOf(w), 1);
      w.resolve();
    }
  };
  /** Resolves when a log line with this message was written. */
  const logged = (msg: string): Promise<void> =>
    logs.some((l) => l['msg'] === msg) ? Promise.resolve() : new Promise((resolve) => logWaiters.push({ msg, resolve }));
  const p = probe();
  let local: LocalApp;
  let sandbox: Sandbox;

  beforeAll(async () => {
    const global = globalConfigSchema.parse({ twitch: { transport }, chatters: { warmupMinutes: 0 } });
    local = await startLocalApp({
      modules: () => [p.module],
      config: { global, channels: [], channelConfigs: new Map(), defaultChannel: channelConfigSchema.parse({}), warnings: [] },
      sandbox: { channels: ['tchan'] },
      log: createLogger({ format: 'json', level: 'debug', write: onLog }),
    });
    sandbox = local.sandbox;
  });

  afterAll(async () => {
    await local?.close();
  });

  test('chat in: roles, emotes and first-time chatters', async () => {
    expect(local.app.runtime.kind).toBe(transport);
    const first: ChatContext = await local.send({ login: 'alice', roles: ['subscriber'], text: 'salut massietGG' });
    expect(first.user).toMatchObject({ login: 'alice', displayName: 'alice' });
    expect([...first.user.roles]).toEqual(['subscriber']);
    expect(first.message.emotes.map((e) => e.name)).toEqual(['massietGG']);
    expect(first.firstTime).toBe(true);
    const again = await local.send({ login: 'alice', text: 'encore moi' });
    expect(again.firstTime).toBe(false);
    expect(local.app.chatters.get('tchan', first.user.id)?.messages).toBe(2);
  });

  test('commands out: a threaded reply (EventSub: sent as the app, with the Chat Bot badge)', async () => {
    const reply = await local.replyTo({ login: 'carol', text: '!ping' });
    expect(reply.text).toBe('pong carol');
    expect(reply.via).toBe(transport === 'irc' ? 'irc' : 'helix');
    expect(reply.asApp ?? false).toBe(transport === 'eventsub');
    const shown = sandbox.messages('tchan').find((m) => m.id === reply.id)!;
    expect(shown.replyParent?.login).toBe('carol');
    expect(shown.badges.has('bot-badge')).toBe(transport === 'eventsub');
  });

  test('moderation actions through Helix; their echo is not taken for another moderator', async () => {
    const del = await local.send({ login: 'dave', text: 'this has a badword' });
    await local.send({ login: 'erin', text: 'buy now spamlink' });
    expect(sandbox.helixCalls).toContainEqual(
      expect.objectContaining({ method: 'DELETE', path: 'moderation/chat', status: 204, query: expect.objectContaining({ message_id: del.message.id }) }),
    );
    expect(sandbox.banOf('erin', 'tchan')).toEqual(expect.any(Number));
    // A marker action by another moderator: everything before it has been seen by then
    const marker = await local.send({ login: 'marker', text: 'marker message' });
    sandbox.moderate({ by: 'othermod', action: 'delete', messageId: marker.message.id });
    await p.next((e) => e.kind === 'moderator-action' && e.messageId === marker.message.id);
    const actions = p.events.filter((e): e is ModeratorActionEvent => e.kind === 'moderator-action');
    expect(actions.some((e) => e.messageId === del.message.id || e.target?.login === 'erin')).toBe(false);
  });

  test('deletions, timeouts and bans by another moderator are moderator-action events', async () => {
    const m = await local.send({ login: 'frank', text: 'a perfectly fine message' });
    await local.send({ login: 'gina', text: 'hello' });
    sandbox.moderate({ by: 'humanmod', action: 'delete', messageId: m.message.id });
    sandbox.moderate({ by: 'humanmod', action: 'timeout', login: 'gina', durationSeconds: 300 });
    const deletion = await p.next((e) => e.kind === 'moderator-action' && e.action === 'delete' && e.messageId === m.message.id);
    const timeout = await p.next((e) => e.kind === 'moderator-action' && e.action === 'timeout' && e.target?.login === 'gina');
    expect(deletion).toMatchObject({ target: { login: 'frank' } });
    expect(timeout).toMatchObject({ durationSeconds: expect.any(Number) });
    if (transport === 'eventsub') {
      // channel.moderate names the moderator; IRC never does
      expect(deletion).toMatchObject({ moderator: { login: 'humanmod' }, messageText: 'a perfectly fine message' });
      expect(timeout).toMatchObject({ moderator: { login: 'humanmod' }, durationSeconds: 300 });
    } else {
      expect((deletion as ModeratorActionEvent).moderator).toBeUndefined();
    }
  });

  test('raids reach the modules as raid events', async () => {
    sandbox.raid({ channel: 'tchan', fromLogin: 'ponce', viewers: 321 });
    expect(await p.next((e) => e.kind === 'raid')).toMatchObject({ kind: 'raid', fromLogin: 'ponce', viewers: 321 });
  });

  test('a message Twitch drops is logged with the reason and not retried; the bot goes on', async () => {
    sandbox.moderate({ by: 'tchan', action: 'unmod', login: sandbox.bot.login });
    sandbox.moderate({ by: 'tchan', action: 'settings', settings: { emoteOnly: true } });
    try {
      const before = sandbox.botMessages.length;
      const refused = new Promise<string>((resolve) => {
        const off = sandbox.onBotMessage((m) => {
          if (!m.rejected) return;
          off();
          resolve(m.rejected);
        });
      });
      // A viewer's command (viewers' own messages skip the emote-only rule here)
      await local.send({ login: 'harry', text: '!ping', bypassChatRules: true });
      expect(await refused).toBe('msg_emoteonly');
      expect(sandbox.botMessages.slice(before).filter((m) => m.text === 'pong harry')).toHaveLength(1);
      if (transport === 'eventsub') {
        await logged('chat message dropped by Twitch (not retried)');
        expect(logs).toContainEqual(expect.objectContaining({ msg: 'chat message dropped by Twitch (not retried)', code: 'msg_emoteonly', as: 'user' }));
        // Not a moderator and no channel:bot grant: Twitch refused the app, the bot fell back to its user
        expect(logs).toContainEqual(expect.objectContaining({ msg: expect.stringContaining('cannot send as the app here') }));
      }
    } finally {
      sandbox.moderate({ by: 'tchan', action: 'settings', settings: { emoteOnly: false } });
      sandbox.moderate({ by: 'tchan', action: 'mod', login: sandbox.bot.login });
    }
    const reply = await local.replyTo({ login: 'ivan', text: '!ping' });
    expect(reply.text).toBe('pong ivan');
  });

  test('reconnects after a dropped connection and subscribes again; chat flows again', async () => {
    const joined = new Promise<void>((resolve) => {
      const off = local.app.runtime.onJoined(() => {
        off();
        resolve();
      });
    });
    expect(sandbox.dropConnections()).toBeGreaterThan(0);
    await joined;
    if (transport === 'eventsub') {
      expect(sandbox.eventSubSubscriptions('channel.chat.message', 'tchan')).toHaveLength(1);
      expect(
        sandbox.helixCalls.filter(
          (c) =>
            c.method === 'POST' &&
            c.path === 'eventsub/subscriptions' &&
            c.body &&
            (c.body as { type?: string }).type === 'channel.chat.message' &&
            c.status === 202,
        ),
      ).toHaveLength(2);
    }
    const reply = await local.replyTo({ login: 'judy', text: '!ping' });
    expect(reply.text).toBe('pong judy');
  });

  if (transport === 'eventsub') {
    test('follows session_reconnect: subscriptions move to the new connection, nothing is lost', async () => {
      const posts = () => sandbox.helixCalls.filter((c) => c.method === 'POST' && c.path === 'eventsub/subscriptions').length;
      const before = posts();
      expect(sandbox.reconnectEventSub()).toBe(1);
      // Chat keeps flowing through the new session without subscribing again
      const reply = await local.replyTo({ login: 'kim', text: '!ping' });
      expect(reply.text).toBe('pong kim');
      expect(posts()).toBe(before);
      expect(sandbox.eventSubSubscriptions('channel.chat.message', 'tchan')).toHaveLength(1);
    });

    test('a suspicious user counts as new; AutoMod-held messages are logged', async () => {
      await local.send({ login: 'evader', text: 'first words' });
      sandbox.flagSuspicious({ login: 'evader', text: 'back again', lowTrustStatus: 'restricted', banEvasion: 'likely' });
      await logged('suspicious user counts as new');
      const ctx = await local.send({ login: 'evader', text: 'back again' });
      expect(ctx.firstTime).toBe(true);
      sandbox.automodHold({ login: 'rude', text: 'some held text', category: 'swearing', level: 3 });
      await logged('AutoMod held a message');
      expect(logs.find((l) => l['msg'] === 'AutoMod held a message')).toMatchObject({
        user: 'rude',
        text: 'some held text',
        automodCategory: 'swearing',
        automodLevel: 3,
        botScore: expect.anything(),
      });
    });
  }
});
