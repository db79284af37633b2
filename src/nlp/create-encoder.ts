import { z } from 'zod';
import type { Encoder } from './encoder.js';
import { HashEncoder, type HashEncoderOptions } from './hash-encoder.js';
import { OnnxEncoder } from './onnx/onnx-encoder.js';
import type { OnnxEncoderOptions } from './onnx/options.js';

/** Which encoder to build: the built-in hashing encoder (default) or an ONNX model directory. */
export type EncoderSpec = ({ readonly kind: 'hash' } & HashEncoderOptions) | ({ readonly kind: 'onnx' } & OnnxEncoderOptions);

const positiveInt = z.number().int().positive();

/** Options of the ONNX encoder as they may appear in config (see {@link OnnxEncoderOptions}). */
export const onnxEncoderSpecSchema = z.strictObject({
  kind: z.literal('onnx'),
  path: z.string({ error: 'encoder.path must name the model directory of a sentence-transformers ONNX export (see models/README.md)' }).min(1),
  modelFile: z.string().min(1).optional(),
  quantized: z.boolean().optional(),
  pooling: z.enum(['cls', 'mean', 'max']).optional(),
  maxSeqLength: positiveInt.max(8192).optional(),
  preprocess: z.union([z.enum(['auto', 'none']), z.strictObject({ mentions: z.boolean().optional(), urls: z.boolean().optional() })]).optional(),
  fold: z.boolean().optional(),
  lengthBuckets: z.array(positiveInt).min(1).optional(),
  maxBatchSize: positiveInt.max(4096).optional(),
  dedupe: z.boolean().optional(),
  intraOpThreads: positiveInt.max(256).optional(),
  graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']).optional(),
  workerUrl: z.instanceof(URL).optional(),
});

/**
 * Builds the encoder a spec describes. `{ kind: 'hash', ...HashEncoderOptions }` needs no files;
 * `{ kind: 'onnx', path, ...OnnxEncoderOptions }` loads a model directory in a worker thread.
 * Unknown or mistyped ONNX options are an Error naming the option; a `path: null` left over from
 * config is ignored for `hash`.
 */
export async function createEncoder(spec: EncoderSpec | ({ readonly kind: string } & Record<string, unknown>)): Promise<Encoder> {
  if (spec.kind === 'hash') {
    const { kind: _kind, path, ...options } = spec as { kind: 'hash'; path?: unknown } & HashEncoderOptions;
    if (path !== undefined && path !== null) throw new Error('encoder.path is only used with encoder.kind: onnx; remove it or set kind: onnx');
    return new HashEncoder(options);
  }
  if (spec.kind === 'onnx') {
    const parsed = onnxEncoderSpecSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`invalid ONNX encoder settings: ${z.prettifyError(parsed.error)} (see models/README.md)`);
    const { kind: _kind, ...options } = parsed.data;
    return OnnxEncoder.open(options as OnnxEncoderOptions);
  }
  throw new Error(`unknown encoder.kind "${spec.kind}": use hash (built-in, default) or onnx (with encoder.path)`);
}
