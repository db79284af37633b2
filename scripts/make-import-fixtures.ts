// Rebuilds test/fixtures/model-import/* (small BERT and ConvBERT checkpoints with PyTorch reference
// outputs) with the reference in scripts/reference/reference_model.py. Needs Debian python3-torch;
// `npm test` only reads the committed files. Usage: npm run fixtures:model-import [-- --python /usr/bin/python3]
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCheckpoint, type CheckpointSpec } from './model-import/checkpoints.js';

const { values } = parseArgs({ options: { python: { type: 'string', default: 'python3' } } });
const tiny = {
  vocab_size: 1024,
  max_position_embeddings: 128,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  hidden_act: 'gelu',
  pad_token_id: 0,
  num_hidden_layers: 2,
};
const SPECS: Record<string, CheckpointSpec> = {
  // The seed's architecture, reduced: embedding projection 32 -> 64, 2 attention + 2 convolution heads.
  'convbert-tiny': {
    config: {
      architectures: ['ConvBertModel'],
      model_type: 'convbert',
      ...tiny,
      hidden_size: 64,
      num_attention_heads: 4,
      intermediate_size: 128,
      embedding_size: 32,
      head_ratio: 2,
      conv_kernel_size: 9,
      num_groups: 1,
    },
    pooling: 'cls',
    formats: ['bin', 'safetensors'],
    seed: 1,
  },
  // Grouped feed-forward layers, another kernel width, half-precision safetensors.
  'convbert-tiny-groups': {
    config: {
      architectures: ['ConvBertModel'],
      model_type: 'convbert',
      ...tiny,
      hidden_size: 64,
      num_attention_heads: 4,
      intermediate_size: 128,
      embedding_size: 48,
      head_ratio: 2,
      conv_kernel_size: 5,
      num_groups: 2,
    },
    pooling: 'mean',
    formats: ['safetensors'],
    dtype: 'F16',
    seed: 2,
  },
  'bert-tiny': {
    config: { architectures: ['BertModel'], model_type: 'bert', ...tiny, hidden_size: 48, num_attention_heads: 4, intermediate_size: 96 },
    pooling: 'mean',
    formats: ['bin', 'safetensors'],
    seed: 3,
  },
};

for (const [name, spec] of Object.entries(SPECS)) {
  const dir = resolve(join('test', 'fixtures', 'model-import', name));
  rmSync(dir, { recursive: true, force: true });
  makeCheckpoint(dir, spec, values.python);
  console.log(`wrote ${dir}`);
}
