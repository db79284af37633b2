import { dtypeBytes, isDType, numel, toFloat32, type StateDict } from './tensors.js';

/**
 * Parses a `.safetensors` file: 8-byte little-endian header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}}`, then the tensor bytes.
 * Throws an Error naming the file when it is truncated or malformed.
 */
export function readSafetensors(bytes: Uint8Array, file: string): StateDict {
  const bad = (why: string): Error => new Error(`${file} is not a valid safetensors file (${why}). Download it again.`);
  if (bytes.length < 8) throw bad('shorter than its header');
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > bytes.length - 8) throw bad('header longer than the file');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch {
    throw bad('header is not JSON');
  }
  const base = 8 + headerLength;
  const out: StateDict = new Map();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e.dtype !== 'string' || !isDType(e.dtype)) throw bad(`tensor ${name} has unsupported dtype ${String(e.dtype)}`);
    if (!Array.isArray(e.shape) || !Array.isArray(e.data_offsets)) throw bad(`tensor ${name} lacks shape or data_offsets`);
    const shape = e.shape.map(Number);
    const [begin, end] = e.data_offsets.map(Number) as [number, number];
    const count = numel(shape);
    if (base + end > bytes.length || end - begin !== count * dtypeBytes(e.dtype)) {
      throw bad(`tensor ${name} lies outside the file or has the wrong size`);
    }
    out.set(name, { shape, data: toFloat32(bytes, base + begin, count, e.dtype) });
  }
  return out;
}

/** Serialises float32 tensors as a `.safetensors` file (header padded to 8 bytes). */
export function writeSafetensors(state: StateDict): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of state) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of state.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
