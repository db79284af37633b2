import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type INodeProto = onnxProto.onnx.INodeProto;
export type ITensorProto = onnxProto.onnx.ITensorProto;
export type IAttributeProto = onnxProto.onnx.IAttributeProto;
export type IValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type IModelProto = onnxProto.onnx.IModelProto;
export { onnx };

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const INT8 = onnx.TensorProto.DataType.INT8;
const AttrType = onnx.AttributeProto.AttributeType;

export const ints = (name: string, values: number[]): IAttributeProto => ({ name, type: AttrType.INTS, ints: values });
export const int = (name: string, value: number): IAttributeProto => ({ name, type: AttrType.INT, i: value });
export const float = (name: string, value: number): IAttributeProto => ({ name, type: AttrType.FLOAT, f: value });

/** Little-endian bytes of a typed array (a copy, so the proto owns its data). */
export function rawBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}

/** Accumulates the nodes and initializers of one ONNX graph. */
export class GraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  private counter = 0;

  /** Adds a node; returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: IAttributeProto[] = [], output?: string, domain?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: inputs, output: [out], name: `${opType}_${this.counter++}`, attribute: attrs, ...(domain ? { domain } : {}) });
    return out;
  }

  /** Adds a node with `count` outputs; returns their names. */
  opMulti(opType: string, inputs: string[], count: number, attrs: IAttributeProto[] = []): string[] {
    const base = `${opType.toLowerCase()}_${this.counter++}`;
    const outs = Array.from({ length: count }, (_, i) => `${base}_${i}`);
    this.nodes.push({ opType, input: inputs, output: outs, name: `${opType}_${this.counter++}`, attribute: attrs });
    return outs;
  }

  floatTensor(name: string, data: Float32Array, dims: readonly number[]): string {
    this.initializers.push({ name, dataType: FLOAT, dims: [...dims], rawData: rawBytes(data) });
    return name;
  }

  floatScalar(name: string, value: number): string {
    return this.floatTensor(name, Float32Array.of(value), []);
  }

  int64Tensor(name: string, values: number[], dims: number[] = [values.length]): string {
    this.initializers.push({ name, dataType: INT64, dims, rawData: rawBytes(BigInt64Array.from(values.map((v) => BigInt(v)))) });
    return name;
  }
}

/** Value info of a tensor input/output with symbolic (string) or fixed dimensions. */
export function tensorInfo(name: string, elemType: number, dims: Array<string | number>): IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
