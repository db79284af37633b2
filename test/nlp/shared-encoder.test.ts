import { describe, expect, test } from '@jest/globals';
import type { Encoder } from '../../src/nlp/encoder.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { EncoderOverloadedError, SharedEncoder } from '../../src/nlp/shared-encoder.js';

/** A vector that identifies its text (length, first and last code unit). */
function vectorFor(text: string): Float32Array {
  const v = Float32Array.of(text.length + 1, text.charCodeAt(0) || 1, text.charCodeAt(text.length - 1) || 1, 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Records every batch; can hold batches until released and fail chosen texts. */
class FakeEncoder implements Encoder {
  readonly id = 'fake-v1';
  readonly dim = 4;
  readonly calls: string[][] = [];
  closed = 0;
  /** Texts whose presence makes a whole batch fail. */
  poison = new Set<string>();
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  /** Called whenever a batch starts (tests wait on it instead of sleeping). */
  onCall: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    this.onCall?.();
    if (this.gate) await this.gate;
    if (texts.some((t) => this.poison.has(t))) throw new Error('inner encoder failed');
    return texts.map(vectorFor);
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** Resolves when the fake has started `n` batches. */
function batchesStarted(fake: FakeEncoder, n: number): Promise<void> {
  return new Promise((resolve) => {
    if (fake.calls.length >= n) return resolve();
    fake.onCall = () => {
      if (fake.calls.length >= n) resolve();
    };
  });
}

const same = (a: Float32Array, b: Float32Array): void => expect(Array.from(a)).toEqual(Array.from(b));

describe('SharedEncoder', () => {
  test('concurrent callers each get their own vector, in order', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 8 });
    const texts = Array.from({ length: 100 }, (_, i) => `message numéro ${i} ${'x'.repeat(i % 7)}!${i}`);
    const singles = texts.map((t) => shared.encode(t));
    const batch = shared.encodeBatch(texts.slice(0, 30).reverse());
    const results = await Promise.all(singles);
    results.forEach((v, i) => same(v, vectorFor(texts[i]!)));
    (await batch).forEach((v, i) => same(v, vectorFor(texts[29 - i]!)));
    expect(fake.calls.every((c) => c.length <= 8)).toBe(true);
    await shared.close();
  });

  test('concurrent callers through the real hashing encoder get the vectors it gives alone', async () => {
    const inner = new HashEncoder();
    const shared = new SharedEncoder(inner);
    const texts = ['Bonsoir à tous !', 'LUL', 'y a pas la mer à Nantes', 'ponceJAM ponceJAM', '', 'Jancovici'];
    const got = await Promise.all(texts.map((t) => shared.encode(t)));
    got.forEach((v, i) => same(v, inner.encodeOne(texts[i]!)));
    await shared.close();
  });

  test('requests made together are coalesced into one batch', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 32, maxWaitMs: 5 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => shared.encode(`texte ${i}`)));
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toHaveLength(10);
    const s = shared.stats();
    expect(s.batches).toBe(1);
    expect(s.batchedTexts).toBe(10);
    expect(s.meanBatchSize).toBe(10);
  });

  test('batches are capped at maxBatch', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 4, maxWaitMs: 5 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => shared.encode(`texte ${i}`)));
    expect(fake.calls.map((c) => c.length)).toEqual([4, 4, 2]);
  });

  test('without backlog, one call takes every waiting text (the inner encoder buckets itself)', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 32, maxWaitMs: 5, charBuckets: [10, 100] });
    const texts = ['court', 'x'.repeat(50), 'bref', 'z'.repeat(500)];
    await Promise.all(texts.map((t) => shared.encode(t)));
    expect(fake.calls).toEqual([texts]);
  });

  test('with a backlog, batches are formed by length bucket, oldest bucket first', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 2, maxWaitMs: 5, charBuckets: [10, 100] });
    fake.hold();
    const warm = shared.encode('warm');
    await batchesStarted(fake, 1);
    const texts = ['court', 'x'.repeat(50), 'bref', 'y'.repeat(60), 'z'.repeat(500)];
    const pending = texts.map((t) => shared.encode(t));
    fake.release();
    await Promise.all([warm, ...pending]);
    expect(fake.calls).toEqual([['warm'], ['court', 'bref'], ['x'.repeat(50), 'y'.repeat(60)], ['z'.repeat(500)]]);
  });

  test("uses the inner encoder's own length unit when it has one", async () => {
    const fake = new FakeEncoder();
    const tokenized = Object.assign(fake, {
      lengthBuckets: [2, 8],
      inputLength: (t: string) => t.split(' ').length,
    });
    const shared = new SharedEncoder(tokenized, { maxBatch: 2, maxWaitMs: 5 });
    fake.hold();
    const warm = shared.encode('warm');
    await batchesStarted(fake, 1);
    const pending = ['un', 'un deux trois', 'a b c d e', 'deux', 'trois'].map((t) => shared.encode(t));
    fake.release();
    await Promise.all([warm, ...pending]);
    expect(fake.calls).toEqual([['warm'], ['un', 'deux'], ['un deux trois', 'a b c d e'], ['trois']]);
  });

  test('cache hits are counted and skip the inner encoder; the key is the normalised text', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake);
    const a = await shared.encode('Bonsoir à tous');
    const b = await shared.encode('Bonsoir à tous');
    const c = await shared.encode('  BONSOIR a tous ');
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(fake.calls).toHaveLength(1);
    const s = shared.stats();
    expect(s).toMatchObject({ requests: 3, cacheHits: 2, cacheMisses: 1, cacheEntries: 1 });
    expect(s.hitRate).toBeCloseTo(2 / 3);
  });

  test('identical texts in flight are encoded once', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake);
    const vs = await Promise.all(Array.from({ length: 5 }, () => shared.encode('+1')));
    expect(fake.calls).toEqual([['+1']]);
    expect(vs.every((v) => v === vs[0])).toBe(true);
    expect(shared.stats().deduplicated).toBe(4);
  });

  test('cacheSize 0 disables the cache', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { cacheSize: 0 });
    await shared.encode('a');
    await shared.encode('a');
    expect(fake.calls).toHaveLength(2);
    expect(shared.stats().cacheHits).toBe(0);
  });

  test('overload: a full queue rejects the newest request with EncoderOverloadedError', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 1, maxQueue: 3 });
    const cached = await shared.encode('déjà vu');
    fake.hold();
    const first = shared.encode('one');
    await batchesStarted(fake, 2);
    const queued = [shared.encode('two'), shared.encode('three'), shared.encode('four')];
    const refused = shared.encode('five');
    await expect(refused).rejects.toBeInstanceOf(EncoderOverloadedError);
    await expect(refused).rejects.toMatchObject({ name: 'EncoderOverloadedError', queueDepth: 3 });
    await expect(shared.encodeBatch(['six', 'seven'])).rejects.toBeInstanceOf(EncoderOverloadedError);
    // Cache hits and duplicates of queued texts are still served under overload
    expect(await shared.encode('déjà vu')).toBe(cached);
    const dup = shared.encode('three');
    expect(shared.stats()).toMatchObject({ queueDepth: 3, maxQueueDepth: 3, rejected: 3, inFlight: 1 });
    fake.release();
    const all = await Promise.all([first, ...queued, dup]);
    same(all[0]!, vectorFor('one'));
    same(all[4]!, vectorFor('three'));
    expect(shared.stats().queueDepth).toBe(0);
    // Capacity is back
    same(await shared.encode('five'), vectorFor('five'));
  });

  test('encodeBatch is admitted whole while the queue has room', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 16, maxQueue: 4 });
    const texts = Array.from({ length: 40 }, (_, i) => `faq example ${i}`);
    const vs = await shared.encodeBatch(texts);
    expect(vs).toHaveLength(40);
    vs.forEach((v, i) => same(v, vectorFor(texts[i]!)));
  });

  test('an inner error rejects only the texts it concerns', async () => {
    const fake = new FakeEncoder();
    fake.poison.add('poison');
    const shared = new SharedEncoder(fake, { maxWaitMs: 5 });
    const results = await Promise.allSettled(['ok one', 'poison', 'ok two'].map((t) => shared.encode(t)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('inner encoder failed'));
    expect(shared.stats().errors).toBe(1);
    // Failures are not cached: the next attempt reaches the encoder again
    fake.poison.clear();
    same(await shared.encode('poison'), vectorFor('poison'));
  });

  test('a malformed answer from the inner encoder is an error, not a bad vector', async () => {
    const broken: Encoder = {
      id: 'broken',
      dim: 4,
      encode: async (texts) => texts.map((t) => (t === 'nan' ? Float32Array.of(NaN, 0, 0, 0) : new Float32Array(3))),
      close: async () => undefined,
    };
    const shared = new SharedEncoder(broken);
    await expect(shared.encode('short')).rejects.toThrow(/length 3 \(expected 4\)/);
    await expect(shared.encode('nan')).rejects.toThrow(/non-finite/);
  });

  test('latency percentiles are reported for encoded texts', async () => {
    const shared = new SharedEncoder(new FakeEncoder());
    await Promise.all(['a', 'b', 'c'].map((t) => shared.encode(t)));
    await shared.encode('a');
    const { latencyMs } = shared.stats();
    expect(latencyMs.count).toBe(3);
    expect(latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(latencyMs.p99).toBeGreaterThanOrEqual(latencyMs.p50);
    expect(latencyMs.max).toBeGreaterThanOrEqual(latencyMs.p99);
    shared.resetStats();
    expect(shared.stats()).toMatchObject({ requests: 0, latencyMs: { count: 0 } });
  });

  test('close rejects queued texts, waits for the batch in flight, closes the inner encoder once', async () => {
    const fake = new FakeEncoder();
    const shared = new SharedEncoder(fake, { maxBatch: 1 });
    fake.hold();
    const inFlight = shared.encode('running');
    await batchesStarted(fake, 1);
    const queued = shared.encode('waiting');
    const closed = shared.close();
    await expect(queued).rejects.toThrow(/closed/);
    fake.release();
    same(await inFlight, vectorFor('running'));
    await closed;
    await shared.close();
    expect(fake.closed).toBe(1);
    await expect(shared.encode('late')).rejects.toThrow(/after close/);
    await expect(shared.encodeBatch(['late'])).rejects.toThrow(/after close/);
  });

  test('invalid options fail fast', () => {
    expect(() => new SharedEncoder(new FakeEncoder(), { maxBatch: 0 })).toThrow(/maxBatch must be a positive integer/);
    expect(() => new SharedEncoder(new FakeEncoder(), { cacheSize: -1 })).toThrow(/cacheSize/);
  });

  test('exposes the inner id and dim', () => {
    const shared = new SharedEncoder(new FakeEncoder());
    expect(shared.id).toBe('fake-v1');
    expect(shared.dim).toBe(4);
  });
});
