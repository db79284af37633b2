import type { ModelShape } from './presets.js';
import { Prng, subSeed } from './prng.js';

/** One transformer layer; matrices are row-major [in, out] (x @ W). */
export interface LayerWeights {
  readonly q: Float32Array;
  readonly qBias: Float32Array;
  readonly k: Float32Array;
  readonly kBias: Float32Array;
  readonly v: Float32Array;
  readonly vBias: Float32Array;
  readonly attnOut: Float32Array;
  readonly attnOutBias: Float32Array;
  readonly attnLnGamma: Float32Array;
  readonly attnLnBeta: Float32Array;
  readonly ffnIn: Float32Array;
  readonly ffnInBias: Float32Array;
  readonly ffnOut: Float32Array;
  readonly ffnOutBias: Float32Array;
  readonly ffnLnGamma: Float32Array;
  readonly ffnLnBeta: Float32Array;
}

/** All weights of a BERT encoder. Embeddings are row-major [rows, hidden]. */
export interface BertWeights {
  readonly shape: ModelShape;
  readonly wordEmbeddings: Float32Array;
  readonly positionEmbeddings: Float32Array;
  readonly typeEmbeddings: Float32Array;
  readonly embLnGamma: Float32Array;
  readonly embLnBeta: Float32Array;
  readonly layers: readonly LayerWeights[];
}

/**
 * Deterministic random weights (BERT initialisation: normal, std 0.02; LayerNorm near 1/0 with
 * noise so the parity test exercises every parameter). Each tensor has its own sub-seed.
 */
export function generateWeights(shape: ModelShape, seed: number): BertWeights {
  const { hidden: h, intermediate: f } = shape;
  const t = (name: string, length: number, std: number, mean = 0): Float32Array => new Prng(subSeed(seed, name)).normalArray(length, std, mean);
  // Matrix `name` [rows, cols] and its bias `name`+'b'; LayerNorm gamma `name`+'g' and beta `name`+'b'
  const dense = (name: string, rows: number, cols: number): [Float32Array, Float32Array] => [t(name, rows * cols, 0.02 * 4), t(name + 'b', cols, 0.02)];
  const layerNorm = (name: string): [Float32Array, Float32Array] => [t(name + 'g', h, 0.05, 1), t(name + 'b', h, 0.05)];
  const layers: LayerWeights[] = [];
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer.${l}.`;
    const [q, qBias] = dense(p + 'q', h, h);
    const [k, kBias] = dense(p + 'k', h, h);
    const [v, vBias] = dense(p + 'v', h, h);
    const [attnOut, attnOutBias] = dense(p + 'o', h, h);
    const [attnLnGamma, attnLnBeta] = layerNorm(p + 'ln1');
    const [ffnIn, ffnInBias] = dense(p + 'f1', h, f);
    const [ffnOut, ffnOutBias] = dense(p + 'f2', f, h);
    const [ffnLnGamma, ffnLnBeta] = layerNorm(p + 'ln2');
    layers.push({ q, qBias, k, kBias, v, vBias, attnOut, attnOutBias, attnLnGamma, attnLnBeta, ffnIn, ffnInBias, ffnOut, ffnOutBias, ffnLnGamma, ffnLnBeta });
  }
  const [embLnGamma, embLnBeta] = layerNorm('embln.');
  return {
    shape,
    wordEmbeddings: t('word', shape.vocabSize * h, 0.5),
    positionEmbeddings: t('position', shape.maxPositions * h, 0.1),
    typeEmbeddings: t('type', shape.typeVocabSize * h, 0.1),
    embLnGamma,
    embLnBeta,
    layers,
  };
}
