// End to end: the real twurple ChatClient and ApiClient (through the app's local mode) against the
// sandbox's IRC-over-WebSocket and Helix servers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import type { ClearChat, ClearMsg } from '@twurple/chat';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app/app.js';
import type { Decision, ModerationDecision } from '../../src/chat/decisions.js';
import { ManualClock } from '../../src/chat/clock.js';
import { createLogger, silentLogger } from '../../src/chat/logger.js';
import { createAuth } from '../../src/twitch/auth.js';
import { readTokenFile, writeTokenFile } from '../../src/twitch/token-file.js';
import type { Role } from '../../src/chat/message.js';
import type { BotModule } from '../../src/bot/module.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

/** What the test module saw, and a moderation stage driven by keywords. */
const seen = new Map<string, { login: string; roles: Role[]; firstMessage: boolean; emotes: string[]; vector: boolean }>();
const cleared: string[] = [];

const testModule: BotModule = {
  name: 'e2e',
  moderation: async (ctx, next) => {
    seen.set(ctx.message.id, {
      login: ctx.user.login,
      roles: [...ctx.user.roles].sort(),
      firstMessage: ctx.user.firstMessage,
      emotes: ctx.message.emotes.map((e) => e.name),
      vector: ctx.vector !== undefined,
    });
    if (ctx.text === 'boom') throw new Error('module exploded on purpose');
    const action = ctx.text.includes('badword') ? 'delete' : ctx.text.includes('spamlink') ? 'timeout' : undefined;
    if (!action) return next();
    ctx.moderated = { filter: 'e2e', enforced: true };
    const r = action === 'delete' ? await ctx.deleteMessage() : await ctx.timeout(60, 'spam link');
    const d: ModerationDecision = {
      kind: 'moderation',
      channel: ctx.channel.name,
      messageId: ctx.message.id,
      userId: ctx.user.id,
      userLogin: ctx.user.login,
      filter: 'e2e',
      score: 1,
      action,
      ...(action === 'timeout' ? { duration: 60 } : {}),
      evidence: [],
      reason: 'test',
      enforced: true,
      helixOk: r.ok,
      time: ctx.now(),
    };
    ctx.record(d);
  },
  commands: [
    { name: 'ping', description: 'pong', cooldown: { globalSeconds: 0, userSeconds: 0 }, run: (ctx) => ctx.reply(`pong ${ctx.user.login}`) },
    {
      name: 'clearspam',
      description: 'mods',
      permission: 'moderator',
      cooldown: { globalSeconds: 0, userSeconds: 0 },
      run: (ctx) => void cleared.push(ctx.user.login),
    },
  ],
};

let app: App;
let sandbox: Sandbox;
let decisions: Decision[];
let sendAndHandle: LocalApp['send'];

beforeAll(async () => {
  ({ app, sandbox, decisions, send: sendAndHandle } = await startLocalApp({ modules: () => [testModule], sandbox: { channels: ['e2echan'] } }));
});

afterAll(async () => {
  await app?.close();
});

