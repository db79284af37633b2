import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import type { ChatClient } from '@twurple/chat';
import { setTwurpleMockApiPort } from '../../src/config/env.js';
import { ChatRejectedError, startSandbox, type HelixCall, type Sandbox } from '../../src/sandbox/index.js';
import { apiClient, connectChat, once, sandboxForTest } from './helpers.js';

let sandbox: Sandbox;
let chat: ChatClient;
let api: ApiClient;
let channelId: string;

beforeAll(async () => {
  sandbox = await sandboxForTest();
  chat = await connectChat(sandbox);
  api = apiClient(sandbox);
  channelId = (await api.users.getUserByName('sandbox'))!.id;
});

afterAll(async () => {
  chat?.quit();
  await sandbox?.close();
});

/** Runs Helix calls as the bot (moderator_id = the bot), as the real bot does. */
function asBot<T>(run: (ctx: ApiClient) => Promise<T>): Promise<T> {
  return api.asUser(sandbox.bot.id, (ctx) => run(ctx as ApiClient));
}

/** Helix calls (not token validations) made since `from`. */
function callsSince(from: number): HelixCall[] {
  return sandbox.helixCalls.slice(from).filter((c) => !c.path.startsWith('auth/'));
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpStatusCodeError) return error.statusCode;
    throw error;
  }
}

