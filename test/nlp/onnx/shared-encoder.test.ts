import { afterAll, expect, test } from '@jest/globals';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { normalizeText } from '../../../src/nlp/normalize.js';
import { SharedEncoder } from '../../../src/nlp/shared-encoder.js';
import { chatExcerpt, maxAbsDiff, removeTinyModels, tinyModel } from './model-fixture.js';

afterAll(removeTinyModels);

test('SharedEncoder over the ONNX encoder: concurrent chat gets the direct vectors, repeats hit the cache', async () => {
  const model = await tinyModel();
  const direct = await OnnxEncoder.open({ path: model.dir });
  const shared = new SharedEncoder(await OnnxEncoder.open({ path: model.dir }));
  try {
    const texts = chatExcerpt().slice(0, 200);
    const want = await direct.encode(texts);
    const got = await Promise.all(texts.map((t) => shared.encode(t)));
    // Texts with the same normalised key share the vector of the first of them.
    const keys = texts.map((t) => normalizeText(t));
    got.forEach((v, i) => {
      expect(v).toHaveLength(direct.dim);
      expect(maxAbsDiff(v, want[keys.indexOf(keys[i]!)]!)).toBeLessThan(1e-5);
    });
    await Promise.all(texts.map((t) => shared.encode(t)));
    const stats = shared.stats();
    expect(stats.requests).toBe(400);
    expect(stats.cacheHits).toBeGreaterThanOrEqual(200);
    expect(stats.batches).toBeLessThan(200);
  } finally {
    await Promise.all([direct.close(), shared.close()]);
  }
});
