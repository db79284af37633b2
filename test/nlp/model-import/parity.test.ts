import { describe, expect, test } from '@jest/globals';
import { checkParity } from '../../../scripts/model-import/parity.js';
import { fixturePath } from '../../helpers/paths.js';

// Checkpoints made by scripts/reference/reference_model.py (PyTorch, written from Hugging Face's
// modeling_bert.py / modeling_convbert.py) with its outputs; rebuilt by `npm run fixtures:model-import`.
const CASES: Array<[string, string]> = [
  ['convbert-tiny', 'pytorch_model.bin'],
  ['convbert-tiny', 'model.safetensors'],
  ['convbert-tiny-groups', 'model.safetensors'],
  ['bert-tiny', 'pytorch_model.bin'],
  ['bert-tiny', 'model.safetensors'],
];

describe('ONNX graphs built in Node match the PyTorch reference', () => {
  test.each(CASES)('%s from %s: CLS and mean pooling within 1e-4, alone and padded in a batch', async (name, weights) => {
    const r = await checkParity(fixturePath('model-import', name), weights);
    expect(r.messages).toBeGreaterThanOrEqual(6);
    expect(r.cls).toBeLessThan(1e-4);
    expect(r.mean).toBeLessThan(1e-4);
    // Padding to a longer batch must not leak into ConvBERT's convolutions.
    expect(r.clsPadded).toBeLessThan(1e-4);
    expect(r.meanPadded).toBeLessThan(1e-4);
  });
});
