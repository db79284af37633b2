import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Encoder } from '../encoder.js';
import { DEFAULT_LENGTH_BUCKETS, DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_SEQ_LENGTH, defaultIntraOpThreads, type OnnxEncoderOptions } from './options.js';
import type { ModelInfo, WorkerRequest, WorkerResponse, WorkerSettings } from './protocol.js';

interface Pending {
  readonly count: number;
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (error: Error) => void;
}

/** One live worker thread and the state of its start-up. */
interface WorkerHandle {
  readonly worker: Worker;
  readonly ready: Promise<ModelInfo>;
  exited: boolean;
}

function settingsOf(options: OnnxEncoderOptions): WorkerSettings {
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < 1) throw new Error(`encoder option ${name} must be a positive integer, got ${String(value)}`);
    return v;
  };
  if (typeof options.path !== 'string' || options.path.length === 0) {
    throw new Error('the ONNX encoder needs encoder.path: the directory of a sentence-transformers ONNX export (see models/README.md)');
  }
  return {
    path: options.path,
    modelFile: options.modelFile,
    quantized: options.quantized,
    pooling: options.pooling,
    maxSeqLength: positive('maxSeqLength', options.maxSeqLength, DEFAULT_MAX_SEQ_LENGTH),
    preprocess: options.preprocess ?? 'auto',
    fold: options.fold ?? true,
    lengthBuckets: options.lengthBuckets ?? DEFAULT_LENGTH_BUCKETS,
    maxBatchSize: positive('maxBatchSize', options.maxBatchSize, DEFAULT_MAX_BATCH_SIZE),
    dedupe: options.dedupe ?? true,
    intraOpThreads: positive('intraOpThreads', options.intraOpThreads, defaultIntraOpThreads(availableParallelism())),
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
  };
}

/**
 * Encoder for any sentence-transformers model exported to ONNX. Tokenization and inference run
 * in a worker thread (the chat loop never stalls); requests are queued there and matched by id.
 * A crashed worker fails its pending requests and is replaced on the next request.
 * Create it with {@link OnnxEncoder.open}.
 */
export class OnnxEncoder implements Encoder {
  readonly id: string;
  readonly dim: number;
  private handle: WorkerHandle | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private crashes = 0;

  private constructor(
    private readonly settings: WorkerSettings,
    private readonly workerUrl: URL,
    handle: WorkerHandle,
    /** What the worker loaded (graph file, inputs, output, pooling, buckets...). */
    readonly info: ModelInfo,
  ) {
    this.handle = handle;
    this.dim = info.dim;
    const pre = `${info.preprocess.mentions ? 'm' : ''}${info.preprocess.urls ? 'u' : ''}` || 'raw';
    this.id = `onnx:${basename(settings.path)}:${info.fingerprint}:${info.pooling}:${info.maxSeqLength}:${pre}:${info.fold ? 'fold' : 'nofold'}`;
  }

  /** Starts the worker and loads the model; rejects with an Error naming the bad file and the fix. */
  static async open(options: OnnxEncoderOptions): Promise<OnnxEncoder> {
    const settings = settingsOf(options);
    const workerUrl = options.workerUrl ?? new URL('./onnx-worker.js', import.meta.url);
    let encoder: OnnxEncoder | undefined;
    const handle = OnnxEncoder.spawn(
      settings,
      workerUrl,
      (msg) => encoder?.onMessage(msg),
      (h, error) => encoder?.onExit(h, error),
    );
    try {
      const info = await handle.ready;
      encoder = new OnnxEncoder(settings, workerUrl, handle, info);
      handle.worker.unref();
      return encoder;
    } catch (e) {
      await handle.worker.terminate();
      throw e;
    }
  }

  /** Times a worker died unexpectedly (each failed its pending requests). */
  get workerCrashes(): number {
    return this.crashes;
  }

