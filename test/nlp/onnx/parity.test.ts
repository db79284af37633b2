import { afterAll, describe, expect, test } from '@jest/globals';
import { readModelDirectory } from '../../../src/nlp/onnx/model-dir.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import type { PoolingMode } from '../../../src/nlp/onnx/options.js';
import { ChatTokenizer } from '../../../src/nlp/onnx/tokenize.js';
import type { BuiltModel } from '../../../scripts/model-builder/build.js';
import { maxAbsDiff, removeTinyModels, tinyModel } from './model-fixture.js';
import { referenceForward, referencePool } from './reference-forward.js';

const TEXTS = [
  'Bonsoir tout le monde ponceJAM',
  'c quoi la musique ?',
  '+1',
  'LUL',
  '@Usul tu as vu https://www.twitch.tv/jeanmassiet/clip/abc ?',
  "le nucléaire c'est quand même la seule énergie pilotable décarbonée, Jancovici l'explique très bien depuis des années",
  'massietGG massietGG massietGG massietClap',
  'Ça commence à être long là 😂😂',
];

afterAll(removeTinyModels);

/** Reference vectors: tokenize like the encoder, then a plain TypeScript forward pass. */
function expected(model: BuiltModel, texts: readonly string[], pooling: PoolingMode, maxSeqLength = 128, withTypes = true): Float64Array[] {
  const tokenizer = new ChatTokenizer(readModelDirectory(model.dir, undefined, false), maxSeqLength, 'auto');
  return texts.map((t) => {
    const ids = tokenizer.encode(t)!;
    return referencePool(referenceForward(model.weights, ids, withTypes), ids.length, model.weights.shape.hidden, pooling);
  });
}

async function expectParity(encoder: OnnxEncoder, model: BuiltModel, pooling: PoolingMode, maxSeqLength = 128, withTypes = true): Promise<void> {
  const want = expected(model, TEXTS, pooling, maxSeqLength, withTypes);
  // Guard against a degenerate model: another pooling gives clearly different vectors.
  const other = expected(model, TEXTS, pooling === 'cls' ? 'mean' : 'cls', maxSeqLength, withTypes);
  // One batch (mixed lengths, several buckets) and one text at a time must both match.
  const batch = await encoder.encode(TEXTS);
  const single = await Promise.all(TEXTS.map(async (t) => (await encoder.encode([t]))[0]!));
  TEXTS.forEach((_, i) => {
    expect(maxAbsDiff(batch[i]!, want[i]!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(single[i]!, want[i]!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(batch[i]!, other[i]!)).toBeGreaterThan(1e-2);
  });
}

describe('ONNX graph and pooling match a TypeScript forward pass of the same weights', () => {
  test.each<PoolingMode>(['cls', 'mean', 'max'])('pooling %s from 1_Pooling/config.json', async (pooling) => {
    const model = await tinyModel({ pooling });
    const encoder = await OnnxEncoder.open({ path: model.dir });
    try {
      expect(encoder.info.pooling).toBe(pooling);
      await expectParity(encoder, model, pooling);
    } finally {
      await encoder.close();
    }
  });

  test('pooling option overrides the model file', async () => {
    const model = await tinyModel({ pooling: 'cls' });
    const encoder = await OnnxEncoder.open({ path: model.dir, pooling: 'max' });
    try {
      expect(encoder.info.pooling).toBe('max');
      await expectParity(encoder, model, 'max');
    } finally {
      await encoder.close();
    }
  });

  test('graph without token_type_ids: the input is not fed and vectors still match', async () => {
    const model = await tinyModel({ graph: { tokenTypeIds: false } });
    const encoder = await OnnxEncoder.open({ path: model.dir });
    try {
      expect(encoder.info.inputs).toEqual(['input_ids', 'attention_mask']);
      await expectParity(encoder, model, 'cls', 128, false);
    } finally {
      await encoder.close();
    }
  });

  test('graph without attention_mask: no padding, so batches of mixed lengths still match', async () => {
    const model = await tinyModel({ graph: { attentionMask: false } });
    const encoder = await OnnxEncoder.open({ path: model.dir });
    try {
      expect(encoder.info.inputs).toEqual(['input_ids', 'token_type_ids']);
      expect(encoder.info.lengthBuckets).toEqual([]);
      await expectParity(encoder, model, 'cls');
    } finally {
      await encoder.close();
    }
  });

  test('truncation to maxSeqLength keeps [CLS] and [SEP] and matches the reference on the kept tokens', async () => {
    const model = await tinyModel();
    const tokenizer = new ChatTokenizer(readModelDirectory(model.dir, undefined, false), 12, 'auto');
    const ids = tokenizer.encode(TEXTS[5]!)!;
    expect(ids).toHaveLength(12);
    expect(ids[0]).toBe(model.vocab.clsId);
    expect(ids[11]).toBe(model.vocab.sepId);
    const encoder = await OnnxEncoder.open({ path: model.dir, maxSeqLength: 12, lengthBuckets: [4, 8] });
    try {
      expect(encoder.info.lengthBuckets).toEqual([4, 8, 12]);
      await expectParity(encoder, model, 'cls', 12);
    } finally {
      await encoder.close();
    }
  });
});
