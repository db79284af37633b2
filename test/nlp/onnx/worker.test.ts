import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuiltModel } from '../../../scripts/model-builder/build.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { chatExcerpt, maxAbsDiff, norm, removeTinyModels, tinyModel } from './model-fixture.js';

let model: BuiltModel;
const crashingWorker = new URL('./crashing-worker.js', import.meta.url);

beforeAll(async () => {
  model = await tinyModel();
});
afterAll(removeTinyModels);

describe('OnnxEncoder worker thread', () => {
  test('the event loop keeps turning while a large batch is encoded', async () => {
    const encoder = await OnnxEncoder.open({ path: model.dir });
    try {
      const texts = chatExcerpt().concat(chatExcerpt().map((t) => `${t} ${t}`));
      let done = false;
      let ticks = 0;
      const encoding = encoder.encode(texts).finally(() => (done = true));
      while (!done) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        ticks++;
      }
      const vectors = await encoding;
      expect(vectors).toHaveLength(texts.length);
      // Tokenizing and running 2,000 messages on the main thread would block it: a handful of turns at most.
      expect(ticks).toBeGreaterThan(50);
    } finally {
      await encoder.close();
    }
  });

  test('concurrent callers each get their own vectors, in order', async () => {
    const encoder = await OnnxEncoder.open({ path: model.dir });
    try {
      const texts = chatExcerpt().slice(0, 120);
      const alone = await encoder.encode(texts);
      const groups = Array.from({ length: 12 }, (_, g) => texts.slice(g * 10, g * 10 + 10));
      const results = await Promise.all(groups.map((group) => encoder.encode(group)));
      results.flat().forEach((v, i) => expect(maxAbsDiff(v, alone[i]!)).toBeLessThan(1e-5));
      // Distinct messages give distinct vectors (answers are not swapped or shared).
      expect(maxAbsDiff(results[0]![0]!, results[1]![0]!)).toBeGreaterThan(1e-3);
      expect(encoder.pendingRequests).toBe(0);
    } finally {
      await encoder.close();
    }
  });

  test('repeated messages of one request are run once and get the same vectors as without de-duplication', async () => {
    const encoder = await OnnxEncoder.open({ path: model.dir });
    const plain = await OnnxEncoder.open({ path: model.dir, dedupe: false });
    try {
      const texts = ['LUL', '+1', 'LUL', 'bonjour à tous', '+1', 'LUL', ''];
      const a = await encoder.encode(texts);
      const b = await plain.encode(texts);
      a.forEach((v, i) => expect(maxAbsDiff(v, b[i]!)).toBeLessThan(1e-6));
      expect(maxAbsDiff(a[0]!, a[1]!)).toBeGreaterThan(1e-3);
      // Each caller owns its vector.
      a[0]![0] = 42;
      expect(a[2]![0]).not.toBe(42);
    } finally {
      await Promise.all([encoder.close(), plain.close()]);
    }
  });

  test.each(['__crash__', '__exit__'])('a worker that dies (%s) fails pending requests and is replaced', async (fault) => {
    const encoder = await OnnxEncoder.open({ path: model.dir, workerUrl: crashingWorker });
    try {
      const before = await encoder.encode(['bonjour le chat']);
      const first = encoder.workerThread;
      await expect(encoder.encode(['bonsoir', fault])).rejects.toThrow(/worker/);
      expect(encoder.workerCrashes).toBe(1);
      expect(encoder.pendingRequests).toBe(0);
      const after = await encoder.encode(['bonjour le chat']);
      expect(encoder.workerThread).toBeDefined();
      expect(encoder.workerThread).not.toBe(first);
      expect(maxAbsDiff(after[0]!, before[0]!)).toBeLessThan(1e-6);
    } finally {
      await encoder.close();
    }
  });

  test('close() terminates the worker, rejects later requests and is idempotent', async () => {
    const encoder = await OnnxEncoder.open({ path: model.dir });
    const worker = encoder.workerThread;
    expect(worker).toBeDefined();
    const exited = new Promise<number>((resolve) => worker!.once('exit', resolve));
    await encoder.encode(['salut']);
    await encoder.close();
    await exited;
    expect(encoder.workerThread).toBeUndefined();
    await expect(encoder.encode(['salut'])).rejects.toThrow(/closed/);
    await expect(encoder.close()).resolves.toBeUndefined();
  });

  test('close() fails requests still in flight instead of leaving them hanging', async () => {
    const encoder = await OnnxEncoder.open({ path: model.dir });
    const inFlight = encoder.encode(chatExcerpt()).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    await encoder.close();
    expect((await inFlight).message).toMatch(/closed/);
  });

  test('id is stable for the same files and settings, and changes with pooling', async () => {
    const a = await OnnxEncoder.open({ path: model.dir });
    const b = await OnnxEncoder.open({ path: model.dir });
    const c = await OnnxEncoder.open({ path: model.dir, pooling: 'mean' });
    try {
      expect(a.id).toBe(b.id);
      expect(c.id).not.toBe(a.id);
      expect(a.dim).toBe(model.weights.shape.hidden);
      const [v] = await a.encode(['re']);
      expect(norm(v!)).toBeCloseTo(1, 5);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
