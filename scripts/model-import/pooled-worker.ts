// Worker of runPooled (parity.ts): runs an ONNX graph on token ids, posts CLS and mean pooling.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const { model, ids, padded } = workerData as { model: Uint8Array | string; ids: number[][]; padded: boolean };

async function run(): Promise<{ cls: Float32Array[]; mean: Float32Array[] }> {
  const session = await ort.InferenceSession.create(model as never, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const cls: Float32Array[] = [];
  const mean: Float32Array[] = [];
  for (const group of padded ? [ids] : ids.map((s) => [s])) {
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

run().then(
  (r) => parentPort!.postMessage(r),
  (e: unknown) => parentPort!.postMessage({ error: (e as Error).message }),
);
