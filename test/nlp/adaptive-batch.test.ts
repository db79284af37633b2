import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { ChatMessage } from '../../src/chat/message.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import type { Encoder } from '../../src/nlp/encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';

/** An inner encoder that records each batch it is given. */
function recordingEncoder(): Encoder & { batches: string[][] } {
  const batches: string[][] = [];
  return {
    id: 'rec',
    dim: 2,
    batches,
    encode: async (texts) => {
      batches.push([...texts]);
      return texts.map(() => Float32Array.from([1, 0]));
    },
    close: async () => undefined,
  } as Encoder & { batches: string[][] };
}

afterEach(() => {
  jest.useRealTimers();
});

describe('adaptive micro-batching', () => {
  it('an idle encoder encodes a lone text at once; under load texts wait up to maxWaitMs to share a batch', async () => {
    jest.useFakeTimers({ now: 0 });
    const inner = recordingEncoder();
    const enc = new SharedEncoder(inner, { maxWaitMs: 50, adaptiveWait: true, cacheSize: 0 });
    void enc.encode('seul');
    jest.advanceTimersByTime(0); // the next turn of the loop, no waiting
    expect(inner.batches).toEqual([['seul']]);
    await enc.drain();
    // Right behind it: a burst (the previous text came less than maxWaitMs ago)
    void enc.encode('a');
    void enc.encode('b');
    jest.advanceTimersByTime(49);
    expect(inner.batches).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(inner.batches[1]).toEqual(['a', 'b']);
    await enc.close();
  });

  it('without adaptive wait, even a lone text waits maxWaitMs (the old behaviour, still configurable)', async () => {
    jest.useFakeTimers({ now: 0 });
    const inner = recordingEncoder();
    const enc = new SharedEncoder(inner, { maxWaitMs: 50, adaptiveWait: false, cacheSize: 0 });
    void enc.encode('seul');
    jest.advanceTimersByTime(49);
    expect(inner.batches).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(inner.batches).toEqual([['seul']]);
    await enc.close();
  });

  it('Bot.prepare starts encoding on arrival: messages waiting behind one being handled share a batch, decisions keep their order', async () => {
    const inner = recordingEncoder();
    const enc = new SharedEncoder(inner, { maxWaitMs: 20, adaptiveWait: true, cacheSize: 0 });
    const seen: string[] = [];
    const bot = new Bot({ clock: new ManualClock(0), encoder: enc, modules: [{ name: 'order', passive: (ctx) => void seen.push(ctx.text) }] });
    const actions = new RecordingActions();
    const msg = (i: number): ChatMessage =>
      ({
        id: `m${i}`,
        channel: 'c',
        channelId: '1',
        text: `texte ${i}`,
        time: i,
        user: { id: `u${i}`, login: `u${i}`, displayName: `u${i}`, roles: new Set(), badges: new Map(), firstMessage: false },
        emotes: [],
      }) as unknown as ChatMessage;
    const messages = Array.from({ length: 6 }, (_, i) => msg(i));
    for (const m of messages) bot.prepare(m);
    for (const m of messages) await bot.handle(m, actions);
    expect(seen).toEqual(messages.map((m) => m.text));
    // Six texts, far fewer encoder calls (one per text without prepare)
    expect(inner.batches.flat().sort()).toEqual(messages.map((m) => m.text).sort());
    expect(inner.batches.length).toBeLessThan(6);
    await enc.close();
  });
});
