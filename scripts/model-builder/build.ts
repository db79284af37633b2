import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildGraph, type GraphOptions } from './graph.js';
import { PRESETS, type ModelShape, type PresetName } from './presets.js';
import { tokenizerConfigJson, tokenizerJson, type TokenizerFileOptions } from './tokenizer-files.js';
import { buildVocab, type UnigramVocab } from './vocab.js';
import { generateWeights, type BertWeights } from './weights.js';

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /** Directory to write (created if missing; files are overwritten). */
  readonly outDir: string;
  /** Built-in shape. Default 'tiny'. Ignored when `shape` is given. */
  readonly preset?: PresetName;
  /** Explicit shape (overrides `preset`). */
  readonly shape?: ModelShape;
  /** PRNG seed of weights and vocabulary fill. Default 42. */
  readonly seed?: number;
  /** Graph variations (inputs, output names). Default: BERT export with last_hidden_state. */
  readonly graph?: GraphOptions;
  /** Where the graph goes, relative to outDir. Default 'onnx/model.onnx' (optimum layout). */
  readonly modelFile?: string;
  /** Pooling written to 1_Pooling/config.json. Default 'cls' (as the reference model). */
  readonly pooling?: 'cls' | 'mean' | 'max';
  /** tokenizer.json options. Default: like the reference model (with Nmt). */
  readonly tokenizer?: TokenizerFileOptions;
}

/** What {@link buildModel} wrote, with the in-memory weights (for reference forward passes). */
export interface BuiltModel {
  readonly dir: string;
  readonly modelPath: string;
  readonly weights: BertWeights;
  readonly vocab: UnigramVocab;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

/**
 * Writes a BERT encoder with deterministic random weights in the layout of a
 * sentence-transformers ONNX export: onnx/model.onnx, tokenizer.json, tokenizer_config.json,
 * config.json, modules.json, sentence_bert_config.json, 1_Pooling/config.json.
 */
export async function buildModel(options: BuildModelOptions): Promise<BuiltModel> {
  const shape = options.shape ?? PRESETS[options.preset ?? 'tiny'];
  const seed = options.seed ?? 42;
  const modelFile = options.modelFile ?? 'onnx/model.onnx';
  const dir = options.outDir;
  if (shape.hidden % shape.heads !== 0) throw new Error(`hidden ${shape.hidden} is not divisible by heads ${shape.heads}`);

  // Weights, vocabulary, graph.
  const weights = generateWeights(shape, seed);
  const vocab = buildVocab(shape.vocabSize, seed);
  const graph = buildGraph(weights, options.graph);

  // Files of a sentence-transformers export.
  const modelPath = join(dir, modelFile);
  await mkdir(dirname(modelPath), { recursive: true });
  await mkdir(join(dir, '1_Pooling'), { recursive: true });
  await writeFile(modelPath, graph);
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab, options.tokenizer)));
  await writeFile(join(dir, 'tokenizer_config.json'), json(tokenizerConfigJson(vocab, shape.maxPositions)));
  await writeFile(
    join(dir, 'config.json'),
    json({
      architectures: ['BertModel'],
      model_type: 'bert',
      vocab_size: shape.vocabSize,
      hidden_size: shape.hidden,
      num_hidden_layers: shape.layers,
      num_attention_heads: shape.heads,
      intermediate_size: shape.intermediate,
      hidden_act: 'gelu',
      max_position_embeddings: shape.maxPositions,
      type_vocab_size: shape.typeVocabSize,
      layer_norm_eps: shape.layerNormEps,
      pad_token_id: vocab.padId,
      initializer_range: 0.02,
      torch_dtype: 'float32',
      generated_by: { tool: 'scripts/build-model.ts', seed, preset: options.shape ? 'custom' : (options.preset ?? 'tiny') },
    }),
  );
  await writeFile(
    join(dir, 'modules.json'),
    json([
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ]),
  );
  await writeFile(join(dir, 'sentence_bert_config.json'), json({ max_seq_length: shape.maxSeqLength, do_lower_case: false }));
  const pooling = options.pooling ?? 'cls';
  await writeFile(
    join(dir, '1_Pooling', 'config.json'),
    json({
      word_embedding_dimension: shape.hidden,
      pooling_mode_cls_token: pooling === 'cls',
      pooling_mode_mean_tokens: pooling === 'mean',
      pooling_mode_max_tokens: pooling === 'max',
      pooling_mode_mean_sqrt_len_tokens: false,
    }),
  );
  return { dir, modelPath, weights, vocab };
}
