import { describe, expect, it } from '@jest/globals';
import type { ApiClient } from '@twurple/api';
import type { ChatClient } from '@twurple/chat';
import { SystemClock } from '../../src/chat/clock.js';
import { silentLogger } from '../../src/chat/logger.js';
import { emoteOffsetsFromTag } from '../../src/twitch/convert.js';
import { HelixActions } from '../../src/twitch/helix-actions.js';

/** An ApiClient stand-in whose moderation calls follow a script of outcomes. */
function fakeApi(outcomes: (() => Promise<unknown>)[]) {
  let calls = 0;
  const next = () => {
    calls++;
    const o = outcomes.shift() ?? (() => Promise.resolve(undefined));
    return o();
  };
  const ctx = { moderation: { deleteChatMessages: next, banUser: next, warnUser: next, unbanUser: next }, chat: { updateSettings: next } };
  const api = { asUser: (_u: string, fn: (c: unknown) => Promise<unknown>) => fn(ctx) } as unknown as ApiClient;
  return { api, calls: () => calls };
}

const httpError = (status: number, message: string) => () => Promise.reject(Object.assign(new Error(`HTTP ${status}`), { statusCode: status, body: JSON.stringify({ error: 'x', status, message }) }));

function actions(api: ApiClient, opts: { retries?: number; timeoutMs?: number } = {}) {
  return new HelixActions({
    channel: 'chan', broadcasterId: async () => '1', botUserId: '2', api, chat: {} as ChatClient,
    clock: new SystemClock(), log: silentLogger, retries: opts.retries ?? 2, backoffMs: 1, timeoutMs: opts.timeoutMs ?? 5000,
  });
}

describe('HelixActions', () => {
  it('retries 5xx, 429 and network errors a bounded number of times, then returns the failure', async () => {
    const f = fakeApi([httpError(500, 'a'), httpError(503, 'b'), httpError(502, 'c'), httpError(500, 'never reached')]);
    expect(await actions(f.api).deleteMessage('m')).toEqual({ ok: false, status: 502, error: 'HTTP 502: c' });
    expect(f.calls()).toBe(3);
    const g = fakeApi([httpError(429, 'slow down'), () => Promise.reject(new TypeError('fetch failed'))]);
    expect(await actions(g.api).timeout('u', 10, 'r')).toEqual({ ok: true });
    expect(g.calls()).toBe(3);
  });

  it('does not retry 4xx answers and reports Twitch\'s message', async () => {
    const f = fakeApi([httpError(400, 'The user specified in the user_id field is already banned.')]);
    expect(await actions(f.api).ban('u', 'r')).toEqual({ ok: false, status: 400, error: 'HTTP 400: The user specified in the user_id field is already banned.' });
    expect(f.calls()).toBe(1);
  });

  it('gives up at the deadline when Helix never answers', async () => {
    const f = fakeApi([() => new Promise(() => undefined)]);
    const r = await actions(f.api, { timeoutMs: 50 }).warn('u', 'r');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/no answer from Helix within 50 ms/) });
    expect(f.calls()).toBe(1);
  });

  it('sanitises what reaches the ChatClient even when a caller skipped ctx.say: no leading / or ., at most 500 characters', async () => {
    const sent: { text: string; replyTo?: string }[] = [];
    const chat = { say: async (_c: string, text: string, o?: { replyTo?: string }) => void sent.push({ text, replyTo: o?.replyTo }) } as unknown as ChatClient;
    const a = new HelixActions({ channel: 'chan', broadcasterId: async () => '1', botUserId: '2', api: fakeApi([]).api, chat, clock: new SystemClock(), log: silentLogger });
    await a.say(' /ban streamer');
    await a.reply('.timeout someone', 'parent-1');
    await a.say('x'.repeat(501) + '/ban split');
    await a.say(' \u200b ');
    expect(sent.slice(0, 2)).toEqual([{ text: 'ban streamer' }, { text: 'timeout someone', replyTo: 'parent-1' }]);
    expect(Array.from(sent[2]!.text)).toHaveLength(500);
    expect(sent).toHaveLength(3);
  });
});

describe('emoteOffsetsFromTag', () => {
  it('maps Twitch code-point offsets (inclusive) to UTF-16 ranges, past emoji', () => {
    const text = '😀 Kappa hi Kappa';
    const offsets = new Map([['25', ['2-6', '11-15']]]);
    const got = emoteOffsetsFromTag(text, offsets);
    expect(got.map((e) => e.name)).toEqual(['Kappa', 'Kappa']);
    expect(got[0]).toEqual({ id: '25', start: 3, end: 8, name: 'Kappa' });
  });

  it('drops ranges outside the text or malformed', () => {
    expect(emoteOffsetsFromTag('hi', new Map([['1', ['0-9', 'x-y', '1-0']]]))).toEqual([]);
  });
});
