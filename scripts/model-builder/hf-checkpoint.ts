import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convbertHeads, readArchitecture } from '../../src/nlp/model-import/architecture.js';
import { writeSafetensors } from '../../src/nlp/model-import/safetensors.js';
import type { StateDict } from '../../src/nlp/model-import/tensors.js';
import { Prng, subSeed } from './prng.js';
import { tokenizerConfigJson, tokenizerJson } from './tokenizer-files.js';
import { buildVocab } from './vocab.js';

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

/**
 * Random weights under Hugging Face's parameter names for a BERT or ConvBERT config.json
 * (PyTorch layouts: Linear [out, in], Conv1d [out, in/groups, k]); scaled like a trained model
 * (1/sqrt(fan-in)), so activations keep their size through the layers.
 */
export function randomStateDict(config: Record<string, unknown>, seed: number): StateDict {
  const arch = readArchitecture(config, 'config.json');
  const state: StateDict = new Map();
  const put = (name: string, shape: number[], std: number, mean = 0): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    state.set(name, { shape, data: new Prng(subSeed(seed, name)).normalArray(n, std, mean) });
  };
  const linear = (name: string, out: number, inp: number): void => {
    put(`${name}.weight`, [out, inp], 1 / Math.sqrt(inp));
    put(`${name}.bias`, [out], 0.05);
  };
  const norm = (name: string, width: number): void => {
    put(`${name}.weight`, [width], 0.05, 1);
    put(`${name}.bias`, [width], 0.05);
  };
  const { hidden: h, embeddingSize: e, intermediate: f } = arch;
  put('embeddings.word_embeddings.weight', [arch.vocabSize, e], 0.5);
  put('embeddings.position_embeddings.weight', [arch.maxPositions, e], 0.5);
  put('embeddings.token_type_embeddings.weight', [arch.typeVocabSize, e], 0.5);
  norm('embeddings.LayerNorm', e);
  if (e !== h) linear('embeddings_project', h, e);
  const a = arch.family === 'convbert' ? convbertHeads(arch).allHeadSize : h;
  const nh = arch.family === 'convbert' ? convbertHeads(arch).attentionHeads : arch.heads;
  for (let l = 0; l < arch.layers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const m of ['query', 'key', 'value']) linear(`${p}attention.self.${m}`, a, h);
    if (arch.family === 'convbert') {
      const k = arch.convKernelSize;
      put(`${p}attention.self.key_conv_attn_layer.depthwise.weight`, [h, 1, k], 1 / Math.sqrt(k));
      put(`${p}attention.self.key_conv_attn_layer.pointwise.weight`, [a, h, 1], 1 / Math.sqrt(h));
      put(`${p}attention.self.key_conv_attn_layer.bias`, [a, 1], 0.05);
      linear(`${p}attention.self.conv_kernel_layer`, nh * k, a);
      linear(`${p}attention.self.conv_out_layer`, a, h);
    }
    linear(`${p}attention.output.dense`, h, h);
    norm(`${p}attention.output.LayerNorm`, h);
    linear(`${p}intermediate.dense`, f, h);
    linear(`${p}output.dense`, h, f);
    norm(`${p}output.LayerNorm`, h);
  }
  return state;
}

/**
 * Writes a Hugging Face sentence-transformers repository (config.json, model.safetensors with
 * random weights, a chat-word tokenizer, modules, pooling) that `npm run model:install` can install.
 */
export function writeRandomCheckpoint(dir: string, config: Record<string, unknown>, pooling: 'cls' | 'mean', seed = 42): void {
  const c = config as { vocab_size: number; max_position_embeddings: number; hidden_size: number };
  mkdirSync(join(dir, '1_Pooling'), { recursive: true });
  const vocab = buildVocab(c.vocab_size, seed);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(join(dir, 'tokenizer_config.json'), json(tokenizerConfigJson(vocab, c.max_position_embeddings)));
  writeFileSync(join(dir, 'config.json'), json(config));
  writeFileSync(
    join(dir, 'modules.json'),
    json([
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ]),
  );
  writeFileSync(join(dir, 'sentence_bert_config.json'), json({ max_seq_length: 128, do_lower_case: false }));
  writeFileSync(
    join(dir, '1_Pooling', 'config.json'),
    json({
      word_embedding_dimension: c.hidden_size,
      pooling_mode_cls_token: pooling === 'cls',
      pooling_mode_mean_tokens: pooling === 'mean',
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
    }),
  );
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(randomStateDict(config, seed)));
}