describe('Helix mock with the real twurple ApiClient', () => {
  test('token validation, users and moderated channels', async () => {
    const user = await api.users.getUserByName('sandbox');
    expect(user?.id).toBe(channelId);
    const moderated = await api.moderation.getModeratedChannelsPaginated(sandbox.bot.id).getAll();
    expect(moderated.map((c) => c.name)).toEqual(['sandbox']);
    const validations = sandbox.helixCalls.filter((c) => c.path === 'auth/validate');
    expect(validations.length).toBeGreaterThan(0);
    expect(validations[0]).toMatchObject({ method: 'GET', status: 200, user: sandbox.bot.login });
  });

  test('delete message: recorded, CLEARMSG reaches chat, message marked deleted', async () => {
    const id = sandbox.sendAs({ login: 'spammer', text: 'achetez des followers pas chers' });
    const removed = once<[string, string]>((h) => chat.onMessageRemove((c, msgId) => h(c, msgId)));
    const from = sandbox.helixCalls.length;
    await asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, id));
    expect(await removed).toEqual(['sandbox', id]);
    expect(callsSince(from)).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: 'moderation/chat',
        status: 204,
        injected: false,
        query: { broadcaster_id: channelId, moderator_id: sandbox.bot.id, message_id: id },
      }),
    ]);
    expect(sandbox.messages().find((m) => m.id === id)?.deleted).toBe(true);
    // Twitch refuses deleting it twice, and deleting the broadcaster's messages.
    expect(await statusOf(asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, id)))).toBe(404);
    const streamer = sandbox.sendAs({ login: 'sandbox', roles: ['broadcaster'], text: 'hello' });
    expect(await statusOf(asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, streamer)))).toBe(400);
  });

  test('timeout: CLEARCHAT with ban-duration, the user cannot chat, then unban', async () => {
    sandbox.sendAs({ login: 'floodeur', text: 'flood flood flood' });
    const floodeur = (await api.users.getUserByName('floodeur'))!;
    const timedOut = once<[string, string, number]>((h) => chat.onTimeout((c, u, d) => h(c, u, d)));
    const from = sandbox.helixCalls.length;
    await asBot((ctx) => ctx.moderation.banUser(channelId, { user: floodeur.id, duration: 600, reason: 'flood' }));
    expect(await timedOut).toEqual(['sandbox', 'floodeur', 600]);
    expect(callsSince(from)[0]).toMatchObject({
      method: 'POST',
      path: 'moderation/bans',
      status: 200,
      body: { data: { user_id: floodeur.id, duration: 600, reason: 'flood' } },
    });
    expect(sandbox.banOf('floodeur')).toBeGreaterThan(Date.now() + 590_000);
    expect(() => sandbox.sendAs({ login: 'floodeur', text: 'je peux parler ?' })).toThrow(ChatRejectedError);

    await asBot((ctx) => ctx.moderation.unbanUser(channelId, floodeur.id));
    expect(sandbox.banOf('floodeur')).toBeUndefined();
    expect(sandbox.sendAs({ login: 'floodeur', text: 'merci' })).toBeTruthy();
    expect(await statusOf(asBot((ctx) => ctx.moderation.unbanUser(channelId, floodeur.id)))).toBe(400);
  });

  test('ban: CLEARCHAT without duration; a second ban is refused', async () => {
    sandbox.sendAs({ login: 'raider', text: 'raid raid' });
    const raider = (await api.users.getUserByName('raider'))!;
    const banned = once<[string, string]>((h) => chat.onBan((c, u) => h(c, u)));
    await asBot((ctx) => ctx.moderation.banUser(channelId, { user: raider.id, reason: 'bot raid' }));
    expect(await banned).toEqual(['sandbox', 'raider']);
    expect(sandbox.banOf('raider')).toBeNull();
    expect(await statusOf(asBot((ctx) => ctx.moderation.banUser(channelId, { user: raider.id, reason: 'again' })))).toBe(400);
  });

  test('ban validation like Twitch: duration 1..1209600, reason <= 500, no banning moderators', async () => {
    sandbox.sendAs({ login: 'victim', text: 'hi' });
    sandbox.sendAs({ login: 'othermod', roles: ['moderator'], text: 'hi' });
    const victim = (await api.users.getUserByName('victim'))!;
    const mod = (await api.users.getUserByName('othermod'))!;
    const ban = (data: { user: string; duration?: number; reason: string }) => statusOf(asBot((ctx) => ctx.moderation.banUser(channelId, data)));
    expect(await ban({ user: victim.id, duration: 0, reason: 'x' })).toBe(400);
    expect(await ban({ user: victim.id, duration: 1_209_601, reason: 'x' })).toBe(400);
    expect(await ban({ user: victim.id, duration: 1.5, reason: 'x' })).toBe(400);
    expect(await ban({ user: victim.id, duration: 60, reason: 'x'.repeat(501) })).toBe(400);
    expect(await ban({ user: mod.id, duration: 60, reason: 'x' })).toBe(400);
    expect(await ban({ user: channelId, duration: 60, reason: 'x' })).toBe(400);
    expect(await ban({ user: victim.id, duration: 1_209_600, reason: 'x'.repeat(500) })).toBe(200);
    const last = sandbox.helixCalls.filter((c) => c.path === 'moderation/bans').slice(-2);
    expect(last[0]).toMatchObject({ status: 400, error: expect.stringMatching(/may not be banned/) });
    expect(last[1]).toMatchObject({ status: 200 });
  });

  test('moderator_id must be the token user, who must moderate the channel', async () => {
    const id = sandbox.sendAs({ login: 'someone', text: 'bla' });
    // Without a user context twurple sends moderator_id = broadcaster_id: Twitch says 403.
    expect(await statusOf(api.moderation.deleteChatMessages(channelId, id))).toBe(403);
    const other = await startSandbox({ botIsModerator: false });
    setTwurpleMockApiPort(other.helixPort);
    try {
      const otherApi = apiClient(other);
      const msg = other.sendAs({ login: 'someone', text: 'bla' });
      const room = (await otherApi.users.getUserByName('sandbox'))!;
      const status = await statusOf(otherApi.asUser(other.bot.id, (ctx) => ctx.moderation.deleteChatMessages(room.id, msg)));
      expect(status).toBe(403);
      expect(other.helixCalls.at(-1)?.error).toMatch(/not one of the broadcaster's moderators/);
      expect(await otherApi.moderation.getModeratedChannelsPaginated(other.bot.id).getAll()).toEqual([]);
    } finally {
      setTwurpleMockApiPort(sandbox.helixPort);
      await other.close();
    }
  });

  test('warn: recorded with its reason; the reason is required', async () => {
    sandbox.sendAs({ login: 'rude', text: 'hmm' });
    const rude = (await api.users.getUserByName('rude'))!;
    const warned = new Promise((resolve) => {
      const off = sandbox.onEvent((e) => {
        if (e.type === 'warn') {
          off();
          resolve(e);
        }
      });
    });
    await asBot((ctx) => ctx.moderation.warnUser(channelId, rude.id, 'reste poli'));
    expect(await warned).toMatchObject({ type: 'warn', channel: 'sandbox', reason: 'reste poli', by: sandbox.bot.login });
    expect(sandbox.helixCalls.filter((c) => c.path === 'moderation/warnings').at(-1)).toMatchObject({
      method: 'POST',
      status: 200,
      body: { data: { user_id: rude.id, reason: 'reste poli' } },
    });
    expect(await statusOf(asBot((ctx) => ctx.moderation.warnUser(channelId, rude.id, '')))).toBe(400);
  });

  test('chat settings: PATCH produces ROOMSTATE/NOTICE events in chat, GET reads them back, bad values are 400', async () => {
    const slow = once<[string, boolean, number | undefined]>((h) => chat.onSlow((c, on, d) => h(c, on, d)));
    const emoteOnly = once<[string, boolean]>((h) => chat.onEmoteOnly((c, on) => h(c, on)));
    await asBot((ctx) => ctx.chat.updateSettings(channelId, { slowModeEnabled: true, slowModeDelay: 30, emoteOnlyModeEnabled: true }));
    expect(await slow).toEqual(['sandbox', true, 30]);
    expect(await emoteOnly).toEqual(['sandbox', true]);
    const settings = await api.chat.getSettings(channelId);
    expect(settings.slowModeEnabled).toBe(true);
    expect(settings.slowModeDelay).toBe(30);
    expect(settings.emoteOnlyModeEnabled).toBe(true);
    expect(sandbox.chatSettings()).toMatchObject({ slow: true, slowDelaySeconds: 30, emoteOnly: true });
    // The rules apply to viewers: emote-only refuses plain text.
    expect(() => sandbox.sendAs({ login: 'plain', text: 'du texte' })).toThrow(/emote-only/);
    expect(sandbox.sendAs({ login: 'emoter', text: 'massietGG Kappa' })).toBeTruthy();

    expect(await statusOf(asBot((ctx) => ctx.chat.updateSettings(channelId, { slowModeEnabled: true, slowModeDelay: 200 })))).toBe(400);
    const off = once<[string, boolean]>((h) => chat.onSlow((c, on) => h(c, on)));
    await asBot((ctx) => ctx.chat.updateSettings(channelId, { slowModeEnabled: false, emoteOnlyModeEnabled: false }));
    expect(await off).toEqual(['sandbox', false]);
    expect(sandbox.chatSettings()).toMatchObject({ slow: false, emoteOnly: false });
  });

  test('fault injection: 5xx (twurple retries 3 times) and 429 (twurple waits for Ratelimit-Reset)', async () => {
    const a = sandbox.sendAs({ login: 'target', text: 'un' });
    sandbox.failNext('DELETE moderation/chat', 500);
    let from = sandbox.helixCalls.length;
    await asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, a));
    expect(callsSince(from).map((c) => [c.status, c.injected])).toEqual([
      [500, true],
      [204, false],
    ]);
    expect(sandbox.messages().find((m) => m.id === a)?.deleted).toBe(true);

    // A persistent outage: the caller finally gets the 503.
    const b = sandbox.sendAs({ login: 'target', text: 'deux' });
    sandbox.failNext('moderation/chat', 503, 4);
    expect(await statusOf(asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, b)))).toBe(503);
    expect(sandbox.messages().find((m) => m.id === b)?.deleted).toBe(false);

    const c = sandbox.sendAs({ login: 'target', text: 'trois' });
    sandbox.failNext(/^DELETE moderation\/chat$/, 429, 1, { retryAfterSeconds: 1 });
    from = sandbox.helixCalls.length;
    await asBot((ctx) => ctx.moderation.deleteChatMessages(channelId, c));
    expect(callsSince(from).map((x) => [x.status, x.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expect(() => sandbox.failNext('moderation/chat', 200)).toThrow(/400-599/);
  });

  test('chat/messages sends through Helix; unknown endpoints are 404 with a clear message', async () => {
    const said = sandbox.waitForBotMessage((m) => m.via === 'helix');
    const sent = await asBot((ctx) => ctx.chat.sendChatMessage(channelId, 'via helix'));
    expect(sent.isSent).toBe(true);
    expect(await said).toMatchObject({ text: 'via helix', id: sent.id });

    const res = await fetch(`http://127.0.0.1:${sandbox.helixPort}/mock/bits/leaderboard`, {
      headers: { Authorization: 'Bearer x', 'Client-Id': sandbox.clientId },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/does not implement GET \/helix\/bits\/leaderboard/);
    const noToken = await fetch(`http://127.0.0.1:${sandbox.helixPort}/mock/users`);
    expect(noToken.status).toBe(401);
    const validate = await fetch(`http://127.0.0.1:${sandbox.helixPort}/oauth2/validate`, { headers: { Authorization: 'OAuth abc' } });
    expect(await validate.json()).toMatchObject({ login: sandbox.bot.login, user_id: sandbox.bot.id, client_id: sandbox.clientId });
  });
});
