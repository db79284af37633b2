// Parity of `npm run model:install`'s graphs with the PyTorch reference at full size: the seed's
// shape (ConvBERT small: hidden 256, 12 layers, 4 heads, FFN 1024, embedding 128, head_ratio 2,
// kernel 9, vocab 16361) and paraphrase-multilingual-MiniLM-L12-v2's (BERT: hidden 384, 12
// layers, 12 heads, FFN 1536, vocab 250037). Random weights; needs python3 with torch.
// Usage: npm run parity:model-import -- [--shape seed|minilm|all] [--python /usr/bin/python3] [--keep <dir>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCheckpoint, MINILM_CONFIG, SEED_CONFIG, type CheckpointSpec } from './model-import/checkpoints.js';
import { checkParity } from './model-import/parity.js';

const { values } = parseArgs({
  options: { shape: { type: 'string', default: 'all' }, python: { type: 'string', default: 'python3' }, keep: { type: 'string' } },
});
const shapes: Record<string, CheckpointSpec> = {
  seed: { config: SEED_CONFIG, pooling: 'cls', formats: ['bin', 'safetensors'], seed: 7 },
  minilm: { config: MINILM_CONFIG, pooling: 'mean', formats: ['safetensors'], seed: 8 },
};
const wanted = values.shape === 'all' ? Object.keys(shapes) : [values.shape ?? ''];
let worst = 0;
for (const name of wanted) {
  const spec = shapes[name];
  if (spec === undefined) throw new Error(`unknown --shape ${name}: use seed, minilm or all`);
  const dir = values.keep ? join(values.keep, name) : mkdtempSync(join(tmpdir(), `parity-${name}-`));
  const t0 = performance.now();
  makeCheckpoint(dir, spec, values.python);
  console.log(`${name}: PyTorch reference written to ${dir} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  for (const format of spec.formats) {
    const file = format === 'bin' ? 'pytorch_model.bin' : 'model.safetensors';
    const r = await checkParity(dir, file);
    worst = Math.max(worst, r.cls, r.mean, r.clsPadded, r.meanPadded);
    console.log(
      `${name} (${spec.config['model_type']}, ${file}): max |ONNX - PyTorch| over ${r.messages} messages: ` +
        `CLS ${r.cls.toExponential(2)}, mean ${r.mean.toExponential(2)}; padded batch: CLS ${r.clsPadded.toExponential(2)}, mean ${r.meanPadded.toExponential(2)}`,
    );
  }
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`worst difference ${worst.toExponential(2)} (target <= 1e-4): ${worst <= 1e-4 ? 'PASS' : 'FAIL'}`);
process.exitCode = worst <= 1e-4 ? 0 : 1;
