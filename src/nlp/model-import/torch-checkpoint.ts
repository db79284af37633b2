import { PyGlobal, unpickle, type StorageRef, type TensorRef } from './pickle.js';
import { dtypeBytes, numel, toFloat32, type DType, type StateDict } from './tensors.js';
import { isZip, readZip } from './zip.js';

const STORAGE_DTYPES: Record<string, DType> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

/** Magic number of PyTorch's legacy (pre-1.6, non-ZIP) serialisation, pickled first in the file. */
const LEGACY_PREFIX = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8];

function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && (v as TensorRef).kind === 'tensor';
}

/**
 * Reads a `pytorch_model.bin` written by `torch.save` (ZIP format, PyTorch >= 1.6): the pickled
 * state dict in `<archive>/data.pkl`, each storage in `<archive>/data/<key>`. The legacy format
 * gets an Error with the fix.
 */
export function readTorchCheckpoint(bytes: Uint8Array, file: string): StateDict {
  if (!isZip(bytes)) {
    const legacy = LEGACY_PREFIX.every((b, i) => bytes[i] === b);
    throw new Error(
      legacy
        ? `${file} uses PyTorch's legacy (pre-1.6) serialisation, which cannot be read without Python. ` +
            "Fix: use the repository's model.safetensors if it has one, or re-save the weights once with " +
            '`torch.save(torch.load(f), f)` (PyTorch >= 1.6) or as safetensors, then install the folder.'
        : `${file} is neither a PyTorch ZIP checkpoint nor a legacy one. Download it again.`,
    );
  }
  const entries = readZip(bytes, file);
  const pkl = [...entries.keys()].find((n) => n.endsWith('data.pkl') && n.split('/').length === 2);
  if (pkl === undefined) throw new Error(`${file} has no <archive>/data.pkl: not a torch.save checkpoint`);
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const root = unpickle(entries.get(pkl)!.read(), (pid) => {
    const [kind, type, key, , count] = pid as unknown[];
    if (kind !== 'storage' || !(type instanceof PyGlobal)) throw new Error(`${file}: unexpected persistent id ${String(kind)}`);
    return { kind: 'storage', storageType: type.name, key: String(key), numel: Number(count) } satisfies StorageRef;
  });
  let dict: unknown = root;
  // Some checkpoints wrap the weights: {"state_dict": {...}} or {"model": {...}}.
  if (dict instanceof Map && ![...dict.values()].some(isTensorRef)) dict = dict.get('state_dict') ?? dict.get('model') ?? dict;
  if (!(dict instanceof Map)) throw new Error(`${file} does not hold a state dict (a mapping of names to tensors)`);
  const out: StateDict = new Map();
  const storages = new Map<string, Uint8Array>();
  for (const [name, value] of dict) {
    if (!isTensorRef(value)) continue;
    const dtype = STORAGE_DTYPES[value.storage.storageType];
    if (dtype === undefined) throw new Error(`${file}: tensor ${String(name)} has unsupported storage ${value.storage.storageType}`);
    let data = storages.get(value.storage.key);
    if (data === undefined) {
      const entry = entries.get(`${prefix}data/${value.storage.key}`);
      if (entry === undefined) throw new Error(`${file}: storage ${value.storage.key} of ${String(name)} is missing`);
      data = entry.read();
      storages.set(value.storage.key, data);
    }
    const size = value.size;
    const count = numel(size);
    const width = dtypeBytes(dtype);
    const contiguous = size.every((_, i) => size.length === 0 || value.stride[i] === numel(size.slice(i + 1)) || size[i] === 1);
    let tensor: Float32Array;
    if (contiguous) {
      if ((value.offset + count) * width > data.length) throw new Error(`${file}: tensor ${String(name)} runs past its storage`);
      tensor = toFloat32(data, value.offset * width, count, dtype);
    } else {
      // Strided view (e.g. a saved transpose): gather element by element.
      const flat = toFloat32(data, 0, data.length / width, dtype);
      tensor = new Float32Array(count);
      const index = new Array<number>(size.length).fill(0);
      for (let i = 0; i < count; i++) {
        let at = value.offset;
        for (let d = 0; d < size.length; d++) at += index[d]! * value.stride[d]!;
        tensor[i] = flat[at]!;
        for (let d = size.length - 1; d >= 0; d--) {
          if (++index[d]! < size[d]!) break;
          index[d] = 0;
        }
      }
    }
    out.set(String(name), { shape: [...size], data: tensor });
  }
  if (out.size === 0) throw new Error(`${file} holds no tensors`);
  return out;
}
