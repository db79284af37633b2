import type { GraphOptimizationLevel, PoolingMode, PreprocessOptions } from './options.js';

/** Settings the worker starts with (workerData). */
export interface WorkerSettings {
  readonly path: string;
  readonly modelFile: string | undefined;
  /** undefined: the int8 graph when present. */
  readonly quantized: boolean | undefined;
  readonly pooling: PoolingMode | undefined;
  readonly maxSeqLength: number;
  readonly preprocess: 'auto' | 'none' | Partial<PreprocessOptions>;
  readonly fold: boolean;
  readonly lengthBuckets: readonly number[];
  readonly maxBatchSize: number;
  readonly dedupe: boolean;
  readonly intraOpThreads: number;
  readonly graphOptimizationLevel: GraphOptimizationLevel;
}

/** What the worker found in the model directory. */
export interface ModelInfo {
  /** Vector length. */
  readonly dim: number;
  /** Graph file that was loaded (absolute). */
  readonly modelFile: string;
  /** Graph inputs that are fed. */
  readonly inputs: readonly string[];
  /** Graph output that is read. */
  readonly output: string;
  /** Pooling applied to a token-level output (`none` for sentence_embedding). */
  readonly pooling: PoolingMode | 'none';
  /** Effective maximum tokens per message. */
  readonly maxSeqLength: number;
  /** Effective padding lengths; empty when the graph has no attention_mask (no padding at all). */
  readonly lengthBuckets: readonly number[];
  /** Effective preprocessing. */
  readonly preprocess: PreprocessOptions;
  /** Whether obfuscation is folded before tokenizing. */
  readonly fold: boolean;
  /** Short hash of the graph and tokenizer files. */
  readonly fingerprint: string;
}

export type WorkerRequest = { readonly type: 'encode'; readonly id: number; readonly texts: readonly string[] };

export type WorkerResponse =
  | { readonly type: 'ready'; readonly info: ModelInfo }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly vectors: Float32Array }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
