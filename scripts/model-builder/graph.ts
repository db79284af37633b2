import onnxProto from 'onnx-proto';
import type { BertWeights } from './weights.js';

const { onnx } = onnxProto;
type INodeProto = onnxProto.onnx.INodeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** Output names a sentence-transformers export may declare (`logits` = a wrong graph, for tests). */
export type GraphOutputName = 'last_hidden_state' | 'token_embeddings' | 'sentence_embedding' | 'logits';

/** Variations of the generated graph (the defaults mirror a Hugging Face BERT export). */
export interface GraphOptions {
  /** Declare a `token_type_ids` input (and add token type embeddings). Default true. */
  readonly tokenTypeIds?: boolean;
  /** Declare an `attention_mask` input (masking padded positions). Default true. */
  readonly attentionMask?: boolean;
  /**
   * Outputs to declare. `sentence_embedding` is the CLS row of the last hidden state (not
   * normalised); `logits` is the last hidden state under a name encoders must reject.
   * Default ['last_hidden_state'].
   */
  readonly outputs?: readonly GraphOutputName[];
}

/** Additive attention-mask value for padded positions (as in older Hugging Face exports). */
export const MASK_NEGATIVE = -10000;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const AttrType = onnx.AttributeProto.AttributeType;

class GraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  private counter = 0;

  /** Adds a node; returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: IAttributeProto[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: inputs, output: [out], name: `${opType}_${this.counter++}`, attribute: attrs });
    return out;
  }

  floatTensor(name: string, data: Float32Array, dims: number[]): string {
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dataType: FLOAT, dims, rawData: raw });
    return name;
  }

  floatScalar(name: string, value: number): string {
    return this.floatTensor(name, Float32Array.of(value), []);
  }

  int64Tensor(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dataType: INT64, dims, rawData: new Uint8Array(data.buffer) });
    return name;
  }
}

const ints = (name: string, values: number[]): IAttributeProto => ({ name, type: AttrType.INTS, ints: values });
const int = (name: string, value: number): IAttributeProto => ({ name, type: AttrType.INT, i: value });
const float = (name: string, value: number): IAttributeProto => ({ name, type: AttrType.FLOAT, f: value });

function tensorInfo(name: string, elemType: number, dims: Array<string | number>): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/**
 * Serialises a BERT encoder as an ONNX model (opset 17, standard ops only: Gather, Slice, Add,
 * MatMul, Reshape, Transpose, Softmax, Erf, LayerNormalization...). Inputs are int64
 * [batch_size, sequence_length]; the attention mask is applied additively before Softmax.
 */
