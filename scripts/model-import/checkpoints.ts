import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelDirectory } from '../../src/nlp/onnx/model-dir.js';
import { ChatTokenizer } from '../../src/nlp/onnx/tokenize.js';
import { tokenizerConfigJson, tokenizerJson } from '../model-builder/tokenizer-files.js';
import { buildVocab } from '../model-builder/vocab.js';

/** A Hugging Face checkpoint to make with the PyTorch reference (scripts/reference/reference_model.py). */
export interface CheckpointSpec {
  /** config.json of the checkpoint (model_type bert or convbert). */
  readonly config: Record<string, unknown>;
  readonly pooling: 'cls' | 'mean';
  /** Weight files to write. */
  readonly formats: ReadonlyArray<'bin' | 'safetensors'>;
  /** Float type of model.safetensors. Default F32. */
  readonly dtype?: 'F32' | 'F16';
  readonly seed?: number;
}

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

/** ConvBERT small as the reference model (lincoln/2021twitchfr-conv-bert-small-mlm-simcse). */
export const SEED_CONFIG = {
  architectures: ['ConvBertModel'],
  model_type: 'convbert',
  vocab_size: 16361,
  hidden_size: 256,
  num_hidden_layers: 12,
  num_attention_heads: 4,
  intermediate_size: 1024,
  hidden_act: 'gelu',
  max_position_embeddings: 512,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  embedding_size: 128,
  head_ratio: 2,
  conv_kernel_size: 9,
  num_groups: 1,
  pad_token_id: 0,
};

/** The compute shape of sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2 (BERT). */
export const MINILM_CONFIG = {
  architectures: ['BertModel'],
  model_type: 'bert',
  vocab_size: 250037,
  hidden_size: 384,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 1536,
  hidden_act: 'gelu',
  max_position_embeddings: 512,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
};

/** Chat messages the references are computed on (from test/fixtures/onnx/chat-excerpt.tsv, plus a long one). */
export const REFERENCE_MESSAGES = [
  'hé mais ça parle bien ici',
  "C'est quoi la ref des canettes de bière?",
  'LUL',
  'Différence : 15 Ans Kappa',
  '@streamer tu peux remettre le lien https://example.com stp',
  'mdr le chat il a rien compris à ce qui se passe, ça commence à être long la, on attend depuis 20 minutes',
];

/**
 * Writes a sentence-transformers repository (tokenizer built from chat words, modules, pooling,
 * config.json) to `dir`, tokenizes {@link REFERENCE_MESSAGES} with the bot's tokenizer, and runs
 * the PyTorch reference to add random weights and reference.json. Needs python3 with torch.
 */
export function makeCheckpoint(dir: string, spec: CheckpointSpec, python = 'python3'): void {
  const config = spec.config as { vocab_size: number; max_position_embeddings: number; hidden_size: number };
  mkdirSync(join(dir, '1_Pooling'), { recursive: true });
  const vocab = buildVocab(config.vocab_size, spec.seed ?? 0);
  const tokJson = tokenizerJson(vocab) as Record<string, unknown>;
  const tokConfig = tokenizerConfigJson(vocab, config.max_position_embeddings) as Record<string, unknown>;
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokJson));
  writeFileSync(join(dir, 'tokenizer_config.json'), json(tokConfig));
  writeFileSync(join(dir, 'config.json'), json(spec.config));
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
      word_embedding_dimension: config.hidden_size,
      pooling_mode_cls_token: spec.pooling === 'cls',
      pooling_mode_mean_tokens: spec.pooling === 'mean',
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
    }),
  );
  const model = { tokenizerJson: tokJson, tokenizerConfig: tokConfig, tokenizerFile: join(dir, 'tokenizer.json') } as unknown as ModelDirectory;
  const tokenizer = new ChatTokenizer(model, 128, 'auto', true);
  const ids = REFERENCE_MESSAGES.map((m) => tokenizer.encode(m)!);
  const idsFile = join(dir, 'ids.json');
  writeFileSync(idsFile, JSON.stringify(ids));
  execFileSync(
    python,
    [
      resolve('scripts/reference/reference_model.py'),
      '--config',
      join(dir, 'config.json'),
      '--ids',
      idsFile,
      '--out',
      dir,
      '--seed',
      String(spec.seed ?? 0),
      '--formats',
      spec.formats.join(','),
      '--dtype',
      spec.dtype ?? 'F32',
    ],
    { stdio: 'inherit' },
  ); // the reference sets torch to one thread itself
  // reference.json holds the ids; the messages make it readable.
  execFileSync(python, [
    '-c',
    `import json,sys;p=sys.argv[1];r=json.load(open(p));r["messages"]=json.loads(sys.argv[2]);json.dump(r,open(p,"w"))`,
    join(dir, 'reference.json'),
    JSON.stringify(REFERENCE_MESSAGES),
  ]);
  execFileSync('rm', ['-f', idsFile]);
}
