/**
 * Anisotropy: many sentence models put every vector in a narrow cone (all cosines near 0.8), so
 * raw cosines say little. Removing the mean vector of ordinary chat and re-normalising spreads
 * them out again ("all-but-the-top", Mu & Viswanath 2018, first step).
 */

/** Mean of non-zero vectors (all zeros when there is none). */
export function meanVector(vectors: readonly Float32Array[], dim: number): Float32Array {
  const acc = new Float64Array(dim);
  let n = 0;
  for (const v of vectors) {
    let any = false;
    for (let i = 0; i < dim; i++) if (v[i] !== 0) any = true;
    if (!any) continue;
    n++;
    for (let i = 0; i < dim; i++) acc[i]! += v[i]!;
  }
  const out = new Float32Array(dim);
  if (n > 0) for (let i = 0; i < dim; i++) out[i] = acc[i]! / n;
  return out;
}

/** Euclidean norm of a vector. */
export function vectorNorm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** `v - mean`, re-normalised to unit length; a zero vector stays zero (nothing to encode). */
export function centerVector(v: Float32Array, mean: Float32Array): Float32Array {
  const out = new Float32Array(v.length);
  let zero = true;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) zero = false;
  if (zero) return out;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]! - mean[i]!;
    out[i] = x;
    s += x * x;
  }
  const n = Math.sqrt(s);
  if (n > 1e-12) for (let i = 0; i < v.length; i++) out[i]! /= n;
  return out;
}
