// `npm run bench:replay -- [chat.tsv] [--model <onnx dir>] [--skip-onnx]`: replays a whole chat
// end to end with the built-in encoder and with the seed-shape ONNX model, one child process each
// (so each peak RSS is its own), and prints messages/s and peak RSS.
// Targets: >= 5,000 msgs/s (hash), >= 250 msgs/s (seed-shape ONNX).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SummaryLine } from '../src/replay/decision-lines.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { model: { type: 'string' }, 'skip-onnx': { type: 'boolean' }, runs: { type: 'string', default: '1' } },
});
const chat = resolve(positionals[0] ?? join(root, '..', 'shared', 'data', 'backseat-2021-11-04.tsv'));
if (!existsSync(chat)) {
  console.error(`bench:replay: chat file ${chat} not found. Fix: pass a TSV/JSONL/IRC chat file: npm run bench:replay -- <file>`);
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs) || 1);

interface Run {
  label: string;
  summary: SummaryLine;
  wallSeconds: number;
}

function replay(label: string, encoder: string): Run {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  try {
    let best: Run | undefined;
    for (let i = 0; i < runs; i++) {
      const out = join(dir, 'decisions.jsonl');
      const started = performance.now();
      const r = spawnSync(
        process.execPath,
        [join(root, 'dist', 'scripts', 'replay.js'), chat, '--encoder', encoder, '--decisions', out, '--report', join(dir, 'report.html'), '--quiet'],
        {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const wallSeconds = (performance.now() - started) / 1000;
      if (r.status !== 0) throw new Error(`replay with ${encoder} failed (exit ${r.status}):\n${r.stderr}`);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      const summary = JSON.parse(lines[lines.length - 1]!) as SummaryLine;
      if (!best || summary.msgs_per_s > best.summary.msgs_per_s) best = { label, summary, wallSeconds };
    }
    return best!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seedShapeModel(): Promise<string | undefined> {
  if (values['skip-onnx']) return undefined;
  const dir = resolve(values.model ?? join(root, 'models', 'seed-shape'));
  if (existsSync(dir)) return dir;
  if (values.model) throw new Error(`--model ${dir} not found`);
  console.log(`building the seed-shape model into ${dir} (npm run build:model -- --preset seed-shape)...`);
  const { buildModel } = await import('./model-builder/build.js');
  await buildModel({ outDir: dir, preset: 'seed-shape', seed: 42, modelFile: 'onnx/model.onnx', pooling: 'cls' });
  return dir;
}

const print = (r: Run, target: number): void => {
  const s = r.summary;
  const ok = s.msgs_per_s >= target ? 'ok' : 'BELOW TARGET';
  console.log(
    `${r.label.padEnd(22)} ${String(s.messages).padStart(6)} msgs  ${String(s.msgs_per_s).padStart(6)} msgs/s pipeline (target >= ${target}: ${ok})  ` +
      `${(s.messages / r.wallSeconds).toFixed(0).padStart(6)} msgs/s incl. start-up (${r.wallSeconds.toFixed(2)} s)  peak RSS ${s.peak_rss_mb} MB  ` +
      `moderated ${s.moderation.messages_acted_on}, faq ${s.faq.answers}, topics ${s.topics.snapshots}`,
  );
};

console.log(`bench:replay on ${chat} (best of ${runs})`);
print(replay('hash (built-in)', 'hash'), 5000);
const model = await seedShapeModel();
if (model) print(replay('onnx seed-shape', `onnx:${model}`), 250);
else console.log('onnx seed-shape        skipped (--skip-onnx)');
