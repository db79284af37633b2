import { describe, expect, it } from '@jest/globals';
import type { ChatClient } from '@twurple/chat';
import { ManualClock } from '../../src/chat/clock.js';
import { EffectQueue, type AttemptFailure, type EffectOutcome } from '../../src/bot/effects/effect-queue.js';
import { CHAT_LANE, HELIX_LANE, QueuedActions } from '../../src/bot/effects/queued-actions.js';
import type { EffectTransport } from '../../src/bot/effects/transport.js';
import { createLogger, silentLogger } from '../../src/chat/logger.js';
import { HelixHttpError, HelixTransport, retryAfterMs } from '../../src/twitch/helix-transport.js';

/** Lets settled promises run their callbacks (no time passes on the ManualClock). */
const flush = () => new Promise<void>((r) => setImmediate(r));

class Fail extends Error {
  constructor(readonly f: AttemptFailure) {
    super(f.error);
  }
}
const classify = (err: unknown): AttemptFailure => (err instanceof Fail ? err.f : { retryable: false, error: String(err) });

function queue(
  clock: ManualClock,
  lanes: ConstructorParameters<typeof EffectQueue>[0]['lanes'],
  extra: Partial<ConstructorParameters<typeof EffectQueue>[0]> = {},
) {
  return new EffectQueue({ clock, lanes, classify, jitter: 0, backoffMs: 100, maxAttempts: 3, ...extra });
}

