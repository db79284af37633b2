import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadWeights } from '../../../src/nlp/model-import/load-weights.js';
import { readSafetensors } from '../../../src/nlp/model-import/safetensors.js';
import { readTorchCheckpoint } from '../../../src/nlp/model-import/torch-checkpoint.js';
import { fixturePath } from '../../helpers/paths.js';

const dir = fixturePath('model-import', 'convbert-tiny');

describe('checkpoint readers', () => {
  test('pytorch_model.bin (torch ZIP + pickle) and model.safetensors hold the same tensors', () => {
    const bin = loadWeights(`${dir}/pytorch_model.bin`);
    const st = loadWeights(`${dir}/model.safetensors`);
    expect([...bin.keys()].sort()).toEqual([...st.keys()].sort());
    expect(bin.get('encoder.layer.1.attention.self.key_conv_attn_layer.depthwise.weight')!.shape).toEqual([64, 1, 9]);
    expect(bin.get('embeddings_project.weight')!.shape).toEqual([64, 32]);
    // int64 buffer position_ids comes through as numbers.
    expect(Array.from(bin.get('embeddings.position_ids')!.data.slice(0, 4))).toEqual([0, 1, 2, 3]);
    for (const [name, t] of bin) expect(Array.from(st.get(name)!.data)).toEqual(Array.from(t.data));
  });

  test('half-precision safetensors are widened to float32', () => {
    const st = loadWeights(fixturePath('model-import', 'convbert-tiny-groups', 'model.safetensors'));
    const w = st.get('encoder.layer.0.intermediate.dense.weight')!;
    expect(w.shape).toEqual([2, 32, 64]);
    expect(w.data.some((v) => v !== 0)).toBe(true);
  });

  test('the legacy (pre-1.6) torch format gets an error with the fix', () => {
    const legacy = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
    expect(() => readTorchCheckpoint(legacy, 'pytorch_model.bin')).toThrow(/legacy \(pre-1\.6\).*Fix: use the repository's model\.safetensors/);
    expect(() => readTorchCheckpoint(Uint8Array.from([1, 2, 3, 4]), 'x.bin')).toThrow(/neither a PyTorch ZIP checkpoint/);
  });

  test('a truncated file is an error, not garbage weights', () => {
    const bytes = readFileSync(`${dir}/model.safetensors`);
    expect(() => readSafetensors(bytes.subarray(0, bytes.length - 100), 'model.safetensors')).toThrow(/not a valid safetensors file.*outside the file/);
    const bin = readFileSync(`${dir}/pytorch_model.bin`);
    expect(() => readTorchCheckpoint(bin.subarray(0, bin.length - 2000), 'pytorch_model.bin')).toThrow(/damaged ZIP archive|runs past/);
  });
});
