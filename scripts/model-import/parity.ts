import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
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

/** Runs an ONNX graph (bytes or file) on token ids; returns CLS and mean pooling of each row. */
export async function runPooled(model: Uint8Array | string, ids: number[][], padded: boolean): Promise<{ cls: Float32Array[]; mean: Float32Array[] }> {
  const session = await ort.InferenceSession.create(model as never, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const cls: Float32Array[] = [];
  const mean: Float32Array[] = [];
  const groups = padded ? [ids] : ids.map((s) => [s]);
  for (const group of groups) {
    const len = Math.max(...group.map((s) => s.length));
    const n = group.length;
    const inputIds = new BigInt64Array(n * len);
    const mask = new BigInt64Array(n * len);
    group.forEach((s, r) => s.forEach((id, c) => ((inputIds[r * len + c] = BigInt(id)), (mask[r * len + c] = 1n))));
    const out = await session.run({
      input_ids: new ort.Tensor('int64', inputIds, [n, len]),
      attention_mask: new ort.Tensor('int64', mask, [n, len]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(n * len), [n, len]),
    });
    const hs = out['last_hidden_state']!;
    const h = hs.dims[2]!;
    const data = hs.data as Float32Array;
    group.forEach((s, r) => {
      cls.push(data.slice(r * len * h, r * len * h + h));
      const m = new Float32Array(h);
      for (let t = 0; t < s.length; t++) for (let d = 0; d < h; d++) m[d]! += data[(r * len + t) * h + d]! / s.length;
      mean.push(m);
    });
  }
  await session.release();
  return { cls, mean };
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