export function buildGraph(weights: BertWeights, options: GraphOptions = {}): Uint8Array {
  const withTypes = options.tokenTypeIds ?? true;
  const withMask = options.attentionMask ?? true;
  const outputs = options.outputs ?? ['last_hidden_state'];
  const { hidden: h, heads, intermediate: f, layerNormEps: eps } = weights.shape;
  const headDim = h / heads;
  const g = new GraphBuilder();

  // Shared constants.
  const one = g.floatScalar('const_one', 1);
  const scale = g.floatScalar('const_sqrt_head_dim', Math.sqrt(headDim));
  const sqrt2 = g.floatScalar('const_sqrt2', Math.SQRT2);
  const half = g.floatScalar('const_half', 0.5);
  const headsShape = g.int64Tensor('const_heads_shape', [0, 0, heads, headDim]);
  const mergeShape = g.int64Tensor('const_merge_shape', [0, 0, h]);
  const layerNorm = (x: string, gamma: string, beta: string): string => g.op('LayerNormalization', [x, gamma, beta], [int('axis', -1), float('epsilon', eps)]);
  const linear = (x: string, w: string, b: string): string => g.op('Add', [g.op('MatMul', [x, w]), b]);

  // Embeddings: word + position (sliced to the sequence length) + token type, then LayerNorm.
  const wordEmb = g.floatTensor('embeddings.word_embeddings.weight', weights.wordEmbeddings, [weights.shape.vocabSize, h]);
  const posEmb = g.floatTensor('embeddings.position_embeddings.weight', weights.positionEmbeddings, [weights.shape.maxPositions, h]);
  let x = g.op('Gather', [wordEmb, 'input_ids'], [int('axis', 0)]);
  const seqLen = g.op('Slice', [g.op('Shape', ['input_ids']), g.int64Tensor('const_1', [1]), g.int64Tensor('const_2', [2])]);
  const positions = g.op('Slice', [posEmb, g.int64Tensor('const_0', [0]), seqLen, g.int64Tensor('const_axis0', [0])]);
  x = g.op('Add', [x, positions]);
  if (withTypes) {
    const typeEmb = g.floatTensor('embeddings.token_type_embeddings.weight', weights.typeEmbeddings, [weights.shape.typeVocabSize, h]);
    x = g.op('Add', [x, g.op('Gather', [typeEmb, 'token_type_ids'], [int('axis', 0)])]);
  }
  x = layerNorm(x, g.floatTensor('embeddings.LayerNorm.weight', weights.embLnGamma, [h]), g.floatTensor('embeddings.LayerNorm.bias', weights.embLnBeta, [h]));

  // Additive mask [batch, 1, 1, seq]: 0 for tokens, MASK_NEGATIVE for padding.
  const maskAdd = withMask
    ? g.op('Unsqueeze', [
        g.op('Mul', [g.op('Sub', [one, g.op('Cast', ['attention_mask'], [int('to', FLOAT)])]), g.floatScalar('const_mask_negative', MASK_NEGATIVE)]),
        g.int64Tensor('const_axes12', [1, 2]),
      ])
    : undefined;

  weights.layers.forEach((lw, l) => {
    const p = `encoder.layer.${l}.`;
    const w = (name: string, data: Float32Array, dims: number[]): string => g.floatTensor(p + name, data, dims);
    // Self-attention.
    const split = (t: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [t, headsShape])], [ints('perm', perm)]);
    const q = split(linear(x, w('attention.self.query.weight', lw.q, [h, h]), w('attention.self.query.bias', lw.qBias, [h])), [0, 2, 1, 3]);
    const k = split(linear(x, w('attention.self.key.weight', lw.k, [h, h]), w('attention.self.key.bias', lw.kBias, [h])), [0, 2, 3, 1]);
    const v = split(linear(x, w('attention.self.value.weight', lw.v, [h, h]), w('attention.self.value.bias', lw.vBias, [h])), [0, 2, 1, 3]);
    const scaled = g.op('Div', [g.op('MatMul', [q, k]), scale]);
    const scores = maskAdd === undefined ? scaled : g.op('Add', [scaled, maskAdd]);
    const probs = g.op('Softmax', [scores], [int('axis', -1)]);
    const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], [ints('perm', [0, 2, 1, 3])]), mergeShape]);
    const attn = linear(ctx, w('attention.output.dense.weight', lw.attnOut, [h, h]), w('attention.output.dense.bias', lw.attnOutBias, [h]));
    const x1 = layerNorm(
      g.op('Add', [attn, x]),
      w('attention.output.LayerNorm.weight', lw.attnLnGamma, [h]),
      w('attention.output.LayerNorm.bias', lw.attnLnBeta, [h]),
    );
    // Feed-forward with exact (erf) GELU.
    const inner = linear(x1, w('intermediate.dense.weight', lw.ffnIn, [h, f]), w('intermediate.dense.bias', lw.ffnInBias, [f]));
    const gelu = g.op('Mul', [g.op('Mul', [inner, g.op('Add', [g.op('Erf', [g.op('Div', [inner, sqrt2])]), one])]), half]);
    const out = linear(gelu, w('output.dense.weight', lw.ffnOut, [f, h]), w('output.dense.bias', lw.ffnOutBias, [h]));
    x = layerNorm(g.op('Add', [out, x1]), w('output.LayerNorm.weight', lw.ffnLnGamma, [h]), w('output.LayerNorm.bias', lw.ffnLnBeta, [h]));
  });

  // Outputs.
  const outputInfos: IValueInfoProto[] = [];
  for (const name of outputs) {
    if (name === 'sentence_embedding') {
      const zero = g.int64Tensor('const_cls_index', [0], []);
      g.op('Gather', [x, zero], [int('axis', 1)], name);
      outputInfos.push(tensorInfo(name, FLOAT, ['batch_size', h]));
    } else {
      g.op('Identity', [x], [], name);
      outputInfos.push(tensorInfo(name, FLOAT, ['batch_size', 'sequence_length', h]));
    }
  }

  const inputNames = ['input_ids', ...(withMask ? ['attention_mask'] : []), ...(withTypes ? ['token_type_ids'] : [])];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'semantic-twitch-bot/build-model',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'bert_encoder',
      node: g.nodes,
      initializer: g.initializers,
      input: inputNames.map((n) => tensorInfo(n, INT64, ['batch_size', 'sequence_length'])),
      output: outputInfos,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
