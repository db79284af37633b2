// Encoder benchmark (figures, not a test). Usage:
//   npm run bench:encoder -- [chat.tsv] [--onnx-messages 1200] [--batches 1,8,32] [--threads 1,2] [--no-peer]
//     [--sections hash,bert,convbert,cache]
// Default corpus: test/fixtures/onnx/chat-excerpt.tsv (1,000 real messages). The ONNX part builds
// models/seed-shape (the reference model's compute shape, random weights) when it is missing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HashEncoder } from '../src/nlp/hash-encoder.js';
import { foldForModel } from '../src/nlp/normalize.js';
import { OnnxEncoder } from '../src/nlp/onnx/onnx-encoder.js';
import type { OnnxEncoderOptions } from '../src/nlp/onnx/options.js';
import { replaceMentionsAndUrls } from '../src/nlp/onnx/preprocess.js';
import { adaptTokenizerJson } from '../src/nlp/onnx/tokenize.js';
import { SharedEncoder } from '../src/nlp/shared-encoder.js';
import { installModel } from '../src/nlp/model-import/install.js';
import { buildModel } from './model-builder/build.js';
import { writeRandomCheckpoint } from './model-builder/hf-checkpoint.js';
import { SEED_CONFIG } from './model-import/checkpoints.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'onnx-messages': { type: 'string', default: '1200' },
    batches: { type: 'string', default: '1,8,32' },
    threads: { type: 'string', default: '1,2' },
    'no-peer': { type: 'boolean', default: false },
    model: { type: 'string', default: 'models/seed-shape' },
    'convbert-model': { type: 'string', default: 'models/seed-convbert' },
    sections: { type: 'string', default: 'hash,bert,convbert,cache' },
  },
});
const list = (s: string | undefined): number[] =>
  (s ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
const corpusPath = resolve(positionals[0] ?? 'test/fixtures/onnx/chat-excerpt.tsv');
const modelDir = resolve(values.model ?? 'models/seed-shape');
const sections = new Set((values.sections ?? '').split(','));

// Corpus: the message column of a time/reference_label/message TSV.
const messages = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.length > 0)
  .map((l) => l.split('\t').slice(2).join('\t'));
const [l1, l5] = loadavg();
console.log(
  `corpus ${corpusPath}: ${messages.length} messages; ${availableParallelism()} cores, load average ${l1!.toFixed(1)} (1 min) ${l5!.toFixed(1)} (5 min)`,
);

