import { afterAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { createEncoder } from '../../../src/nlp/create-encoder.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { maxAbsDiff, removeTinyModels, tinyModel } from './model-fixture.js';

const { onnx } = onnxProto;

afterAll(removeTinyModels);

async function openError(options: Parameters<typeof OnnxEncoder.open>[0]): Promise<string> {
  try {
    const encoder = await OnnxEncoder.open(options);
    await encoder.close();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected OnnxEncoder.open to fail');
}

describe('model directory errors name the file and the fix', () => {
  test('missing directory', async () => {
    const message = await openError({ path: '/nonexistent/model-dir' });
    expect(message).toContain('/nonexistent/model-dir');
    expect(message).toContain('encoder.path');
  });

  test('no graph file', async () => {
    const model = await tinyModel();
    rmSync(model.modelPath);
    const message = await openError({ path: model.dir });
    expect(message).toContain(model.dir);
    expect(message).toContain('onnx/model.onnx');
    expect(message).toContain('optimum-cli export onnx');
  });

  test('graph file that is not ONNX', async () => {
    const model = await tinyModel();
    writeFileSync(model.modelPath, 'not a model');
    const message = await openError({ path: model.dir });
    expect(message).toContain(model.modelPath);
    expect(message).toContain('onnxruntime');
    expect(message).toContain('Copy the file again');
  });

  test('missing tokenizer.json', async () => {
    const model = await tinyModel();
    rmSync(join(model.dir, 'tokenizer.json'));
    expect(await openError({ path: model.dir })).toContain(join(model.dir, 'tokenizer.json'));
  });

  test('tokenizer.json that is not JSON', async () => {
    const model = await tinyModel();
    writeFileSync(join(model.dir, 'tokenizer.json'), '{"model": {"type": "Unigram", ');
    const message = await openError({ path: model.dir });
    expect(message).toContain(join(model.dir, 'tokenizer.json'));
    expect(message).toContain('not valid JSON');
  });

  test('tokenizer.json with an unknown model', async () => {
    const model = await tinyModel();
    writeFileSync(join(model.dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'Mystery' } }));
    const message = await openError({ path: model.dir });
    expect(message).toContain(join(model.dir, 'tokenizer.json'));
    expect(message).toContain('@huggingface/tokenizers');
  });

  test('1_Pooling/config.json enabling no mode', async () => {
    const model = await tinyModel();
    const file = join(model.dir, '1_Pooling', 'config.json');
    writeFileSync(file, JSON.stringify({ word_embedding_dimension: 32, pooling_mode_cls_token: false }));
    const message = await openError({ path: model.dir });
    expect(message).toContain(file);
    expect(message).toContain('encoder.options.pooling');
  });

  test('graph without any sentence or token output', async () => {
    const model = await tinyModel({ graph: { outputs: ['logits'] } });
    const message = await openError({ path: model.dir });
    expect(message).toContain(model.modelPath);
    expect(message).toContain('logits');
    expect(message).toContain('last_hidden_state');
  });

  test('graph with an input a text encoder does not take', async () => {
    const model = await tinyModel();
    const proto = onnx.ModelProto.decode(readFileSync(model.modelPath));
    for (const node of proto.graph!.node!) node.input = node.input!.map((n) => (n === 'input_ids' ? 'pixel_values' : n));
    proto.graph!.input!.find((i) => i.name === 'input_ids')!.name = 'pixel_values';
    writeFileSync(model.modelPath, onnx.ModelProto.encode(proto).finish());
    const message = await openError({ path: model.dir });
    expect(message).toContain(model.modelPath);
    expect(message).toContain('pixel_values');
    expect(message).toContain('optimum-cli export onnx');
  });

  test('quantized requested but absent, then present', async () => {
    const model = await tinyModel();
    expect(await openError({ path: model.dir, quantized: true })).toContain('model_quantized.onnx');
    copyFileSync(model.modelPath, join(model.dir, 'onnx', 'model_quantized.onnx'));
    const encoder = await OnnxEncoder.open({ path: model.dir, quantized: true });
    await encoder.close();
    expect(encoder.info.modelFile).toBe(join(model.dir, 'onnx', 'model_quantized.onnx'));
  });
});