describe('bot on the sandbox through real twurple clients', () => {
  it('joins the channel and knows it is a moderator there', async () => {
    await sandbox.waitForJoin('e2echan', app.identity.login);
    expect(app.channels).toEqual(['e2echan']);
    expect(app.identity.login).toBe(sandbox.bot.login);
    expect(app.runtime.roles.get('e2echan')).toBe('moderator');
  });

  it('sees messages with roles from badges, first-message flag, emotes and a vector', async () => {
    const ctx = await sendAndHandle({ login: 'alice', roles: ['subscriber', 'vip'], text: 'salut massietGG' });
    expect(seen.get(ctx.message.id)).toEqual({ login: 'alice', roles: ['subscriber', 'vip'], firstMessage: true, emotes: ['massietGG'], vector: true });
    const mod = await sendAndHandle({ login: 'bob', roles: ['moderator'], text: 'hello' });
    expect(seen.get(mod.message.id)!.roles).toEqual(['moderator']);
    expect(mod.message.channelId).not.toBe('');
  });

  it('answers a command as a reply', async () => {
    const reply = sandbox.waitForBotMessage((m) => m.text === 'pong carol');
    const ctx = await sendAndHandle({ login: 'carol', text: '!ping' });
    const m = await reply;
    expect(m.replyParentId).toBe(ctx.message.id);
    expect(decisions).toContainEqual(expect.objectContaining({ kind: 'command', command: 'ping', userLogin: 'carol', response: 'pong carol' }));
  });

  it('refuses a moderator command to a viewer whose display name is "Moderator"', async () => {
    const denial = sandbox.waitForBotMessage((m) => /réservée aux modérateurs/.test(m.text));
    await sendAndHandle({ login: 'sneaky', displayName: 'Moderator', text: '!clearspam' });
    await denial;
    expect(cleared).toEqual([]);
    await sendAndHandle({ login: 'realmod', roles: ['moderator'], text: '!clearspam' });
    expect(cleared).toEqual(['realmod']);
  });

  it('deletes a message and times out a user through Helix; chat shows CLEARMSG and CLEARCHAT', async () => {
    const removed = new Promise<string>((resolve) => {
      const l = app.runtime.chat.onMessageRemove((_c, messageId: string, _m: ClearMsg) => {
        l.unbind();
        resolve(messageId);
      });
    });
    const del = await sendAndHandle({ login: 'dave', text: 'this has a badword' });
    expect(await removed).toBe(del.message.id);
    expect(sandbox.helixCalls).toContainEqual(
      expect.objectContaining({ method: 'DELETE', path: 'moderation/chat', status: 204, query: expect.objectContaining({ message_id: del.message.id }) }),
    );

    const timedOut = new Promise<{ user: string; duration: number }>((resolve) => {
      const l = app.runtime.chat.onTimeout((_c, user: string, duration: number, _m: ClearChat) => {
        l.unbind();
        resolve({ user, duration });
      });
    });
    await sendAndHandle({ login: 'erin', text: 'buy followers spamlink' });
    expect(await timedOut).toEqual({ user: 'erin', duration: 60 });
    const ban = sandbox.helixCalls.find((c) => c.method === 'POST' && c.path === 'moderation/bans')!;
    expect(ban.body).toMatchObject({ data: { user_id: expect.any(String), duration: 60, reason: 'spam link' } });
    expect(ban.query).toMatchObject({ moderator_id: app.identity.userId });
    expect(sandbox.banOf('erin', 'e2echan')).toEqual(expect.any(Number));
  });

  it('survives Helix answering 500 and 429: the action is retried and succeeds', async () => {
    sandbox.failNext('DELETE moderation/chat', 500, 1);
    const a = await sendAndHandle({ login: 'frank', text: 'badword again' });
    sandbox.failNext('DELETE moderation/chat', 429, 1, { retryAfterSeconds: 1 });
    const b = await sendAndHandle({ login: 'grace', text: 'badword once more' });
    for (const ctx of [a, b]) {
      const calls = sandbox.helixCalls.filter((c) => c.path === 'moderation/chat' && c.query['message_id'] === ctx.message.id);
      expect(calls.map((c) => c.status)).toEqual([ctx === a ? 500 : 429, 204]);
      expect(decisions).toContainEqual(expect.objectContaining({ kind: 'moderation', messageId: ctx.message.id, helixOk: true }));
    }
  });

  it('a failing Helix action is a result, not a crash, and the next message is handled', async () => {
    sandbox.failNext('DELETE moderation/chat', 403, 1, { message: "The user in moderator_id is not one of the broadcaster's moderators." });
    const ctx = await sendAndHandle({ login: 'heidi', text: 'badword forbidden' });
    expect(decisions).toContainEqual(expect.objectContaining({ kind: 'moderation', messageId: ctx.message.id, helixOk: false }));
    const reply = sandbox.waitForBotMessage((m) => m.text === 'pong heidi');
    await sendAndHandle({ login: 'heidi', text: '!ping' });
    await reply;
  });

  it('a module that throws does not stop the next message', async () => {
    const boom = await sendAndHandle({ login: 'ivan', text: 'boom' });
    expect(seen.has(boom.message.id)).toBe(true);
    const reply = sandbox.waitForBotMessage((m) => m.text === 'pong ivan');
    await sendAndHandle({ login: 'ivan', text: '!ping' });
    await reply;
  });

  it('a 401 makes twurple refresh the token and retry', async () => {
    sandbox.revokeToken('sandbox-access-token');
    const ctx = await sendAndHandle({ login: 'kim', text: 'badword after revoke' });
    const calls = sandbox.helixCalls.filter((c) => c.time >= ctx.message.timestamp);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(
      expect.arrayContaining(['DELETE moderation/chat 401', 'POST auth/token 200', 'DELETE moderation/chat 204']),
    );
    expect(decisions).toContainEqual(expect.objectContaining({ kind: 'moderation', messageId: ctx.message.id, helixOk: true }));
  });

  it('the hourly token validation refreshes a token that was revoked', async () => {
    const before = await app.runtime.authProvider.getAccessTokenForUser(app.identity.userId);
    expect(await app.runtime.validateToken()).toBe(true);
    sandbox.revokeToken(before!.accessToken);
    expect(await app.runtime.validateToken()).toBe(true);
    const after = await app.runtime.authProvider.getAccessTokenForUser(app.identity.userId);
    expect(after!.accessToken).not.toBe(before!.accessToken);
    expect(sandbox.helixCalls.slice(-2).map((c) => `${c.path} ${c.status}`)).toEqual(['auth/validate 401', 'auth/token 200']);
  });

  it('reconnects and rejoins after the server drops the connection, and keeps working', async () => {
    const rejoined = new Promise<void>((resolve) => {
      const off = app.runtime.onJoined(() => {
        off();
        resolve();
      });
    });
    expect(sandbox.dropConnections()).toBeGreaterThan(0);
    await rejoined;
    await sandbox.waitForJoin('e2echan', app.identity.login);
    const reply = sandbox.waitForBotMessage((m) => m.text === 'pong judy');
    await sendAndHandle({ login: 'judy', text: '!ping' });
    await reply;
  });
});

