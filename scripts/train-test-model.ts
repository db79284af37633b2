/**
 * `npm run build:test-model -- [chat.tsv] [--out test/fixtures/trained-model] [--steps 1300] [--layers 0] [--seconds 1500]`
 *
 * Rebuilds the small trained sentence encoder kept as a test fixture: a SentencePiece-style
 * vocabulary (scripts/model-builder, 8,000 pieces), contrastive training with Debian's
 * python3-torch (scripts/test-model/train.py, one CPU thread, bounded time) on chat-like
 * augmentations of a real chat (default ../shared/data/backseat-2021-11-04.tsv), exported to ONNX
 * in the sentence-transformers layout the ONNX encoder reads (mean pooling, 96 dimensions). Default:
 * a bag of sub-word embeddings (`--layers 0`, 1,300 steps); `--layers 1` adds a transformer layer
 * (slower to train, no better here on eval:moderation).
 * Never needed by `npm test`: the fixture is committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeText } from '../src/nlp/normalize.js';
import { ChatTokenizer } from '../src/nlp/onnx/tokenize.js';
import type { ModelDirectory } from '../src/nlp/onnx/model-dir.js';
import { mulberry32 } from '../src/util/random.js';
import { tokenizerConfigJson, tokenizerJson } from './model-builder/tokenizer-files.js';
import { buildVocab } from './model-builder/vocab.js';
import { augment } from './test-model/augment.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    seconds: { type: 'string', default: '1500' },
    steps: { type: 'string', default: '1300' },
    layers: { type: 'string', default: '0' },
    vocab: { type: 'string', default: '8000' },
    views: { type: 'string', default: '4' },
  },
});
const chatFile = resolve(positionals[0] ?? join(root, '..', 'shared', 'data', 'backseat-2021-11-04.tsv'));
const out = resolve(values.out ?? join(root, 'test', 'fixtures', 'trained-model'));
const MAX_SEQ = 128;
const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

// 1. Tokenizer and model files
const vocab = buildVocab(Number(values.vocab), 42);
mkdirSync(join(out, 'onnx'), { recursive: true });
mkdirSync(join(out, '1_Pooling'), { recursive: true });
const tokJson = tokenizerJson(vocab) as Record<string, unknown>;
writeFileSync(join(out, 'tokenizer.json'), JSON.stringify(tokJson));
writeFileSync(join(out, 'tokenizer_config.json'), json(tokenizerConfigJson(vocab, MAX_SEQ)));
writeFileSync(
  join(out, 'modules.json'),
  json([
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  ]),
);
writeFileSync(join(out, 'sentence_bert_config.json'), json({ max_seq_length: MAX_SEQ, do_lower_case: false }));
writeFileSync(
  join(out, '1_Pooling', 'config.json'),
  json({
    word_embedding_dimension: 96,
    pooling_mode_cls_token: false,
    pooling_mode_mean_tokens: true,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
  }),
);
writeFileSync(
  join(out, 'config.json'),
  json({
    architectures: ['ChatTestEncoder'],
    model_type: 'chat-test-encoder',
    vocab_size: vocab.pieces.length,
    hidden_size: 96,
    num_hidden_layers: Number(values.layers),
    max_position_embeddings: MAX_SEQ,
    pad_token_id: 0,
    generated_by: { tool: 'scripts/train-test-model.ts', chat: chatFile.split('/').pop(), steps: Number(values.steps) },
  }),
);

// 2. Training pairs: views of each distinct message, tokenized exactly as the ONNX encoder does
const model: ModelDirectory = {
  dir: out,
  modelFile: join(out, 'onnx', 'model.onnx'),
  tokenizerFile: join(out, 'tokenizer.json'),
  tokenizerJson: tokJson,
  tokenizerConfig: JSON.parse(readFileSync(join(out, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>,
  pooling: 'mean',
  lengthLimits: [MAX_SEQ],
  hasDenseModule: false,
};
const tokenizer = new ChatTokenizer(model, MAX_SEQ, 'auto');
const texts = [
  ...new Map(
    readFileSync(chatFile, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t').slice(2).join(' ').trim())
      .filter((t) => t.length >= 2)
      .map((t) => [normalizeText(t), t] as const),
  ).values(),
];
const rnd = mulberry32(11);
const pairs: number[][][] = [];
for (let v = 0; v < Number(values.views); v++) {
  for (const t of texts) {
    const a = tokenizer.encode(rnd() < 0.3 ? t : augment(t, rnd));
    const b = tokenizer.encode(augment(t, rnd));
    if (a && b) pairs.push([a, b]);
  }
}
const pairFile = join(tmpdir(), `test-model-pairs-${process.pid}.json`);
writeFileSync(pairFile, JSON.stringify({ vocab: vocab.pieces.length, pairs }));
console.log(`${texts.length} distinct messages, ${pairs.length} pairs of views -> training ${values.steps} steps (at most ${values.seconds} s)`);

// 3. Training and export (python3-torch; one thread)
const python = process.env['PYTHON'] ?? '/usr/bin/python3';
const r = spawnSync(
  python,
  [
    join(root, 'scripts', 'test-model', 'train.py'),
    '--pairs',
    pairFile,
    '--out',
    join(out, 'onnx', 'model.onnx'),
    '--seconds',
    String(values.seconds),
    '--steps',
    String(values.steps),
    '--layers',
    String(values.layers),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  },
);
if (r.status !== 0) {
  console.error(`training failed (exit ${r.status}). Fix: install Debian's python3-torch (apt-get install python3-torch) or set PYTHON`);
  process.exit(1);
}
console.log(`wrote ${out}`);
