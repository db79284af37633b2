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
  const t = (name: string, length: number, std: number, mean = 0): Float32Array =>
    new Prng(subSeed(seed, name)).normalArray(length, std, mean);
  const layers: LayerWeights[] = [];
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer.${l}.`;
    layers.push({
      q: t(p + 'q', h * h, 0.02 * 4),
      qBias: t(p + 'qb', h, 0.02),
      k: t(p + 'k', h * h, 0.02 * 4),
      kBias: t(p + 'kb', h, 0.02),
      v: t(p + 'v', h * h, 0.02 * 4),
      vBias: t(p + 'vb', h, 0.02),
      attnOut: t(p + 'o', h * h, 0.02 * 4),
      attnOutBias: t(p + 'ob', h, 0.02),
      attnLnGamma: t(p + 'ln1g', h, 0.05, 1),
      attnLnBeta: t(p + 'ln1b', h, 0.05),
      ffnIn: t(p + 'f1', h * f, 0.02 * 4),
      ffnInBias: t(p + 'f1b', f, 0.02),
      ffnOut: t(p + 'f2', f * h, 0.02 * 4),
      ffnOutBias: t(p + 'f2b', h, 0.02),
      ffnLnGamma: t(p + 'ln2g', h, 0.05, 1),
      ffnLnBeta: t(p + 'ln2b', h, 0.05),
    });
  }
  return {
    shape,
    wordEmbeddings: t('word', shape.vocabSize * h, 0.5),
    positionEmbeddings: t('position', shape.maxPositions * h, 0.1),
    typeEmbeddings: t('type', shape.typeVocabSize * h, 0.1),
    embLnGamma: t('embln.g', h, 0.05, 1),
    embLnBeta: t('embln.b', h, 0.05),
    layers,
  };
}