interface Run {
  msgsPerSec: number;
  p50: number;
  p99: number;
  vectors: Float32Array[];
  /** Per-call latencies (ms), sorted. */
  latencies: number[];
  seconds: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Encodes `texts` in consecutive batches of `batch`, one call at a time; per-call latency. */
async function timeRun(texts: readonly string[], batch: number, encode: (b: string[]) => Promise<Float32Array[]>): Promise<Run> {
  const latencies: number[] = [];
  const vectors: Float32Array[] = [];
  const start = performance.now();
  for (let i = 0; i < texts.length; i += batch) {
    const t0 = performance.now();
    vectors.push(...(await encode(texts.slice(i, i + batch))));
    latencies.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return {
    msgsPerSec: (texts.length / total) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    vectors,
    latencies,
    seconds: total / 1000,
  };
}

/**
 * Times two encoders on the same texts in alternating slices (A B, B A, A B...), so the load of a
 * shared machine drifts over both alike; figures are over all slices.
 */
async function timeInterleaved(
  texts: readonly string[],
  batch: number,
  a: (b: string[]) => Promise<Float32Array[]>,
  b: ((b: string[]) => Promise<Float32Array[]>) | undefined,
  slices = 6,
): Promise<[Run, Run | undefined]> {
  const parts: Array<{ a: Run; b?: Run }> = [];
  const size = Math.ceil(texts.length / slices / batch) * batch;
  for (let i = 0, k = 0; i < texts.length; i += size, k++) {
    const part = texts.slice(i, i + size);
    if (b === undefined || k % 2 === 0) {
      const ra = await timeRun(part, batch, a);
      parts.push({ a: ra, ...(b ? { b: await timeRun(part, batch, b) } : {}) });
    } else {
      const rb = await timeRun(part, batch, b);
      parts.push({ a: await timeRun(part, batch, a), b: rb });
    }
  }
  const merge = (runs: Run[]): Run => {
    const latencies = runs.flatMap((r) => r.latencies).sort((x, y) => x - y);
    const seconds = runs.reduce((t, r) => t + r.seconds, 0);
    const vectors = runs.flatMap((r) => r.vectors);
    return { msgsPerSec: vectors.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), vectors, latencies, seconds };
  };
  return [merge(parts.map((p) => p.a)), b === undefined ? undefined : merge(parts.map((p) => p.b!))];
}

const fmt = (r: Run): string =>
  `${r.msgsPerSec.toFixed(0).padStart(8)} msgs/s   p50 ${r.p50.toFixed(2).padStart(8)} ms   p99 ${r.p99.toFixed(2).padStart(8)} ms`;

// 1. Built-in hashing encoder, one core (this thread). Per CPU-second too: on a shared machine the
// wall-clock figure measures the load of others as much as the encoder.
if (sections.has('hash')) {
  const hash = new HashEncoder();
  await timeRun(messages.slice(0, 2000), 64, (b) => hash.encode(b));
  console.log(`\n== hashing encoder (${hash.id}, dim ${hash.dim}), main thread, ${messages.length} messages; target >= 50,000 msgs/s`);
  for (const batch of [1, 256]) {
    const cpu = process.cpuUsage();
    const run = await timeRun(messages, batch, (b) => hash.encode(b));
    const { user, system } = process.cpuUsage(cpu);
    console.log(`batch ${String(batch).padStart(3)}  ${fmt(run)}   ${(messages.length / ((user + system) / 1e6)).toFixed(0).padStart(8)} msgs per CPU-second`);
  }
  await hash.close();
}

// 2. ONNX encoder on seed-shape fp32 vs transformers.js on the same files.
const wanted = Math.min(messages.length, Number(values['onnx-messages']));
const stride = messages.length / wanted;
const sample = Array.from({ length: wanted }, (_, i) => messages[Math.floor(i * stride)]!);
const warmup = [...sample].sort((a, b) => a.length - b.length).filter((_, i) => i % Math.max(1, Math.floor(sample.length / 96)) === 0);
if (sections.has('bert')) await benchBert();
async function benchBert(): Promise<void> {
  if (!existsSync(join(modelDir, 'onnx', 'model.onnx'))) {
    console.log(`\nbuilding ${modelDir} (preset seed-shape)...`);
    await buildModel({ preset: 'seed-shape', outDir: modelDir });
  }

  // The peer reads a copy of the directory whose tokenizer.json has Nmt spelled out (tokenizers.js lacks
  // it) and whose tokenizer_config.json truncates at our maxSeqLength (128).
  const peerRoot = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  const peerDir = join(peerRoot, 'seed-shape');
  mkdirSync(peerDir);
  for (const f of ['config.json', 'onnx']) symlinkSync(join(modelDir, f), join(peerDir, f));
  const tokenizerConfig = JSON.parse(readFileSync(join(modelDir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(peerDir, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, model_max_length: 128 }));
  writeFileSync(join(peerDir, 'tokenizer.json'), JSON.stringify(adaptTokenizerJson(JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')))));

  console.log(`\n== ONNX encoder, ${modelDir} (fp32), ${sample.length} messages spread over the corpus; target >= 300 msgs/s with batching, >= 1.5x the peer`);
  let maxDiff = 0;
  let compared = 0;
  for (const threads of list(values.threads)) {
    const options: OnnxEncoderOptions = { path: modelDir, intraOpThreads: threads };
    const ours = await OnnxEncoder.open(options);
    const peer = values['no-peer'] ? undefined : await openPeer(peerRoot, 'seed-shape', threads, 'fp32');
    await ours.encode(warmup);
    await peer?.encode(warmup);
    for (const batch of list(values.batches)) {
      const [a, b] = await timeInterleaved(sample, batch, (x) => ours.encode(x), peer && ((x) => peer.encode(x)));
      console.log(`ours  threads ${threads} batch ${String(batch).padStart(2)}  ${fmt(a)}`);
      if (b === undefined) continue;
      console.log(`peer  threads ${threads} batch ${String(batch).padStart(2)}  ${fmt(b)}   ours/peer ${(a.msgsPerSec / b.msgsPerSec).toFixed(2)}x`);
      a.vectors.forEach((v, i) => {
        if (v.every((x) => x === 0)) return; // empty text: ours returns the zero vector by contract
        compared++;
        const w = b.vectors[i]!;
        for (let d = 0; d < v.length; d++) maxDiff = Math.max(maxDiff, Math.abs(v[d]! - w[d]!));
      });
    }
    if (threads === list(values.threads)[0]) {
      const noDedupe = await OnnxEncoder.open({ ...options, dedupe: false });
      await noDedupe.encode(warmup);
      console.log(`ours  threads ${threads} batch 32 without de-duplication  ${fmt(await timeRun(sample, 32, (b) => noDedupe.encode(b)))}`);
      await noDedupe.close();
      // The bot's path: one request per message, coalesced by the shared encoder (cache off).
      const shared = new SharedEncoder(ours, { cacheSize: 0, maxQueue: sample.length });
      const started = performance.now();
      await Promise.all(sample.map((t) => shared.encode(t)));
      const st = shared.stats();
      const rate = sample.length / ((performance.now() - started) / 1000);
      console.log(
        `ours  threads ${threads} one request per message, micro-batched by the shared encoder  ${rate.toFixed(0).padStart(8)} msgs/s   ${st.batches} batches of ${st.meanBatchSize.toFixed(1)} on average`,
      );
    }
    await ours.close();
    await peer?.close();
  }
  if (compared > 0) console.log(`ours vs peer: max abs difference ${maxDiff.toExponential(2)} over ${compared} vectors`);
  rmSync(peerRoot, { recursive: true, force: true });
}

/** transformers.js pipeline('feature-extraction') on the same files, CLS pooling, normalised. */
async function openPeer(
  root: string,
  name: string,
  threads: number,
  dtype: 'fp32' | 'q8',
): Promise<{ encode(texts: string[]): Promise<Float32Array[]>; close(): Promise<void> }> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = root + '/';
  const extractor = await pipeline('feature-extraction', name, {
    dtype,
    local_files_only: true,
    session_options: { intraOpNumThreads: threads },
  });
  // Same preprocessing as ours (default obfuscation fold, then <mention>/<url>), so the vectors are comparable.
  const pre = { mentions: true, urls: true };
  return {
    async encode(texts) {
      const out = await extractor(
        texts.map((t) => replaceMentionsAndUrls(foldForModel(t), pre)),
        { pooling: 'cls', normalize: true },
      );
      const dim = out.dims[1]!;
      const data = out.data as Float32Array;
      return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
    },
    close: () => extractor.dispose(),
  };
}

// 3. ConvBERT in the seed's configuration, installed by model:install --int8: int8 beside fp32.
if (sections.has('convbert')) await benchConvbert();
async function benchConvbert(): Promise<void> {
  const dir = resolve(values['convbert-model'] ?? 'models/seed-convbert');
  if (!existsSync(join(dir, 'onnx', 'model_quantized.onnx'))) {
    console.log(`\nbuilding ${dir} (ConvBERT, seed configuration, random weights) with model:install --int8...`);
    const repo = mkdtempSync(join(tmpdir(), 'seed-convbert-'));
    writeRandomCheckpoint(repo, SEED_CONFIG, 'cls');
    await installModel({ source: repo, modelsDir: dirname(dir), name: basename(dir), int8: true });
    rmSync(repo, { recursive: true, force: true });
  }
  const root = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  const peerDir = join(root, 'seed-convbert');
  mkdirSync(peerDir);
  for (const f of ['config.json', 'onnx']) symlinkSync(join(dir, f), join(peerDir, f));
  const tokConfig = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(peerDir, 'tokenizer_config.json'), JSON.stringify({ ...tokConfig, model_max_length: 128 }));
  writeFileSync(join(peerDir, 'tokenizer.json'), JSON.stringify(adaptTokenizerJson(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')))));
  console.log(`\n== ConvBERT (seed configuration), ${dir}: int8 vs fp32, ${sample.length} messages; target int8 >= 1.8x fp32, mean cosine >= 0.99`);
  for (const threads of list(values.threads)) {
    const fp32 = await OnnxEncoder.open({ path: dir, intraOpThreads: threads, quantized: false });
    const int8 = await OnnxEncoder.open({ path: dir, intraOpThreads: threads, quantized: true });
    await fp32.encode(warmup);
    await int8.encode(warmup);
    const peers = values['no-peer']
      ? []
      : [['fp32', await openPeer(root, 'seed-convbert', threads, 'fp32')] as const, ['q8', await openPeer(root, 'seed-convbert', threads, 'q8')] as const];
    for (const [, p] of peers) await p.encode(warmup);
    for (const batch of list(values.batches)) {
      const [a, b] = await timeInterleaved(
        sample,
        batch,
        (x) => fp32.encode(x),
        (x) => int8.encode(x),
      );
      console.log(`ours fp32  threads ${threads} batch ${String(batch).padStart(2)}  ${fmt(a)}`);
      console.log(`ours int8  threads ${threads} batch ${String(batch).padStart(2)}  ${fmt(b!)}   int8/fp32 ${(b!.msgsPerSec / a.msgsPerSec).toFixed(2)}x`);
      if (threads === 1) {
        // Per CPU-second of this process (worker included): what a shared, busy machine does not skew.
        const cpuRate = async (enc: OnnxEncoder): Promise<number> => {
          const c0 = process.cpuUsage();
          await timeRun(sample, batch, (x) => enc.encode(x));
          const { user, system } = process.cpuUsage(c0);
          return sample.length / ((user + system) / 1e6);
        };
        const f1 = await cpuRate(fp32);
        const i1 = await cpuRate(int8);
        const f2 = await cpuRate(fp32);
        const i2 = await cpuRate(int8);
        const f = (f1 + f2) / 2;
        const i = (i1 + i2) / 2;
        console.log(
          `           threads 1 batch ${String(batch).padStart(2)}  per CPU-second: fp32 ${f.toFixed(0)} msgs, int8 ${i.toFixed(0)} msgs   int8/fp32 ${(i / f).toFixed(2)}x`,
        );
      }
      for (const [kind, p] of peers) {
        // Timed against ours of the same precision, interleaved, so the ratio compares like with like.
        const [o, c] = await timeInterleaved(
          sample,
          batch,
          (x) => (kind === 'fp32' ? fp32 : int8).encode(x),
          (x) => p.encode(x),
        );
        console.log(
          `peer ${kind.padEnd(4)}  threads ${threads} batch ${String(batch).padStart(2)}  ${fmt(c!)}   ours ${kind === 'fp32' ? 'fp32' : 'int8'}/peer ${(o.msgsPerSec / c!.msgsPerSec).toFixed(2)}x`,
        );
      }
    }
    if (threads === list(values.threads)[0]) {
      // Agreement over the whole shipped chat.
      const va = await fp32.encode(messages);
      const vb = await int8.encode(messages);
      const cos: number[] = [];
      va.forEach((v, i) => {
        const w = vb[i]!;
        if (v.every((x) => x === 0)) return;
        let d = 0;
        for (let k = 0; k < v.length; k++) d += v[k]! * w[k]!;
        cos.push(d);
      });
      cos.sort((x, y) => x - y);
      const mean = cos.reduce((t, x) => t + x, 0) / cos.length;
      console.log(
        `int8 vs fp32 over ${cos.length} messages of ${corpusPath}: mean cosine ${mean.toFixed(4)}, min ${cos[0]!.toFixed(4)}, p1 ${percentile(cos, 0.01).toFixed(4)}`,
      );
    }
    await fp32.close();
    await int8.close();
    for (const [, p] of peers) await p.close();
  }
  rmSync(root, { recursive: true, force: true });
}

// 4. Shared encoder cache over the whole corpus, in order (hit rate does not depend on the model).
if (sections.has('cache')) {
  const shared = new SharedEncoder(new HashEncoder());
  for (const m of messages) await shared.encode(m);
  const s = shared.stats();
  console.log(
    `\n== shared encoder cache, ${messages.length} messages in order: hit rate ${(s.hitRate * 100).toFixed(1)}% (${s.cacheHits} hits / ${s.requests} requests, ${s.cacheEntries} entries)`,
  );
  await shared.close();
}