/** An attempt that stays open until settled by hand, and records whether it was aborted. */
function gate() {
  const calls: { label: string; signal: AbortSignal; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const run = (label: string) => (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ label, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  return { calls, run };
}

describe('EffectQueue', () => {
  it('runs moderation before replies and announcements, in submission order within a priority', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { helix: { concurrency: 1 } });
    const g = gate();
    void q.submit({ lane: 'helix', priority: 'reply', label: 'r1', channel: 'c', run: g.run('r1') });
    void q.submit({ lane: 'helix', priority: 'reply', label: 'r2', channel: 'c', run: g.run('r2') });
    void q.submit({ lane: 'helix', priority: 'announcement', label: 'a1', channel: 'c', run: g.run('a1') });
    void q.submit({ lane: 'helix', priority: 'moderation', label: 'm1', channel: 'c', run: g.run('m1') });
    void q.submit({ lane: 'helix', priority: 'moderation', label: 'm2', channel: 'c', run: g.run('m2') });
    for (let i = 0; i < 5; i++) {
      g.calls[i]!.resolve();
      await flush();
    }
    expect(g.calls.map((c) => c.label)).toEqual(['r1', 'm1', 'm2', 'a1', 'r2']);
  });

  it('retries retryable failures with backoff (probing during an outage until the deadline); fails non-retryable ones at once', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { helix: {} });
    let calls = 0;
    const flaky = q.submit({
      lane: 'helix',
      priority: 'moderation',
      label: 'delete',
      channel: 'c',
      run: async () => {
        calls++;
        if (calls < 3) throw new Fail({ retryable: true, status: 503, error: 'HTTP 503' });
        return 'done';
      },
    });
    await flush();
    expect(calls).toBe(1);
    clock.advanceTo(100); // first backoff
    await flush();
    expect(calls).toBe(2);
    clock.advanceTo(300); // doubled
    await flush();
    expect(await flaky).toEqual({ ok: true, value: 'done', attempts: 3 });

    // An outage: one effect keeps failing. It probes the lane with growing pauses (not a loop) and
    // ends at its deadline with the last error, having used few attempts
    let always = 0;
    const outage = q.submit({
      lane: 'helix',
      priority: 'moderation',
      label: 'ban',
      channel: 'c',
      deadlineMs: 30_000,
      run: async () => {
        always++;
        throw new Fail({ retryable: true, status: 500, error: 'HTTP 500' });
      },
    });
    for (let t = 400; t <= 31_000; t += 100) {
      clock.advanceTo(t);
      await flush();
    }
    expect(await outage).toMatchObject({ ok: false, reason: 'deadline', status: 500, error: expect.stringMatching(/HTTP 500/) });
    expect(always).toBeGreaterThan(2);
    expect(always).toBeLessThanOrEqual(10);

    let once = 0;
    const fresh = queue(clock, { helix: {} });
    const refused = await fresh.submit({
      lane: 'helix',
      priority: 'moderation',
      label: 'ban',
      channel: 'c',
      run: async () => {
        once++;
        throw new Fail({ retryable: false, status: 400, error: 'already banned' });
      },
    });
    expect(refused).toMatchObject({ ok: false, reason: 'failed', status: 400, error: 'already banned', attempts: 1 });
    expect(once).toBe(1);
  });

  it("honours a 429's Retry-After for the whole lane before any new attempt", async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { helix: { concurrency: 4 } });
    const starts: number[] = [];
    let first = true;
    const a = q.submit({
      lane: 'helix',
      priority: 'moderation',
      label: 'timeout',
      channel: 'c',
      run: async () => {
        starts.push(clock.now());
        if (first) {
          first = false;
          throw new Fail({ retryable: true, status: 429, retryAfterMs: 5000, error: 'HTTP 429' });
        }
      },
    });
    await flush();
    const b = q.submit({ lane: 'helix', priority: 'moderation', label: 'delete', channel: 'c', run: async () => void starts.push(clock.now()) });
    clock.advanceTo(4999);
    await flush();
    expect(starts).toEqual([0]);
    clock.advanceTo(5000);
    await flush();
    expect((await a).ok && (await b).ok).toBe(true);
    expect(starts.slice(1).every((t) => t >= 5000)).toBe(true);
  });

  it('aborts a running attempt at its deadline, and reports at once when a backoff would pass it', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { helix: { deadlineMs: 1000 } });
    const g = gate();
    const hung = q.submit({ lane: 'helix', priority: 'moderation', label: 'warn', channel: 'c', run: g.run('warn') });
    await flush();
    expect(g.calls[0]!.signal.aborted).toBe(false);
    clock.advanceTo(1000);
    await flush();
    expect(g.calls[0]!.signal.aborted).toBe(true);
    expect(await hung).toMatchObject({ ok: false, reason: 'deadline' });

    const slow = q.submit({
      lane: 'helix',
      priority: 'moderation',
      label: 'ban',
      channel: 'c',
      run: async () => {
        throw new Fail({ retryable: true, status: 429, retryAfterMs: 60_000, error: 'HTTP 429' });
      },
    });
    await flush();
    // No timer had to fire: the 60 s wait could never fit in the 1 s deadline
    expect(await slow).toMatchObject({ ok: false, reason: 'deadline', status: 429, attempts: 1 });
  });

  it('coalesces identical waiting effects and sheds sheddable ones the budget cannot send in time', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { chat: { concurrency: 1, budget: { tokens: 2, perMs: 30_000 }, deadlineMs: 20_000 } });
    const sent: string[] = [];
    const submit = (text: string, sheddable = true) =>
      q.submit({ lane: 'chat', priority: 'reply', label: 'reply', channel: 'c', coalesceKey: text, sheddable, run: async () => void sent.push(text) });
    const first = submit('Commands: !faq, !topic');
    const same: Promise<EffectOutcome<void>>[] = [];
    for (let i = 0; i < 149; i++) same.push(submit('Commands: !faq, !topic'));
    const distinct = Array.from({ length: 10 }, (_, i) => submit(`answer ${i}`));
    const kept = q.submit({ lane: 'chat', priority: 'announcement', label: 'say', channel: 'c', run: async () => void sent.push('announcement') });
    for (let t = 0; t <= 40_000; t += 1000) {
      clock.advanceTo(t);
      await flush();
    }
    expect((await first).ok).toBe(true);
    expect((await Promise.all(same)).every((o) => o.ok)).toBe(true);
    expect(sent.filter((s) => s.startsWith('Commands')).length).toBe(1);
    const outcomes = await Promise.all(distinct);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'shed').length).toBeGreaterThan(0);
    expect((await kept).ok).toBe(true);
    const stats = q.stats()['chat']!;
    expect(stats.coalesced).toBe(149);
    // Accepted replies can still miss their deadline when an announcement goes first
    expect(stats.shed + stats.deadline).toBe(outcomes.filter((o) => !o.ok).length);
  });

  it('reports shedding and deadlines in one summary line per interval, not one per effect', async () => {
    const clock = new ManualClock(0);
    const lines: string[] = [];
    const q = queue(
      clock,
      { chat: { concurrency: 1, budget: { tokens: 1, perMs: 60_000 }, deadlineMs: 1000 } },
      { log: createLogger({ write: (l) => lines.push(l) }), summaryEveryMs: 10_000 },
    );
    for (let i = 0; i < 500; i++) void q.submit({ lane: 'chat', priority: 'reply', label: 'reply', channel: 'c', sheddable: true, run: async () => undefined });
    clock.advanceTo(10_000);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/499 shed/);
    q.close();
  });

  it('close ends waiting and running effects and aborts running attempts', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { helix: { concurrency: 1 } });
    const g = gate();
    const running = q.submit({ lane: 'helix', priority: 'moderation', label: 'a', channel: 'c', run: g.run('a') });
    const waiting = q.submit({ lane: 'helix', priority: 'moderation', label: 'b', channel: 'c', run: g.run('b') });
    await flush();
    q.close();
    expect(await running).toMatchObject({ ok: false, reason: 'closed' });
    expect(await waiting).toMatchObject({ ok: false, reason: 'closed' });
    expect(g.calls[0]!.signal.aborted).toBe(true);
    expect(g.calls).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});

