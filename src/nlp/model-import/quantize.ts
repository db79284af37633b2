import { FLOAT, INT8, onnx, rawBytes, type INodeProto, type ITensorProto } from './onnx-builder.js';

/** Options of {@link quantizeDynamic}. */
export interface QuantizeOptions {
  /**
   * Per output column scales (`true`), one scale per matrix (`false`), or `auto`: per column
   * when it lowers the matrix's quantisation error by at least 10%. Default 'auto'.
   */
  readonly perChannel?: boolean | 'auto';
  /** Matrices with fewer rows (inputs) than this stay fp32. Default 16. */
  readonly minRows?: number;
}

/** What {@link quantizeDynamic} did. */
export interface QuantizeReport {
  readonly matrices: number;
  readonly perChannel: number;
  /** Bias additions folded into the quantized matrix multiplication. */
  readonly biasesFolded: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

const MS_DOMAIN = 'com.microsoft';

function floatData(t: ITensorProto): Float32Array | undefined {
  if (t.dataType !== FLOAT) return undefined;
  if (t.rawData && t.rawData.length > 0) {
    const copy = Uint8Array.from(t.rawData);
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  }
  if (t.floatData && t.floatData.length > 0) return Float32Array.from(t.floatData);
  return undefined;
}

/** Symmetric int8 quantisation of a [rows, cols] matrix with one scale per column or one in all. */
function quantizeMatrix(w: Float32Array, rows: number, cols: number, perColumn: boolean): { q: Int8Array; scales: Float32Array; error: number } {
  const scales = new Float32Array(perColumn ? cols : 1);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(w[r * cols + c]!);
      const s = perColumn ? c : 0;
      if (a > scales[s]!) scales[s] = a;
    }
  }
  for (let i = 0; i < scales.length; i++) scales[i] = scales[i]! > 0 ? scales[i]! / 127 : 1;
  const q = new Int8Array(rows * cols);
  let error = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const scale = scales[perColumn ? c : 0]!;
      const v = w[r * cols + c]!;
      const qv = Math.max(-127, Math.min(127, Math.round(v / scale)));
      q[r * cols + c] = qv;
      error += (qv * scale - v) ** 2;
    }
  }
  return { q, scales, error };
}

/**
 * Dynamic int8 quantisation of an ONNX graph: every MatMul (and plain Gemm) whose right-hand
 * side is a float initializer becomes ONNX Runtime's `com.microsoft.DynamicQuantizeMatMul`
 * (weights int8, symmetric; activations quantised at run time), with a following bias `Add`
 * folded in. Everything else, convolutions included, stays fp32: ONNX Runtime's CPU provider
 * has no ConvInteger kernel before its PR #26585.
 */
export function quantizeDynamic(modelBytes: Uint8Array, options: QuantizeOptions = {}): { bytes: Uint8Array; report: QuantizeReport } {
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph;
  if (!graph) throw new Error('the ONNX file has no graph');
  const minRows = options.minRows ?? 16;
  const mode = options.perChannel ?? 'auto';
  graph.node ??= [];
  graph.initializer ??= [];
  const inits = new Map(graph.initializer.map((t) => [t.name ?? '', t]));
  const uses = new Map<string, number>();
  for (const n of graph.node) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of graph.output ?? []) uses.set(o.name ?? '', (uses.get(o.name ?? '') ?? 0) + 1);
  const consumers = new Map<string, INodeProto[]>();
  for (const n of graph.node) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n as INodeProto]);

  const removed = new Set<INodeProto>();
  const newInits: ITensorProto[] = [];
  let matrices = 0;
  let perChannelCount = 0;
  let biasesFolded = 0;
  for (const node of graph.node) {
    const n = node as INodeProto;
    const isGemm = n.opType === 'Gemm';
    if ((n.opType !== 'MatMul' && !isGemm) || (n.domain ?? '') !== '' || removed.has(n)) continue;
    const inputs = n.input ?? [];
    const w = inits.get(inputs[1] ?? '');
    if (!w || !w.dims || w.dims.length !== 2) continue;
    const attr = (name: string): number | undefined => {
      const a = n.attribute?.find((x) => x.name === name);
      return a === undefined ? undefined : Number(a.i ?? a.f);
    };
    if (isGemm && ((attr('transA') ?? 0) !== 0 || (attr('alpha') ?? 1) !== 1 || (attr('beta') ?? 1) !== 1)) continue;
    let data = floatData(w);
    if (!data) continue;
    let [rows, cols] = w.dims.map(Number) as [number, number];
    if (isGemm && (attr('transB') ?? 0) === 1) {
      const t = new Float32Array(data.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c]!;
      data = t;
      [rows, cols] = [cols, rows];
    }
    if (rows < minRows) continue;
    const perTensor = quantizeMatrix(data, rows, cols, false);
    const perColumn = mode === false ? undefined : quantizeMatrix(data, rows, cols, true);
    const chosen = perColumn && (mode === true || perColumn.error <= 0.9 * perTensor.error) ? perColumn : perTensor;
    const base = `${w.name}_int8_${matrices}`;
    newInits.push(
      { name: `${base}`, dataType: INT8, dims: [rows, cols], rawData: rawBytes(chosen.q) },
      { name: `${base}_scale`, dataType: FLOAT, dims: chosen.scales.length > 1 ? [cols] : [], rawData: rawBytes(chosen.scales) },
      { name: `${base}_zero_point`, dataType: INT8, dims: chosen.scales.length > 1 ? [cols] : [], rawData: new Uint8Array(chosen.scales.length) },
    );
    matrices++;
    if (chosen === perColumn) perChannelCount++;
    let bias: string | undefined = isGemm ? inputs[2] : undefined;
    let output = n.output![0]!;
    // Fold `MatMul -> Add(bias initializer [cols])` when the product has no other use.
    if (!isGemm && (uses.get(output) ?? 0) === 1) {
      const add = consumers.get(output)?.[0];
      const other = add?.input?.find((i) => i !== output);
      const b = other === undefined ? undefined : inits.get(other);
      if (add && add.opType === 'Add' && b?.dataType === FLOAT && b.dims?.length === 1 && Number(b.dims[0]) === cols) {
        bias = other;
        output = add.output![0]!;
        removed.add(add);
        biasesFolded++;
      }
    }
    const replaced: INodeProto = {
      opType: 'DynamicQuantizeMatMul',
      domain: MS_DOMAIN,
      name: `${n.name ?? base}_quant`,
      input: [inputs[0]!, base, `${base}_scale`, `${base}_zero_point`, ...(bias ? [bias] : [])],
      output: [output],
    };
    Object.assign(n, { ...replaced, attribute: [] });
    uses.set(w.name!, (uses.get(w.name!) ?? 1) - 1);
  }
  const nodes = graph.node.filter((n) => !removed.has(n as INodeProto));
  const stillUsed = new Set(nodes.flatMap((n) => n.input ?? []));
  graph.node = nodes;
  graph.initializer = [...graph.initializer.filter((t) => stillUsed.has(t.name ?? '')), ...newInits.map((t) => onnx.TensorProto.create(t))];
  if (!model.opsetImport.some((o) => o.domain === MS_DOMAIN)) model.opsetImport.push(onnx.OperatorSetIdProto.create({ domain: MS_DOMAIN, version: 1 }));
  model.producerName = `${model.producerName ?? ''} + semantic-twitch-bot/int8`;
  const bytes = onnx.ModelProto.encode(model).finish();
  return { bytes, report: { matrices, perChannel: perChannelCount, biasesFolded, bytesBefore: modelBytes.length, bytesAfter: bytes.length } };
}
