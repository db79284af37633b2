import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { readModelDirectory, type ModelDirectory } from './model-dir.js';
import type { PoolingMode } from './options.js';
import { l2NormalizeInPlace, poolSequence } from './pooling.js';
import type { ModelInfo, WorkerSettings } from './protocol.js';
import { ChatTokenizer } from './tokenize.js';

const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'] as const;
type KnownInput = (typeof KNOWN_INPUTS)[number];
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'] as const;
const SENTENCE_OUTPUT = 'sentence_embedding';
/**
 * Cost of one ONNX Runtime run over `tokens` padded tokens, in token units: a fixed per-operator
 * overhead plus the tokens, with a floor below which a run costs the same. Measured on a 12-layer
 * hidden-256 encoder, one thread: ~1.5 ms + 0.21 ms/token, never under ~3.7 ms.
 */
function runCost(tokens: number): number {
  return Math.max(18, 7 + tokens);
}

const EXPORT_FIX = 'Export the model with `optimum-cli export onnx --model <model> --task feature-extraction <dir>` (see models/README.md)';

interface Sequence {
  readonly index: number;
  readonly ids: readonly number[];
}

/** Effective padding lengths: configured buckets below maxSeqLength, then maxSeqLength. */
export function effectiveBuckets(buckets: readonly number[], maxSeqLength: number): number[] {
  const below = buckets.filter((b) => Number.isInteger(b) && b > 0 && b < maxSeqLength);
  return [...new Set([...below, maxSeqLength])].sort((a, b) => a - b);
}

