import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { runPooled, type ReferenceOutputs } from '../../../scripts/model-import/parity.js';
import { readArchitecture } from '../../../src/nlp/model-import/architecture.js';
import { buildEncoderGraph } from '../../../src/nlp/model-import/encoder-graph.js';
import { loadWeights } from '../../../src/nlp/model-import/load-weights.js';
import { quantizeDynamic } from '../../../src/nlp/model-import/quantize.js';
import { fixturePath } from '../../helpers/paths.js';

const { onnx } = onnxProto;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    x = 0,
    y = 0;
  for (let i = 0; i < a.length; i++) ((d += a[i]! * b[i]!), (x += a[i]! ** 2), (y += b[i]! ** 2));
  return d / Math.sqrt(x * y);
}

describe('dynamic int8 quantisation', () => {
  const dir = fixturePath('model-import', 'convbert-tiny');
  const config = JSON.parse(readFileSync(`${dir}/config.json`, 'utf8')) as Record<string, unknown>;
  const fp32 = buildEncoderGraph(readArchitecture(config, 'config.json'), loadWeights(`${dir}/model.safetensors`), 'model.safetensors');

  test('MatMul weights become int8 DynamicQuantizeMatMul with folded biases; convolutions stay fp32', () => {
    const { bytes, report } = quantizeDynamic(fp32);
    const before = onnx.ModelProto.decode(fp32).graph!;
    const after = onnx.ModelProto.decode(bytes).graph!;
    const count = (g: typeof before, op: string): number => g.node!.filter((n) => n.opType === op).length;
    const weightMatMuls = before.node!.filter((n) => n.opType === 'MatMul' && before.initializer!.some((t) => t.name === n.input![1])).length;
    expect(report.matrices).toBe(weightMatMuls);
    expect(count(after, 'DynamicQuantizeMatMul')).toBe(weightMatMuls);
    expect(report.biasesFolded).toBe(weightMatMuls);
    // Only activation x activation products (attention) remain MatMul.
    expect(after.node!.filter((n) => n.opType === 'MatMul' && after.initializer!.some((t) => t.name === n.input![1]))).toHaveLength(0);
    expect(count(after, 'Conv')).toBe(count(before, 'Conv'));
    expect(after.initializer!.filter((t) => t.dataType === onnx.TensorProto.DataType.INT8 && t.dims!.length === 2)).toHaveLength(weightMatMuls);
    expect(report.bytesAfter).toBeLessThan(report.bytesBefore);
  });

  test('int8 vectors stay close to fp32 (cosine >= 0.99); per-tensor scales are an option', async () => {
    const ref = JSON.parse(readFileSync(`${dir}/reference.json`, 'utf8')) as ReferenceOutputs;
    const a = await runPooled(fp32, ref.ids, true);
    for (const perChannel of [true, false] as const) {
      const { bytes, report } = quantizeDynamic(fp32, { perChannel });
      expect(report.perChannel).toBe(perChannel ? report.matrices : 0);
      const b = await runPooled(bytes, ref.ids, true);
      for (let i = 0; i < ref.ids.length; i++) {
        expect(cosine(a.cls[i]!, b.cls[i]!)).toBeGreaterThan(0.99);
        expect(cosine(a.cls[i]!, b.cls[i]!)).toBeLessThan(1); // it did change the graph
      }
    }
  });
});
