import { convbertHeads, type EncoderArchitecture } from './architecture.js';
import { float, FLOAT, GraphBuilder, int, INT64, ints, onnx, tensorInfo } from './onnx-builder.js';
import { numel, type StateDict, type Tensor } from './tensors.js';

/** Additive attention-mask value for padded positions (exp() of it is 0 in float32). */
const MASK_NEGATIVE = -10000;

/** Prefixes a checkpoint may put before the base model's parameter names. */
const PREFIXES = ['bert.', 'convbert.', 'model.', '0.auto_model.', 'auto_model.'];

/** Looks parameters up by their Hugging Face names, whatever prefix or LayerNorm naming the file uses. */
class Weights {
  private readonly byName = new Map<string, Tensor>();

  constructor(
    state: StateDict,
    private readonly file: string,
  ) {
    for (const [raw, t] of state) {
      let name = raw;
      for (const p of PREFIXES) if (name.startsWith(p)) name = name.slice(p.length);
      name = name.replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
      this.byName.set(name, t);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string, shape: readonly number[]): Float32Array {
    const t = this.byName.get(name);
    if (t === undefined) throw new Error(`${this.file}: parameter ${name} is missing (is config.json the one of these weights?)`);
    if (numel(t.shape) !== numel(shape) || (t.shape.length === shape.length && t.shape.some((d, i) => d !== shape[i]))) {
      throw new Error(`${this.file}: parameter ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] from config.json`);
    }
    return t.data;
  }

  shape(name: string): readonly number[] | undefined {
    return this.byName.get(name)?.shape;
  }
}

/** Transposes a row-major [rows, cols] matrix (PyTorch Linear [out, in] -> ONNX MatMul [in, out]). */
function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  return out;
}

/**
 * Writes the ONNX graph (opset 17, standard operators) of a BERT or ConvBERT encoder from its
 * Hugging Face state dict. Inputs `input_ids`, `attention_mask`, `token_type_ids` (int64
 * [batch, sequence]); output `last_hidden_state` [batch, sequence, hidden].
 *
 * ConvBERT's convolutions see padded positions as zeros (the input of the key convolution and
 * the unfolded values are masked), so a padded message gets the vectors it gets alone, as with
 * the reference run one message at a time.
 */
