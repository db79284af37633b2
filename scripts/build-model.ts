// Writes a BERT-architecture sentence encoder with deterministic random weights, in the layout of
// a sentence-transformers ONNX export. Usage:
//   npm run build:model -- --preset tiny|seed-shape --out <dir> [--seed 42] [--model-file model.onnx]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildModel } from './model-builder/build.js';
import { isPresetName } from './model-builder/presets.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'tiny' },
    out: { type: 'string' },
    seed: { type: 'string', default: '42' },
    'model-file': { type: 'string', default: 'onnx/model.onnx' },
    pooling: { type: 'string', default: 'cls' },
  },
});

const preset = values.preset ?? 'tiny';
if (!isPresetName(preset)) throw new Error(`unknown --preset "${preset}": use tiny or seed-shape`);
const pooling = values.pooling;
if (pooling !== 'cls' && pooling !== 'mean' && pooling !== 'max') throw new Error(`unknown --pooling "${pooling}": use cls, mean or max`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
const outDir = resolve(values.out ?? `models/${preset}`);

const started = performance.now();
const built = await buildModel({ outDir, preset, seed, modelFile: values['model-file'], pooling });
const s = built.weights.shape;
console.log(
  `wrote ${preset} (${s.layers} layers, hidden ${s.hidden}, ${s.heads} heads, FFN ${s.intermediate}, vocab ${s.vocabSize}, ` +
    `${s.maxPositions} positions, seed ${seed}) to ${outDir} in ${Math.round(performance.now() - started)} ms`,
);
