/** Pooling of token vectors into one sentence vector (sentence-transformers modes). */
export type PoolingMode = 'cls' | 'mean' | 'max';

/** Reference-model preprocessing applied to each message before tokenization. */
export interface PreprocessOptions {
  /** Replace `@name` mentions with `<mention>`. */
  readonly mentions: boolean;
  /** Replace `http(s)://` and `ftp://` URLs with `<url>`. */
  readonly urls: boolean;
}

/** ONNX Runtime graph optimisation levels. */
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/** Options of {@link OnnxEncoder}. Only `path` is required. */
export interface OnnxEncoderOptions {
  /** Model directory: a sentence-transformers model exported to ONNX (see models/README.md). */
  readonly path: string;
  /**
   * Graph file relative to `path`. Default: `model.onnx`, else `onnx/model.onnx` (or, with
   * `quantized`, `model_quantized.onnx`, `onnx/model_quantized.onnx`, `onnx/model_qint8_*.onnx`).
   */
  readonly modelFile?: string;
  /**
   * `true`: load the quantized (int8) graph; `false`: the fp32 graph. Default: the quantized graph
   * when the directory has one (`npm run model:install -- --int8` writes it beside fp32), else fp32.
   */
  readonly quantized?: boolean;
  /** Pooling. Default: from `1_Pooling/config.json`, else `mean` (sentence-transformers' default). */
  readonly pooling?: PoolingMode;
  /**
   * Maximum tokens per message, special tokens included; longer messages are truncated. Capped by
   * the model's `max_seq_length` (sentence_bert_config.json), `model_max_length`
   * (tokenizer_config.json) and `max_position_embeddings` (config.json). Default 128.
   */
  readonly maxSeqLength?: number;
  /**
   * Mentions -> `<mention>`, URLs -> `<url>`, as the reference model was trained. `'auto'` turns
   * each on when the tokenizer has that token. Default 'auto'.
   */
  readonly preprocess?: 'auto' | 'none' | Partial<PreprocessOptions>;
  /**
   * Fold obfuscation before tokenizing, as the hashing encoder does, without changing what the
   * text says: homoglyphs (Cyrillic/Greek look-alikes, mathematical, fullwidth letters) to Latin,
   * invisible/bidi/variation-selector/tag characters stripped, zalgo removed, runs of 4+
   * identical letters squeezed to 3. Case, accents, digits, spacing and emoji are kept. Turn it
   * off only for a model trained to tell those apart. Part of the encoder id. Default true.
   */
  readonly fold?: boolean;
  /**
   * Sequence lengths batches are padded to, so ONNX Runtime sees a few fixed shapes. Lengths above
   * `maxSeqLength` are dropped and `maxSeqLength` is always the last bucket. The default is fine
   * at the short end because half of all chat messages are 4 tokens or fewer.
   * Default [4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128].
   */
  readonly lengthBuckets?: readonly number[];
  /** Maximum sequences per ONNX Runtime run (larger requests are split). Default 64. */
  readonly maxBatchSize?: number;
  /** Run identical messages of one request once (chat floods repeat verbatim). Default true. */
  readonly dedupe?: boolean;
  /** ONNX Runtime intra-op threads of the worker. Default: cores - 1, between 1 and 4 (one core stays with the bot). */
  readonly intraOpThreads?: number;
  /** ONNX Runtime graph optimisation level. Default 'all'. */
  readonly graphOptimizationLevel?: GraphOptimizationLevel;
  /** Worker script. Default: the compiled `onnx-worker.js` next to this module. */
  readonly workerUrl?: URL;
}

/** Default lengths of {@link OnnxEncoderOptions.lengthBuckets}. */
export const DEFAULT_LENGTH_BUCKETS: readonly number[] = [4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];
/** Default of {@link OnnxEncoderOptions.maxSeqLength}. */
export const DEFAULT_MAX_SEQ_LENGTH = 128;
/** Default of {@link OnnxEncoderOptions.intraOpThreads} on a machine with `cores` cores. */
export function defaultIntraOpThreads(cores: number): number {
  return Math.max(1, Math.min(4, cores - 1));
}
/** Default of {@link OnnxEncoderOptions.maxBatchSize}. */
export const DEFAULT_MAX_BATCH_SIZE = 64;