export function buildEncoderGraph(arch: EncoderArchitecture, state: StateDict, file: string): Uint8Array {
  const W = new Weights(state, file);
  const { hidden: h, intermediate: f, layerNormEps: eps, embeddingSize: e } = arch;
  const g = new GraphBuilder();

  const one = g.floatScalar('const_one', 1);
  const half = g.floatScalar('const_half', 0.5);
  const layerNorm = (x: string, prefix: string, width: number): string =>
    g.op(
      'LayerNormalization',
      [
        x,
        g.floatTensor(`${prefix}.weight`, W.get(`${prefix}.weight`, [width]), [width]),
        g.floatTensor(`${prefix}.bias`, W.get(`${prefix}.bias`, [width]), [width]),
      ],
      [int('axis', -1), float('epsilon', eps)],
    );
  /** x @ W^T + b for a PyTorch Linear `name` [out, in]. */
  const linear = (x: string, name: string, inDim: number, outDim: number): string => {
    const w = g.floatTensor(`${name}.weight`, transpose(W.get(`${name}.weight`, [outDim, inDim]), outDim, inDim), [inDim, outDim]);
    return g.op('Add', [g.op('MatMul', [x, w]), g.floatTensor(`${name}.bias`, W.get(`${name}.bias`, [outDim]), [outDim])]);
  };
  /** ConvBERT's GroupedLinearLayer ([groups, in/groups, out/groups], x @ W per group) as one block-diagonal MatMul. */
  const groupedLinear = (x: string, name: string, inDim: number, outDim: number): string => {
    const groups = arch.numGroups;
    if (groups === 1 && W.shape(`${name}.weight`)?.length !== 3) return linear(x, name, inDim, outDim);
    const gi = inDim / groups;
    const go = outDim / groups;
    const grouped = W.get(`${name}.weight`, [groups, gi, go]);
    const full = new Float32Array(inDim * outDim);
    for (let k = 0; k < groups; k++)
      for (let r = 0; r < gi; r++) for (let c = 0; c < go; c++) full[(k * gi + r) * outDim + k * go + c] = grouped[(k * gi + r) * go + c]!;
    const w = g.floatTensor(`${name}.weight`, full, [inDim, outDim]);
    return g.op('Add', [g.op('MatMul', [x, w]), g.floatTensor(`${name}.bias`, W.get(`${name}.bias`, [outDim]), [outDim])]);
  };
  /**
   * Several PyTorch Linears reading the same input as one MatMul [in, sum of outs] and a Split:
   * one larger GEMM, and one dynamic quantisation of the input instead of several in int8.
   */
  const linears = (x: string, names: string[], inDim: number, outDim: number): string[] => {
    const n = names.length;
    const w = new Float32Array(inDim * outDim * n);
    const b = new Float32Array(outDim * n);
    names.forEach((name, i) => {
      const t = W.get(`${name}.weight`, [outDim, inDim]);
      for (let r = 0; r < outDim; r++) for (let c = 0; c < inDim; c++) w[c * outDim * n + i * outDim + r] = t[r * inDim + c]!;
      b.set(W.get(`${name}.bias`, [outDim]), i * outDim);
    });
    const joined = names[0]!.replace(/\.[^.]+$/, '') + `.fused_${names.map((m) => m.split('.').at(-1)).join('_')}`;
    const y = g.op('Add', [g.op('MatMul', [x, g.floatTensor(`${joined}.weight`, w, [inDim, outDim * n])]), g.floatTensor(`${joined}.bias`, b, [outDim * n])]);
    return g.opMulti('Split', [y, g.int64Tensor(`${joined}.split`, new Array<number>(n).fill(outDim))], n, [int('axis', -1)]);
  };
  const activation = (x: string): string => {
    if (arch.activation === 'relu') return g.op('Relu', [x]);
    if (arch.activation === 'gelu') {
      const sqrt2 = g.floatScalar(`const_sqrt2_${g.nodes.length}`, Math.SQRT2);
      return g.op('Mul', [g.op('Mul', [x, g.op('Add', [g.op('Erf', [g.op('Div', [x, sqrt2])]), one])]), half]);
    }
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
    const inner = g.op('Mul', [
      g.op('Add', [x, g.op('Mul', [cube, g.floatScalar(`const_gelu_c_${g.nodes.length}`, 0.044715)])]),
      g.floatScalar(`const_gelu_k_${g.nodes.length}`, Math.sqrt(2 / Math.PI)),
    ]);
    return g.op('Mul', [g.op('Mul', [x, g.op('Add', [g.op('Tanh', [inner]), one])]), half]);
  };

  // Embeddings: word + position (sliced to the sequence length) + token type, LayerNorm, then
  // ConvBERT's projection embedding_size -> hidden.
  const wordEmb = g.floatTensor('embeddings.word_embeddings.weight', W.get('embeddings.word_embeddings.weight', [arch.vocabSize, e]), [arch.vocabSize, e]);
  const posEmb = g.floatTensor('embeddings.position_embeddings.weight', W.get('embeddings.position_embeddings.weight', [arch.maxPositions, e]), [
    arch.maxPositions,
    e,
  ]);
  const typeEmb = g.floatTensor('embeddings.token_type_embeddings.weight', W.get('embeddings.token_type_embeddings.weight', [arch.typeVocabSize, e]), [
    arch.typeVocabSize,
    e,
  ]);
  let x = g.op('Gather', [wordEmb, 'input_ids'], [int('axis', 0)]);
  const seqLen = g.op('Slice', [g.op('Shape', ['input_ids']), g.int64Tensor('const_1', [1]), g.int64Tensor('const_2', [2])]);
  x = g.op('Add', [x, g.op('Slice', [posEmb, g.int64Tensor('const_0', [0]), seqLen, g.int64Tensor('const_axis0', [0])])]);
  x = g.op('Add', [x, g.op('Gather', [typeEmb, 'token_type_ids'], [int('axis', 0)])]);
  x = layerNorm(x, 'embeddings.LayerNorm', e);
  if (W.has('embeddings_project.weight')) x = linear(x, 'embeddings_project', e, h);
  else if (e !== h) throw new Error(`${file}: embedding_size ${e} differs from hidden_size ${h} but embeddings_project is missing`);

  // Masks: additive [batch, 1, 1, seq] for attention; multiplicative [batch, seq, 1] for convolutions.
  const maskFloat = g.op('Cast', ['attention_mask'], [int('to', FLOAT)]);
  const maskAdd = g.op('Unsqueeze', [
    g.op('Mul', [g.op('Sub', [one, maskFloat]), g.floatScalar('const_mask_negative', MASK_NEGATIVE)]),
    g.int64Tensor('const_axes12', [1, 2]),
  ]);
  const maskCol = g.op('Unsqueeze', [maskFloat, g.int64Tensor('const_axis2', [2])]);

  const convbert = arch.family === 'convbert';
  const {
    attentionHeads: nh,
    headSize: hd,
    allHeadSize: a,
  } = convbert ? convbertHeads(arch) : { attentionHeads: arch.heads, headSize: h / arch.heads, allHeadSize: h };
  const k = arch.convKernelSize;
  const headsShape = g.int64Tensor('const_heads_shape', [0, 0, nh, hd]);
  const mergeOut = g.int64Tensor('const_merge_shape', [0, 0, h]);
  const scale = g.floatScalar('const_sqrt_head_dim', Math.sqrt(hd));
  // ConvBERT's sequence convolutions, written with MatMul, Slice and element-wise ops (ONNX
  // Runtime's grouped Conv runs one tiny GEMM per channel: far slower for these shapes).
  const pad = (k - 1) / 2;
  let shifted: (t: string) => string[] = () => [];
  let band: (kernel: string) => string = (kernel) => kernel;
  if (convbert) {
    // k views of [batch, seq, width] shifted by -pad..pad along the sequence, zeros outside it.
    const seqPads = g.int64Tensor('const_seq_pads', [0, pad, 0, 0, pad, 0]);
    const axis1 = g.int64Tensor('const_axis1', [1]);
    const starts = Array.from({ length: k }, (_, j) => g.int64Tensor(`const_shift_${j}`, [j]));
    const ends = starts.map((st) => g.op('Add', [st, seqLen]));
    shifted = (t) => {
      const padded = g.op('Pad', [t, seqPads]);
      return starts.map((st, j) => g.op('Slice', [padded, st, ends[j]!, axis1]));
    };
    // Dynamic kernel [batch, heads, seq, k] -> banded matrix [batch, heads, seq, seq] with
    // M[l, l + j - pad] = kernel[l, j]: pad each row with seq zeros, flatten, cut, re-wrap at seq + k - 1.
    const kMinus1 = g.int64Tensor('const_k_minus_1', [k - 1]);
    const rowPads = g.op('Concat', [g.int64Tensor('const_zeros7', [0, 0, 0, 0, 0, 0, 0]), seqLen], [int('axis', 0)]);
    const wide = g.op('Add', [seqLen, kMinus1]);
    const flatEnd = g.op('Mul', [seqLen, wide]);
    const flatShape = g.int64Tensor('const_flat_shape', [0, 0, -1]);
    const wrapShape = g.op('Concat', [g.int64Tensor('const_00', [0, 0]), seqLen, wide], [int('axis', 0)]);
    const axis2 = g.int64Tensor('const_axis2_slice', [2]);
    const axis3s = g.int64Tensor('const_axis3_slice', [3]);
    const zero = g.int64Tensor('const_zero', [0]);
    const padStart = g.int64Tensor('const_pad_start', [pad]);
    const padEnd = g.op('Add', [padStart, seqLen]);
    band = (kernel) => {
      const rows = g.op('Reshape', [g.op('Pad', [kernel, rowPads]), flatShape]);
      const wrapped = g.op('Reshape', [g.op('Slice', [rows, zero, flatEnd, axis2]), wrapShape]);
      return g.op('Slice', [wrapped, padStart, padEnd, axis3s]);
    };
  }
  const convShape = convbert ? g.int64Tensor('const_conv_kernel_shape', [0, 0, nh, k]) : '';

  for (let l = 0; l < arch.layers; l++) {
    const p = `encoder.layer.${l}.`;
    const split = (t: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [t, headsShape])], [ints('perm', perm)]);
    const self = p + 'attention.self.';
    const [mq, mk, mv, mco] = linears(
      x,
      ['query', 'key', 'value', ...(convbert ? ['conv_out_layer'] : [])].map((m) => self + m),
      h,
      a,
    ) as [string, string, string, string | undefined];
    const q = split(mq, [0, 2, 1, 3]);
    const kT = split(mk, [0, 2, 3, 1]);
    const v = split(mv, [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [q, kT]), scale]), maskAdd]);
    const probs = g.op('Softmax', [scores], [int('axis', -1)]);
    let heads = g.op('MatMul', [probs, v]); // [batch, heads, seq, head_size]

    if (convbert) {
      const s = p + 'attention.self.';
      // Separable key convolution: depthwise as k shifted products (fp32), pointwise as a Linear (quantises).
      const dw = W.get(s + 'key_conv_attn_layer.depthwise.weight', [h, 1, k]);
      const taps = shifted(g.op('Mul', [x, maskCol])).map((view, j) => {
        const tap = new Float32Array(h);
        for (let c = 0; c < h; c++) tap[c] = dw[c * k + j]!;
        return g.op('Mul', [view, g.floatTensor(`${s}key_conv_attn_layer.depthwise.tap${j}`, tap, [h])]);
      });
      const depthwise = g.op('Sum', taps);
      const pw = transpose(W.get(s + 'key_conv_attn_layer.pointwise.weight', [a, h, 1]), a, h);
      const keyConv = g.op('Add', [
        g.op('MatMul', [depthwise, g.floatTensor(s + 'key_conv_attn_layer.pointwise.weight', pw, [h, a])]),
        g.floatTensor(s + 'key_conv_attn_layer.bias', W.get(s + 'key_conv_attn_layer.bias', [a, 1]), [a]),
      ]);
      // Span-based dynamic kernel: softmax over the kernel width, per convolution head.
      const kernel = g.op('Softmax', [g.op('Reshape', [linear(g.op('Mul', [keyConv, mq]), s + 'conv_kernel_layer', a, nh * k), convShape])], [int('axis', -1)]);
      // Values (masked: padding reads as zeros, like the sequence's ends), convolved by the kernel as a banded matrix.
      const values = split(g.op('Mul', [mco!, maskCol]), [0, 2, 1, 3]);
      const conv = g.op('MatMul', [band(g.op('Transpose', [kernel], [ints('perm', [0, 2, 1, 3])])), values]);
      // Attention heads first, then convolution heads (torch.cat on the head axis).
      heads = g.op('Concat', [heads, conv], [int('axis', 1)]);
    }
    const ctx = g.op('Reshape', [g.op('Transpose', [heads], [ints('perm', [0, 2, 1, 3])]), mergeOut]);

    const attn = linear(ctx, p + 'attention.output.dense', h, h);
    const x1 = layerNorm(g.op('Add', [attn, x]), p + 'attention.output.LayerNorm', h);
    const inner = activation(groupedLinear(x1, p + 'intermediate.dense', h, f));
    const out = groupedLinear(inner, p + 'output.dense', f, h);
    x = layerNorm(g.op('Add', [out, x1]), p + 'output.LayerNorm', h);
  }
  g.op('Identity', [x], [], 'last_hidden_state');

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'semantic-twitch-bot/model-install',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: `${arch.family}_encoder`,
      node: g.nodes,
      initializer: g.initializers,
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => tensorInfo(n, INT64, ['batch_size', 'sequence_length'])),
      output: [tensorInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', h])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