describe('QueuedActions', () => {
  function fakeTransport() {
    const sent: { text: string; replyTo?: string }[] = [];
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (release = r));
    const t: EffectTransport = {
      moderate: async () => undefined,
      send: async (_c, text, replyTo) => {
        await blocked;
        sent.push({ text, ...(replyTo ? { replyTo } : {}) });
      },
      classify,
    };
    return { t, sent, release };
  }

  it('returns from reply/say before the message is sent, so the pipeline never waits for the chat budget', async () => {
    const clock = new ManualClock(0);
    const q = queue(clock, { [CHAT_LANE]: { concurrency: 1 }, [HELIX_LANE]: {} });
    const f = fakeTransport();
    const a = new QueuedActions({ channel: 'c', queue: q, transport: f.t, log: silentLogger });
    await a.reply('hello', 'p1');
    await a.say(' /ban streamer');
    expect(f.sent).toEqual([]);
    f.release();
    for (let i = 0; i < 4; i++) await flush();
    expect(f.sent).toEqual([{ text: 'hello', replyTo: 'p1' }, { text: 'ban streamer' }]);
    expect(await a.deleteMessage('m')).toEqual({ ok: true });
  });
});

describe('HelixTransport', () => {
  it('sanitises what reaches the ChatClient: no leading / or ., at most 500 characters', async () => {
    const sent: { text: string; replyTo?: string }[] = [];
    const chat = { say: async (_c: string, text: string, o?: { replyTo?: string }) => void sent.push({ text, replyTo: o?.replyTo }) } as unknown as ChatClient;
    const t = new HelixTransport({ authProvider: {} as never, botUserId: '2', broadcasterId: async () => '1', chat });
    const signal = new AbortController().signal;
    await t.send('c', ' /ban streamer', undefined, signal);
    await t.send('c', '\u2800.timeout someone', 'parent-1', signal);
    await t.send('c', 'x'.repeat(501) + '/ban split', undefined, signal);
    await t.send('c', ' \u200b ', undefined, signal);
    expect(sent.slice(0, 2)).toEqual([
      { text: 'ban streamer', replyTo: undefined },
      { text: 'timeout someone', replyTo: 'parent-1' },
    ]);
    expect(Array.from(sent[2]!.text)).toHaveLength(500);
    expect(sent).toHaveLength(3);
  });

  it('classifies 429/5xx/network as retryable with the server-given wait, 4xx and aborts as final', () => {
    const t = new HelixTransport({ authProvider: {} as never, botUserId: '2', broadcasterId: async () => '1', chat: {} as ChatClient });
    expect(t.classify(new HelixHttpError(429, 'slow down', 3000))).toEqual({ retryable: true, status: 429, retryAfterMs: 3000, error: 'HTTP 429: slow down' });
    expect(t.classify(new HelixHttpError(503, '', undefined))).toMatchObject({ retryable: true, status: 503 });
    expect(t.classify(new HelixHttpError(400, 'already banned', undefined))).toMatchObject({ retryable: false, status: 400 });
    expect(t.classify(new TypeError('fetch failed'))).toMatchObject({ retryable: true });
    expect(t.classify(Object.assign(new Error('x'), { name: 'AbortError' }))).toMatchObject({ retryable: false });
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': '1005' }), 1_000_000)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });
});
