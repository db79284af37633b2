// Plain TypeScript forward pass of a generated BERT encoder (float64), independent of the ONNX
// graph: the parity tests compare the ONNX encoder against it.
import type { BertWeights } from '../../../scripts/model-builder/weights.js';

/** erf, Abramowitz-Stegun 7.1.26 (absolute error < 1.5e-7, far below the 1e-4 tolerance). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

function layerNorm(x: Float64Array, rows: number, h: number, gamma: Float32Array, beta: Float32Array, eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < h; i++) mean += x[r * h + i]!;
    mean /= h;
    let v = 0;
    for (let i = 0; i < h; i++) v += (x[r * h + i]! - mean) ** 2;
    const inv = 1 / Math.sqrt(v / h + eps);
    for (let i = 0; i < h; i++) out[r * h + i] = (x[r * h + i]! - mean) * inv * gamma[i]! + beta[i]!;
  }
  return out;
}

/** x [rows, n] @ w [n, m] + b. */
function linear(x: Float64Array, rows: number, n: number, w: Float32Array, b: Float32Array, m: number): Float64Array {
  const out = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let s = b[j]!;
      for (let k = 0; k < n; k++) s += x[r * n + k]! * w[k * m + j]!;
      out[r * m + j] = s;
    }
  }
  return out;
}

/** Last hidden state [ids.length, hidden] of one unpadded sequence. */
export function referenceForward(weights: BertWeights, ids: readonly number[], withTokenTypes = true): Float64Array {
  const { hidden: h, heads, intermediate: f, layerNormEps: eps } = weights.shape;
  const s = ids.length;
  const hd = h / heads;
  let x: Float64Array = new Float64Array(s * h);
  for (let t = 0; t < s; t++) {
    for (let i = 0; i < h; i++) {
      let v = weights.wordEmbeddings[ids[t]! * h + i]! + weights.positionEmbeddings[t * h + i]!;
      if (withTokenTypes) v += weights.typeEmbeddings[i]!;
      x[t * h + i] = v;
    }
  }
  x = layerNorm(x, s, h, weights.embLnGamma, weights.embLnBeta, eps);
  for (const lw of weights.layers) {
    const q = linear(x, s, h, lw.q, lw.qBias, h);
    const k = linear(x, s, h, lw.k, lw.kBias, h);
    const v = linear(x, s, h, lw.v, lw.vBias, h);
    const ctx = new Float64Array(s * h);
    for (let head = 0; head < heads; head++) {
      const o = head * hd;
      for (let i = 0; i < s; i++) {
        const scores = new Float64Array(s);
        let max = -Infinity;
        for (let j = 0; j < s; j++) {
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += q[i * h + o + d]! * k[j * h + o + d]!;
          scores[j] = dot / Math.sqrt(hd);
          max = Math.max(max, scores[j]!);
        }
        let sum = 0;
        for (let j = 0; j < s; j++) {
          scores[j] = Math.exp(scores[j]! - max);
          sum += scores[j]!;
        }
        for (let j = 0; j < s; j++) {
          const p = scores[j]! / sum;
          for (let d = 0; d < hd; d++) ctx[i * h + o + d] = ctx[i * h + o + d]! + p * v[j * h + o + d]!;
        }
      }
    }
    const attn = linear(ctx, s, h, lw.attnOut, lw.attnOutBias, h);
    for (let i = 0; i < attn.length; i++) attn[i] = attn[i]! + x[i]!;
    const x1 = layerNorm(attn, s, h, lw.attnLnGamma, lw.attnLnBeta, eps);
    const inner = linear(x1, s, h, lw.ffnIn, lw.ffnInBias, f);
    for (let i = 0; i < inner.length; i++) inner[i] = 0.5 * inner[i]! * (1 + erf(inner[i]! / Math.SQRT2));
    const out = linear(inner, s, f, lw.ffnOut, lw.ffnOutBias, h);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + x1[i]!;
    x = layerNorm(out, s, h, lw.ffnLnGamma, lw.ffnLnBeta, eps);
  }
  return x;
}

/** Pooled and L2-normalised sentence vector, computed naively. */
export function referencePool(hiddenState: Float64Array, seqLen: number, h: number, mode: 'cls' | 'mean' | 'max'): Float64Array {
  const v = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    const col = Array.from({ length: seqLen }, (_, t) => hiddenState[t * h + i]!);
    v[i] = mode === 'cls' ? col[0]! : mode === 'max' ? Math.max(...col) : col.reduce((a, b) => a + b, 0) / seqLen;
  }
  const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  return v.map((x) => x / norm);
}
