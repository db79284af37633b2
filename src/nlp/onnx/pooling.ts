import type { PoolingMode } from './options.js';

/**
 * Pools the token vectors of sequence `row` of a [batch, seqLen, dim] output into
 * `out[outOffset .. outOffset + dim)`. Only the first `length` (unpadded) tokens count.
 */
export function poolSequence(
  hidden: Float32Array,
  row: number,
  seqLen: number,
  dim: number,
  length: number,
  mode: PoolingMode,
  out: Float32Array,
  outOffset: number,
): void {
  const base = row * seqLen * dim;
  if (mode === 'cls') {
    out.set(hidden.subarray(base, base + dim), outOffset);
    return;
  }
  for (let d = 0; d < dim; d++) out[outOffset + d] = mode === 'max' ? -Infinity : 0;
  for (let t = 0; t < length; t++) {
    const tok = base + t * dim;
    for (let d = 0; d < dim; d++) {
      const v = hidden[tok + d]!;
      const o = outOffset + d;
      if (mode === 'max') {
        if (v > out[o]!) out[o] = v;
      } else out[o] = out[o]! + v;
    }
  }
  if (mode === 'mean' && length > 0) for (let d = 0; d < dim; d++) out[outOffset + d] = out[outOffset + d]! / length;
}

/** Scales `v[offset .. offset + dim)` to unit L2 norm; a zero or non-finite vector becomes zeros. */
export function l2NormalizeInPlace(v: Float32Array, offset: number, dim: number): void {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += v[offset + d]! * v[offset + d]!;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    v.fill(0, offset, offset + dim);
    return;
  }
  for (let d = 0; d < dim; d++) v[offset + d] = v[offset + d]! / norm;
}