function fingerprint(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A loaded model: tokenizer + ONNX Runtime session + pooling. Runs wherever it is created (the
 * worker creates it); `encode` returns the vectors of all texts as one flat array.
 */
export class ModelRunner {
  private constructor(
    readonly info: ModelInfo,
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: ChatTokenizer,
    private readonly feeds: ReadonlyArray<{ readonly name: KnownInput; readonly int32: boolean }>,
    private readonly maxBatchSize: number,
    private readonly dedupe: boolean,
  ) {}

  /** Loads and validates a model directory; errors name the file and the fix. */
  static async load(settings: WorkerSettings): Promise<ModelRunner> {
    const model = readModelDirectory(settings.path, settings.modelFile, settings.quantized);
    const maxSeqLength = Math.min(settings.maxSeqLength, ...model.lengthLimits);
    const tokenizer = new ChatTokenizer(model, maxSeqLength, settings.preprocess, settings.fold);

    // Session.
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model.modelFile, {
        intraOpNumThreads: settings.intraOpThreads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: settings.graphOptimizationLevel,
        enableCpuMemArena: true,
        enableMemPattern: true,
      });
    } catch (e) {
      const reason = (e as Error).message.trim().replace(/\.+$/, '');
      throw new Error(
        `${model.modelFile} could not be loaded by onnxruntime-node (${reason}): it is not a valid ONNX graph, or it is truncated. Copy the file again, or re-export it. ${EXPORT_FIX}`,
      );
    }

    // Inputs: input_ids required; the other known inputs are fed only when declared.
    const unknown = session.inputNames.filter((n) => !(KNOWN_INPUTS as readonly string[]).includes(n));
    if (!session.inputNames.includes('input_ids') || unknown.length > 0) {
      await session.release();
      throw new Error(
        `${model.modelFile} declares inputs [${session.inputNames.join(', ')}]; a text encoder graph takes input_ids ` +
          `and optionally attention_mask, token_type_ids, position_ids. ${EXPORT_FIX}`,
      );
    }
    const feeds = session.inputMetadata.map((m) => ({
      name: m.name as KnownInput,
      int32: m.isTensor && m.type === 'int32',
    }));

    // Output: sentence_embedding unless pooling is configured, else a token-level output.
    const tokenOutput = TOKEN_OUTPUTS.find((n) => session.outputNames.includes(n));
    const hasSentence = session.outputNames.includes(SENTENCE_OUTPUT);
    const useSentence = hasSentence && (settings.pooling === undefined || tokenOutput === undefined);
    const output = useSentence ? SENTENCE_OUTPUT : tokenOutput;
    if (output === undefined) {
      await session.release();
      throw new Error(
        `${model.modelFile} declares outputs [${session.outputNames.join(', ')}]; expected last_hidden_state, ` +
          `token_embeddings or sentence_embedding (a feature-extraction export). ${EXPORT_FIX}`,
      );
    }
    if (!useSentence && model.hasDenseModule) {
      await session.release();
      throw new Error(
        `${join(model.dir, 'modules.json')} lists a Dense layer that ${model.modelFile} does not contain (it has no ` +
          'sentence_embedding output): export the full sentence-transformers pipeline (sentence_embedding output) or use another model',
      );
    }
    const pooling: PoolingMode | 'none' = useSentence ? 'none' : (settings.pooling ?? model.pooling ?? 'mean');

    const partial: Omit<ModelInfo, 'dim'> = {
      modelFile: model.modelFile,
      inputs: feeds.map((f) => f.name),
      output,
      pooling,
      maxSeqLength,
      // Without an attention mask padding would change the vectors: runs hold equal lengths only.
      lengthBuckets: feeds.some((f) => f.name === 'attention_mask') ? effectiveBuckets(settings.lengthBuckets, maxSeqLength) : [],
      preprocess: tokenizer.preprocess,
      fold: tokenizer.fold,
      fingerprint: fingerprint([model.modelFile, model.tokenizerFile]),
    };
    const runner = new ModelRunner({ ...partial, dim: 0 }, session, tokenizer, feeds, settings.maxBatchSize, settings.dedupe);
    return runner.withDim(model);
  }

  /** Runs one warm-up text to check the graph and learn the vector length. */
  private async withDim(model: ModelDirectory): Promise<ModelRunner> {
    const ids = this.tokenizer.encode('bonjour') ?? [0];
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await this.session.run(this.buildFeeds([{ index: 0, ids }], ids.length), [this.info.output]);
    } catch (e) {
      await this.session.release();
      throw new Error(`running ${model.modelFile} on a test input failed: ${(e as Error).message}. ${EXPORT_FIX}`);
    }
    const dims = result[this.info.output]!.dims;
    const rank = this.info.pooling === 'none' ? 2 : 3;
    const dim = dims[dims.length - 1];
    if (dims.length !== rank || dim === undefined || dim <= 0) {
      await this.session.release();
      throw new Error(`${model.modelFile} output ${this.info.output} has shape [${dims.join(', ')}], expected rank ${rank}. ${EXPORT_FIX}`);
    }
    return new ModelRunner({ ...this.info, dim }, this.session, this.tokenizer, this.feeds, this.maxBatchSize, this.dedupe);
  }

  /** Vectors of `texts` (L2-normalised; zeros for empty texts), flat [texts.length * dim]. */
  async encode(texts: readonly string[]): Promise<Float32Array> {
    const dim = this.info.dim;
    const out = new Float32Array(texts.length * dim);
    // 1. Tokenize; empty texts keep their zero vector; repeats (chat floods) are run once.
    const seqs: Sequence[] = [];
    const firstOf = new Map<string, number>();
    const repeats: Array<[from: number, to: number]> = [];
    texts.forEach((text, index) => {
      const ids = this.tokenizer.encode(text);
      if (ids === null) return;
      if (this.dedupe) {
        const key = ids.join(',');
        const first = firstOf.get(key);
        if (first !== undefined) {
          repeats.push([first, index]);
          return;
        }
        firstOf.set(key, index);
      }
      seqs.push({ index, ids });
    });
    // 2. Sort by length and cut into runs, each padded to one bucket.
    seqs.sort((a, b) => a.ids.length - b.ids.length);
    for (const run of this.planRuns(seqs)) await this.runChunk(run.seqs, run.seqLen, out);
    for (const [from, to] of repeats) out.copyWithin(to * dim, from * dim, (from + 1) * dim);
    return out;
  }

  /**
   * Groups length-sorted sequences by bucket (at most maxBatchSize per run), then merges
   * neighbouring groups when one padded run is cheaper than two (see {@link runCost}).
   */
  private planRuns(sorted: readonly Sequence[]): Array<{ seqs: Sequence[]; seqLen: number }> {
    const buckets = this.info.lengthBuckets;
    const bucketOf = (n: number): number => (buckets.length === 0 ? n : (buckets.find((b) => b >= n) ?? buckets[buckets.length - 1]!));
    const groups: Array<{ seqs: Sequence[]; seqLen: number }> = [];
    for (const s of sorted) {
      const seqLen = bucketOf(s.ids.length);
      const last = groups[groups.length - 1];
      if (last !== undefined && last.seqLen === seqLen && last.seqs.length < this.maxBatchSize) last.seqs.push(s);
      else groups.push({ seqs: [s], seqLen });
    }
    // Without an attention mask every run must hold one exact length: no merging.
    if (buckets.length === 0) return groups;
    const runs: Array<{ seqs: Sequence[]; seqLen: number }> = [];
    for (const g of groups) {
      const cur = runs[runs.length - 1];
      const n = cur === undefined ? 0 : cur.seqs.length + g.seqs.length;
      if (cur !== undefined && n <= this.maxBatchSize && runCost(n * g.seqLen) <= runCost(cur.seqs.length * cur.seqLen) + runCost(g.seqs.length * g.seqLen)) {
        cur.seqs.push(...g.seqs);
        cur.seqLen = g.seqLen;
      } else runs.push({ seqs: [...g.seqs], seqLen: g.seqLen });
    }
    return runs;
  }

  private buildFeeds(seqs: readonly Sequence[], seqLen: number): Record<string, ort.Tensor> {
    const n = seqs.length * seqLen;
    const ids = new BigInt64Array(n);
    const mask = new BigInt64Array(n);
    seqs.forEach((s, row) => {
      for (let t = 0; t < s.ids.length; t++) {
        ids[row * seqLen + t] = BigInt(s.ids[t]!);
        mask[row * seqLen + t] = 1n;
      }
    });
    const dims = [seqs.length, seqLen];
    const tensor = (data: BigInt64Array, int32: boolean): ort.Tensor =>
      int32 ? new ort.Tensor('int32', Int32Array.from(data, Number), dims) : new ort.Tensor('int64', data, dims);
    const feeds: Record<string, ort.Tensor> = {};
    for (const f of this.feeds) {
      if (f.name === 'input_ids') feeds[f.name] = tensor(ids, f.int32);
      else if (f.name === 'attention_mask') feeds[f.name] = tensor(mask, f.int32);
      else if (f.name === 'token_type_ids') feeds[f.name] = tensor(new BigInt64Array(n), f.int32);
      else {
        const pos = new BigInt64Array(n);
        for (let i = 0; i < n; i++) pos[i] = BigInt(i % seqLen);
        feeds[f.name] = tensor(pos, f.int32);
      }
    }
    return feeds;
  }

  private async runChunk(seqs: readonly Sequence[], seqLen: number, out: Float32Array): Promise<void> {
    const dim = this.info.dim;
    const result = await this.session.run(this.buildFeeds(seqs, seqLen), [this.info.output]);
    const tensor = result[this.info.output]!;
    const data = tensor.data as Float32Array;
    seqs.forEach((s, row) => {
      const offset = s.index * dim;
      if (this.info.pooling === 'none') out.set(data.subarray(row * dim, row * dim + dim), offset);
      else poolSequence(data, row, seqLen, dim, s.ids.length, this.info.pooling, out, offset);
      l2NormalizeInPlace(out, offset, dim);
    });
    tensor.dispose();
  }

  /** Releases the session. */
  release(): Promise<void> {
    return this.session.release();
  }
}