describe('generated models', () => {
  test('are byte-identical for one seed and differ for another', async () => {
    const [a, b, c] = await Promise.all([tinyModel({ seed: 7 }), tinyModel({ seed: 7 }), tinyModel({ seed: 8 })]);
    for (const f of ['onnx/model.onnx', 'tokenizer.json', 'config.json', '1_Pooling/config.json']) {
      expect(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f)))).toBe(true);
    }
    expect(readFileSync(a.modelPath).equals(readFileSync(c.modelPath))).toBe(false);
    expect(a.vocab.pieces).toHaveLength(a.weights.shape.vocabSize);
  });
});

describe('graph layouts and output names', () => {
  test('model.onnx at the top of the directory', async () => {
    const model = await tinyModel({ modelFile: 'model.onnx' });
    const encoder = await OnnxEncoder.open({ path: model.dir });
    await encoder.close();
    expect(encoder.info.modelFile).toBe(join(model.dir, 'model.onnx'));
  });

  test('token_embeddings, sentence_embedding and both give the same CLS vectors', async () => {
    const texts = ['bonsoir le chat', 'c quoi la musique ?', 'LUL LUL LUL'];
    const base = await tinyModel();
    const reference = await OnnxEncoder.open({ path: base.dir });
    const want = await reference.encode(texts);
    await reference.close();
    const cases = [
      { outputs: ['token_embeddings'] as const, output: 'token_embeddings', pooling: 'cls' },
      { outputs: ['sentence_embedding'] as const, output: 'sentence_embedding', pooling: 'none' },
      { outputs: ['token_embeddings', 'sentence_embedding'] as const, output: 'sentence_embedding', pooling: 'none' },
    ];
    for (const c of cases) {
      const model = await tinyModel({ graph: { outputs: c.outputs } });
      const encoder = await OnnxEncoder.open({ path: model.dir });
      try {
        expect(encoder.info.output).toBe(c.output);
        expect(encoder.info.pooling).toBe(c.pooling);
        const got = await encoder.encode(texts);
        got.forEach((v, i) => expect(maxAbsDiff(v, want[i]!)).toBeLessThan(1e-5));
      } finally {
        await encoder.close();
      }
    }
  });

  test('configured pooling prefers the token-level output when both exist', async () => {
    const model = await tinyModel({ graph: { outputs: ['token_embeddings', 'sentence_embedding'] } });
    const encoder = await OnnxEncoder.open({ path: model.dir, pooling: 'mean' });
    await encoder.close();
    expect(encoder.info.output).toBe('token_embeddings');
    expect(encoder.info.pooling).toBe('mean');
  });
});

describe('createEncoder', () => {
  test('hash needs no files and ignores a null path from config', async () => {
    const encoder = await createEncoder({ kind: 'hash', path: null });
    const [v] = await encoder.encode(['bonjour']);
    expect(v).toHaveLength(encoder.dim);
    await encoder.close();
  });

  test('onnx loads the model directory with its options', async () => {
    const model = await tinyModel();
    const encoder = await createEncoder({ kind: 'onnx', path: model.dir, pooling: 'mean', maxSeqLength: 64 });
    try {
      expect(encoder).toBeInstanceOf(OnnxEncoder);
      expect((encoder as OnnxEncoder).info.pooling).toBe('mean');
      expect((encoder as OnnxEncoder).info.maxSeqLength).toBe(64);
    } finally {
      await encoder.close();
    }
  });

  test('unknown kinds, unknown options and a missing path are errors naming them', async () => {
    await expect(createEncoder({ kind: 'bert' })).rejects.toThrow(/unknown encoder.kind "bert"/);
    await expect(createEncoder({ kind: 'onnx', path: '/x', poolng: 'cls' })).rejects.toThrow(/poolng/);
    await expect(createEncoder({ kind: 'onnx', path: '/x', maxSeqLength: -1 })).rejects.toThrow(/maxSeqLength/);
    await expect(createEncoder({ kind: 'onnx' })).rejects.toThrow(/encoder.path/);
  });
});
