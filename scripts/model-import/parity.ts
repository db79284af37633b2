import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { readArchitecture } from '../../src/nlp/model-import/architecture.js';
import { buildEncoderGraph } from '../../src/nlp/model-import/encoder-graph.js';
import { loadWeights } from '../../src/nlp/model-import/load-weights.js';

/** reference.json written by scripts/reference/reference_model.py. */
export interface ReferenceOutputs {
  readonly ids: number[][];
  readonly cls: number[][];
  readonly mean: number[][];
}

/** Largest differences between the ONNX graph and the PyTorch reference. */
export interface ParityResult {
  /** Each message alone. */
  readonly cls: number;
  readonly mean: number;
  /** All messages in one batch, padded to the longest (padding must not change the vectors). */
  readonly clsPadded: number;
  readonly meanPadded: number;
  readonly messages: number;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Runs an ONNX graph (bytes or file) on token ids; returns CLS and mean pooling of each row. ONNX
 * Runtime runs in a worker thread (a clean realm: Jest's sandbox breaks its typed-array checks).
 */
export async function runPooled(model: Uint8Array | string, ids: number[][], padded: boolean): Promise<{ cls: Float32Array[]; mean: Float32Array[] }> {
  const worker = new Worker(new URL('./pooled-worker.js', import.meta.url), { workerData: { model, ids, padded } });
  try {
    const [result] = (await once(worker, 'message')) as [{ cls: Float32Array[]; mean: Float32Array[] } | { error: string }];
    if ('error' in result) throw new Error(result.error);
    return result;
  } finally {
    await worker.terminate();
  }
}

/** Builds the graph from `dir`'s config.json and `weightFile`, compares it with `dir`/reference.json. */
export async function checkParity(dir: string, weightFile: string): Promise<ParityResult> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as ReferenceOutputs;
  const arch = readArchitecture(config, join(dir, 'config.json'));
  const graph = buildEncoderGraph(arch, loadWeights(join(dir, weightFile)), weightFile);
  const alone = await runPooled(graph, ref.ids, false);
  const batch = await runPooled(graph, ref.ids, true);
  const worst = (got: Float32Array[], want: number[][]): number => Math.max(...got.map((v, i) => maxDiff(v, want[i]!)));
  return {
    cls: worst(alone.cls, ref.cls),
    mean: worst(alone.mean, ref.mean),
    clsPadded: worst(batch.cls, ref.cls),
    meanPadded: worst(batch.mean, ref.mean),
    messages: ref.ids.length,
  };
}