  /** The current worker thread, if one is running (diagnostics and tests). */
  get workerThread(): Worker | undefined {
    return this.handle?.exited === false ? this.handle.worker : undefined;
  }

  /** Requests sent to the worker and not answered yet. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new Error('OnnxEncoder is closed'));
    if (texts.length === 0) return Promise.resolve([]);
    const handle = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { count: texts.length, resolve, reject });
      handle.worker.ref();
      const req: WorkerRequest = { type: 'encode', id, texts: [...texts] };
      handle.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const handle = this.handle;
    this.handle = undefined;
    this.failPending(new Error('OnnxEncoder was closed before the request finished'));
    if (handle !== undefined && !handle.exited) await handle.worker.terminate();
  }

  private static spawn(
    settings: WorkerSettings,
    workerUrl: URL,
    onMessage: (msg: WorkerResponse) => void,
    onExit: (handle: WorkerHandle, error: Error) => void,
  ): WorkerHandle {
    const worker = new Worker(workerUrl, { workerData: settings });
    let lastError: Error | undefined;
    let settle: { resolve: (i: ModelInfo) => void; reject: (e: Error) => void } | undefined;
    const ready = new Promise<ModelInfo>((resolve, reject) => (settle = { resolve, reject }));
    const handle: WorkerHandle = { worker, ready, exited: false };
    ready.catch(() => undefined);
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.type === 'ready') settle?.resolve(msg.info);
      else if (msg.type === 'init-error') {
        lastError = new Error(msg.message);
        settle?.reject(lastError);
      } else onMessage(msg);
    });
    worker.on('error', (e) => {
      lastError = e instanceof Error ? e : new Error(String(e));
    });
    worker.on('exit', (code) => {
      handle.exited = true;
      const error = new Error(`the ONNX encoder worker stopped (exit code ${code}${lastError ? `: ${lastError.message}` : ''})`);
      settle?.reject(lastError ?? error);
      onExit(handle, lastError && lastError.message.length > 0 ? new Error(`the ONNX encoder worker failed: ${lastError.message}`) : error);
    });
    return handle;
  }

  /** The live worker, starting a new one when the previous one died. */
  private ensureWorker(): WorkerHandle {
    if (this.handle !== undefined && !this.handle.exited) return this.handle;
    const handle = OnnxEncoder.spawn(
      this.settings,
      this.workerUrl,
      (msg) => this.onMessage(msg),
      (h, error) => this.onExit(h, error),
    );
    // A replacement that fails to load reports it and exits: its requests fail through onExit.
    this.handle = handle;
    handle.ready.then(
      (info) => {
        if (info.fingerprint === this.info.fingerprint && info.dim === this.dim) return;
        if (handle === this.handle) this.failPending(new Error(`the model files in ${this.settings.path} changed since the encoder started: restart the bot`));
        void handle.worker.terminate();
      },
      () => undefined,
    );
    return handle;
  }

  private onMessage(msg: WorkerResponse): void {
    if (msg.type !== 'result' && msg.type !== 'error') return;
    const p = this.pending.get(msg.id);
    if (p === undefined) return;
    this.pending.delete(msg.id);
    if (this.pending.size === 0) this.handle?.worker.unref();
    if (msg.type === 'error') {
      p.reject(new Error(`ONNX encoder: ${msg.message}`));
      return;
    }
    // Fresh arrays of this realm (the message's arrays belong to the realm that received it,
    // which differs under vm contexts such as Jest's), one buffer per vector.
    const out: Float32Array[] = [];
    for (let i = 0; i < p.count; i++) {
      const v = new Float32Array(this.dim);
      v.set(msg.vectors.subarray(i * this.dim, (i + 1) * this.dim));
      out.push(v);
    }
    p.resolve(out);
  }

  private onExit(handle: WorkerHandle, error: Error): void {
    if (this.closed || handle !== this.handle) return;
    this.crashes++;
    this.handle = undefined;
    this.failPending(error);
  }

  private failPending(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}