describe('token persistence against the sandbox', () => {
  it('loads the token file, refreshes on 401 and saves the new token atomically (0600)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-auth-'));
    const file = join(dir, 'token.json');
    writeTokenFile(file, { accessToken: 'file-token-1', refreshToken: 'file-refresh-1', scope: [], expiresIn: null, obtainmentTimestamp: Date.now() });
    const auth = await createAuth({ clientId: sandbox.clientId, tokenFile: file, log: silentLogger });
    expect(auth.login).toBe(sandbox.bot.login);
    expect(readTokenFile(file)).toMatchObject({ accessToken: 'file-token-1', userId: auth.userId, login: auth.login });
    sandbox.revokeToken('file-token-1');
    const api = new ApiClient({ authProvider: auth.provider });
    const user = await api.asUser(auth.userId, (c) => c.users.getUserByName('e2echan'));
    expect(user?.name).toBe('e2echan');
    const saved = readTokenFile(file);
    expect(saved.accessToken).not.toBe('file-token-1');
    expect(saved.refreshToken).not.toBe('file-refresh-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('start-up moderator check', () => {
  it('tells the user when the bot is not a moderator, and keeps regular rate limits', async () => {
    const lines: string[] = [];
    const { app: other } = await startLocalApp({
      log: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) }),
      modules: () => [],
      sandbox: { channels: ['nomodchan'], botIsModerator: false },
    });
    try {
      expect(other.runtime.roles.get('nomodchan')).toBe('not-moderator');
      const msgs = lines.map((l) => JSON.parse(l) as { msg: string; channel?: string });
      expect(msgs).toContainEqual(
        expect.objectContaining({ channel: 'nomodchan', msg: expect.stringMatching(/NOT a moderator.*Fix: type "\/mod <bot login>"/) }),
      );
      expect(msgs.map((m) => m.msg)).toContain('chat rate limit: regular (20 messages / 30 s, 1 s between messages)');
    } finally {
      await other.close();
    }
  });
});

describe('simulated bot clock', () => {
  it('Helix retries and joins run on wall time even when the bot clock is a ManualClock', async () => {
    const mod: BotModule = {
      name: 'del',
      moderation: async (ctx) => {
        const r = await ctx.deleteMessage();
        ctx.record({
          kind: 'moderation',
          channel: ctx.channel.name,
          messageId: ctx.message.id,
          userId: ctx.user.id,
          userLogin: ctx.user.login,
          filter: 'x',
          score: 1,
          action: 'delete',
          evidence: [],
          reason: 'x',
          enforced: true,
          helixOk: r.ok,
          time: ctx.now(),
        });
      },
    };
    const clock = new ManualClock(1_600_000_000_000);
    const other = await startLocalApp({ clock, modules: () => [mod], sandbox: { channels: ['simchan'] }, helixBackoffMs: 20 });
    try {
      const got = other.decisions;
      // Our effect queue retries (twurple's ApiClient is not used for effects): its backoff must run on wall time.
      other.sandbox.failNext('DELETE moderation/chat', 500, 2);
      const ctx = await other.send({ login: 'zoe', text: 'hello' });
      expect(got).toEqual([expect.objectContaining({ messageId: ctx.message.id, helixOk: true, time: 1_600_000_000_000 })]);
      const calls = other.sandbox!.helixCalls.filter((c) => c.path === 'moderation/chat');
      expect(calls.map((c) => c.status)).toEqual([500, 500, 204]);
    } finally {
      await other.close();
    }
  });
});
