/** Shape of a BERT-architecture encoder. */
export interface ModelShape {
  /** Transformer layers. */
  readonly layers: number;
  /** Hidden size (= embedding size). */
  readonly hidden: number;
  /** Attention heads (hidden must be divisible by heads). */
  readonly heads: number;
  /** Feed-forward inner size. */
  readonly intermediate: number;
  /** Vocabulary size (pieces of tokenizer.json). */
  readonly vocabSize: number;
  /** Position embeddings (maximum sequence length the graph accepts). */
  readonly maxPositions: number;
  /** Token type (segment) embeddings. */
  readonly typeVocabSize: number;
  /** LayerNorm epsilon. */
  readonly layerNormEps: number;
  /** `max_seq_length` written to sentence_bert_config.json. */
  readonly maxSeqLength: number;
}

export type PresetName = 'tiny' | 'seed-shape';

/** Built-in shapes: `tiny` for tests, `seed-shape` = compute shape of the reference model. */
export const PRESETS: Readonly<Record<PresetName, ModelShape>> = {
  tiny: {
    layers: 2,
    hidden: 32,
    heads: 4,
    intermediate: 64,
    vocabSize: 1024,
    maxPositions: 128,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    maxSeqLength: 128,
  },
  'seed-shape': {
    layers: 12,
    hidden: 256,
    heads: 4,
    intermediate: 1024,
    vocabSize: 16361,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    maxSeqLength: 512,
  },
};

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
