import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { Calibrator, type CalibrationInfo, type CalibratorStartOptions } from './calibration/calibrator.js';
import type { Encoder } from './encoder.js';
import { normalizeText } from './normalize.js';

/**
 * Thrown (as a rejection) when the encode queue is full. The pipeline catches it by `name` and
 * skips the semantic stages for that message.
 */
export class EncoderOverloadedError extends Error {
  override readonly name = 'EncoderOverloadedError';
  constructor(
    /** Requests waiting when this one was refused. */
    readonly queueDepth: number,
  ) {
    super(`encoder overloaded: ${queueDepth} texts already waiting (raise SharedEncoder maxQueue or use a faster encoder)`);
  }
}

/** Options of {@link SharedEncoder}. */
export interface SharedEncoderOptions {
  /** Most texts sent to the inner encoder in one call. Default 32. */
  maxBatch?: number;
  /**
   * How long the first waiting text may wait for others to join its batch, in wall-clock ms
   * (a full batch goes at once). Default 2. Batching is about CPU time, so it uses real timers,
   * never the bot's (possibly simulated) Clock.
   */
  maxWaitMs?: number;
  /**
   * Adaptive wait: a text arriving while the encoder is idle (nothing in flight, the previous text
   * came more than `maxWaitMs` ago) goes at once instead of waiting for company, so a quiet chat
   * pays no batching delay; under load the full `maxWaitMs` applies. Default true.
   */
  adaptiveWait?: boolean;
  /**
   * Overload bound: most texts waiting for a batch (in-flight batches not counted). When full, a
   * new `encode` is rejected at once with {@link EncoderOverloadedError} ("reject newest"); texts
   * already queued, cache hits and duplicates of a queued text are still served. `encodeBatch`
   * is refused only when the queue is already full, and is then admitted whole. Default 1024.
   */
  maxQueue?: number;
  /** Batches the inner encoder runs at once. Default 1 (a worker-thread model runs one anyway). */
  maxInFlight?: number;
  /** LRU cache entries (vectors) keyed by encoder id + normalised text; 0 disables. Default 10,000. */
  cacheSize?: number;
  /**
   * Length buckets in characters, used when the inner encoder has no `inputLength`: when texts
   * back up beyond `maxBatch`, batches are formed bucket by bucket so padding stays small.
   * Default [32, 64, 128, 256].
   */
  charBuckets?: readonly number[];
  /** Latencies kept for the percentiles of `stats()`. Default 4096. */
  latencySamples?: number;
}

/** Counters of a {@link SharedEncoder} since creation (or the last `resetStats`). */
export interface SharedEncoderStats {
  encoderId: string;
  /** Texts asked for (`encode` + each text of `encodeBatch`). */
  requests: number;
  cacheHits: number;
  cacheMisses: number;
  /** cacheHits / requests (0 without requests). */
  hitRate: number;
  /** Misses that joined an identical text already queued or in flight. */
  deduplicated: number;
  /** Calls made to the inner encoder. */
  batches: number;
  /** Texts sent to the inner encoder. */
  batchedTexts: number;
  /** batchedTexts / batches. */
  meanBatchSize: number;
  /** Texts waiting now. */
  queueDepth: number;
  /** Highest queue depth seen. */
  maxQueueDepth: number;
  /** Batches running now. */
  inFlight: number;
  /** Requests refused with EncoderOverloadedError. */
  rejected: number;
  /** Texts whose encoding failed. */
  errors: number;
  /** Entries in the cache. */
  cacheEntries: number;
  /** Enqueue-to-vector latency of encoded texts (cache hits excluded), over the last samples. */
  latencyMs: { count: number; p50: number; p90: number; p99: number; max: number };
}

interface Job {
  key: string;
  text: string;
  bucket: number;
  enqueuedAt: number;
  resolve: (v: Float32Array) => void;
  reject: (e: unknown) => void;
}

const DEFAULT_CHAR_BUCKETS: readonly number[] = [32, 64, 128, 256];

/**
 * The one encoder every module uses, in front of an {@link Encoder}: LRU cache keyed by encoder id
 * + {@link normalizeText} key (Twitch chat repeats itself), de-duplication of identical texts in
 * flight, micro-batching (up to `maxBatch` texts or `maxWaitMs`), batches grouped by length
 * bucket under backlog, a bounded queue and counters (`stats()`).
 *
 * Overload policy ("reject newest"): when `maxQueue` texts are waiting, a new `encode` rejects at
 * once with {@link EncoderOverloadedError}; the pipeline then leaves `ctx.vector` undefined and
 * semantic stages skip that message. Cache hits and duplicates of waiting texts are still served.
 *
 * Texts with the same normalised key share one vector (the first one encoded). Returned vectors
 * are shared with the cache: treat them as read-only. An inner-encoder failure rejects only the
 * texts it concerns: a failed batch is retried text by text.
 */
export class SharedEncoder {
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly adaptiveWait: boolean;
  /** Arrival time of the previous request and the gap before the latest one (ms, performance clock). */
  private lastArrival = -Infinity;
  private lastGap = Infinity;
  private readonly maxQueue: number;
  private readonly maxInFlight: number;
  /** Length buckets: the inner encoder's own when it has `inputLength`, else `charBuckets`. */
  private readonly buckets: readonly number[];
  private readonly innerLength: boolean;
  private readonly cache: LRUCache<string, Float32Array> | undefined;
  private readonly pending = new Map<string, Promise<Float32Array>>();
  private queue: Job[] = [];
  private inFlight = 0;
  private timer: (() => void) | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly idle = new Set<() => void>();
  private readonly latencies: Float64Array;
  private latencyCount = 0;
  private counters = SharedEncoder.zeroCounters();
  /**
   * The encoder's calibration: mean-vector removal applied to every vector, and the scale that
   * turns config thresholds into this encoder's (identity until {@link calibrate} ran).
   */
  readonly calibration: Calibrator;

  constructor(
    private readonly inner: Encoder,
    options: SharedEncoderOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 32;
    this.maxWaitMs = options.maxWaitMs ?? 2;
    this.adaptiveWait = options.adaptiveWait ?? true;
    this.maxQueue = options.maxQueue ?? 1024;
    this.maxInFlight = options.maxInFlight ?? 1;
    this.innerLength = inner.inputLength !== undefined && (inner.lengthBuckets?.length ?? 0) > 0;
    this.buckets = this.innerLength ? inner.lengthBuckets! : [...(options.charBuckets ?? DEFAULT_CHAR_BUCKETS)].sort((a, b) => a - b);
    const cacheSize = options.cacheSize ?? 10_000;
    const latencySamples = options.latencySamples ?? 4096;
    for (const [k, v] of Object.entries({ maxBatch: this.maxBatch, maxQueue: this.maxQueue, maxInFlight: this.maxInFlight, latencySamples })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`SharedEncoder: ${k} must be a positive integer, got ${v}`);
    }
    if (!(this.maxWaitMs >= 0) || !Number.isFinite(this.maxWaitMs))
      throw new Error(`SharedEncoder: maxWaitMs must be a finite number >= 0, got ${this.maxWaitMs}`);
    if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new Error(`SharedEncoder: cacheSize must be an integer >= 0, got ${cacheSize}`);
    this.latencies = new Float64Array(latencySamples);
    this.cache = cacheSize > 0 ? new LRUCache<string, Float32Array>({ max: cacheSize }) : undefined;
    this.calibration = new Calibrator(inner, (texts) => inner.encode(texts));
  }

  /**
   * Calibrates the encoder (see {@link Calibrator.start}): call once at start, before the first
   * message. Clears the cache, since vectors from now on are mean-centred.
   */
  async calibrate(options: CalibratorStartOptions = {}): Promise<CalibrationInfo> {
    const info = await this.calibration.start(options);
    this.cache?.clear();
    return info;
  }

  /** The inner encoder's id. */
  get id(): string {
    return this.inner.id;
  }

  /** The inner encoder's vector length. */
  get dim(): number {
    return this.inner.dim;
  }

  /**
   * Vector of one chat message (unit length, or zeros for text with nothing to encode).
   * Rejects with {@link EncoderOverloadedError} when the queue is full, or with the inner
   * encoder's error for this text.
   */
  encode(text: string): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error('SharedEncoder: encode() after close(); create a new encoder'));
    return this.request(typeof text === 'string' ? text : String(text ?? ''), true);
  }

  /** Vectors of several messages, in order (see `maxQueue` for when a batch is refused). */
  encodeBatch(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new Error('SharedEncoder: encodeBatch() after close(); create a new encoder'));
    if (texts.length === 0) return Promise.resolve([]);
    if (this.queue.length >= this.maxQueue) {
      this.counters.requests += texts.length;
      this.counters.rejected += texts.length;
      return Promise.reject(new EncoderOverloadedError(this.queue.length));
    }
    return Promise.all(texts.map((t) => this.request(typeof t === 'string' ? t : String(t ?? ''), false)));
  }

  /** Counters and latency percentiles. */
  stats(): SharedEncoderStats {
    const c = this.counters;
    const n = Math.min(this.latencyCount, this.latencies.length);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const pct = (p: number): number => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(p * n))]!);
    return {
      encoderId: this.inner.id,
      requests: c.requests,
      cacheHits: c.cacheHits,
      cacheMisses: c.cacheMisses,
      hitRate: c.requests === 0 ? 0 : c.cacheHits / c.requests,
      deduplicated: c.deduplicated,
      batches: c.batches,
      batchedTexts: c.batchedTexts,
      meanBatchSize: c.batches === 0 ? 0 : c.batchedTexts / c.batches,
      queueDepth: this.queue.length,
      maxQueueDepth: c.maxQueueDepth,
      inFlight: this.inFlight,
      rejected: c.rejected,
      errors: c.errors,
      cacheEntries: this.cache?.size ?? 0,
      latencyMs: { count: n, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: n === 0 ? 0 : sorted[n - 1]! },
    };
  }

  /** Zeroes the counters and latency samples (the cache is kept). */
  resetStats(): void {
    this.counters = SharedEncoder.zeroCounters();
    this.latencyCount = 0;
  }

  /** Empties the cache (e.g. after changing preprocessing). */
  clearCache(): void {
    this.cache?.clear();
  }

  /** Resolves when nothing is queued or in flight. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /**
   * Rejects queued texts, waits for batches in flight, then closes the inner encoder. Idempotent.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.timer?.();
    this.timer = undefined;
    const dropped = this.queue;
    this.queue = [];
    for (const job of dropped) {
      this.pending.delete(job.key);
      job.reject(new Error('SharedEncoder closed before this text was encoded'));
    }
    this.closing = this.drain().then(() => this.inner.close());
    return this.closing;
  }

  private static zeroCounters() {
    return { requests: 0, cacheHits: 0, cacheMisses: 0, deduplicated: 0, batches: 0, batchedTexts: 0, maxQueueDepth: 0, rejected: 0, errors: 0 };
  }

  /** Cache, de-duplication, admission, enqueue. */
  private request(text: string, bounded: boolean): Promise<Float32Array> {
    const c = this.counters;
    c.requests++;
    const key = `${this.inner.id}\u0000${normalizeText(text)}`;
    const hit = this.cache?.get(key);
    if (hit) {
      c.cacheHits++;
      return Promise.resolve(hit);
    }
    c.cacheMisses++;
    const same = this.pending.get(key);
    if (same) {
      c.deduplicated++;
      return same;
    }
    if (bounded && this.queue.length >= this.maxQueue) {
      c.rejected++;
      return Promise.reject(new EncoderOverloadedError(this.queue.length));
    }
    const arrived = performance.now();
    this.lastGap = arrived - this.lastArrival;
    this.lastArrival = arrived;
    const promise = new Promise<Float32Array>((resolve, reject) => {
      this.queue.push({ key, text, bucket: this.bucketOf(text), enqueuedAt: arrived, resolve, reject });
    });
    this.pending.set(key, promise);
    // A rejection nobody awaits must not crash the process; callers still see it
    promise.catch(() => undefined);
    if (this.queue.length > c.maxQueueDepth) c.maxQueueDepth = this.queue.length;
    this.schedule();
    return promise;
  }

  /** Length bucket of a text: the inner encoder's own unit when it has one, else characters. */
  private bucketOf(text: string): number {
    const buckets = this.buckets;
    let len = text.length;
    if (this.innerLength) {
      try {
        len = this.inner.inputLength!(text);
      } catch {
        // characters, then
      }
    }
    for (let i = 0; i < buckets.length; i++) if (len <= buckets[i]!) return i;
    return buckets.length;
  }

  /** Runs a batch now when one is full, else arms the wait timer. */
  private schedule(): void {
    if (this.closed || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    if (this.queue.length >= this.maxBatch) {
      this.pump();
      return;
    }
    if (this.timer === undefined) {
      const idle = this.adaptiveWait && this.inFlight === 0 && this.queue.length === 1 && this.lastGap > this.maxWaitMs;
      if (this.maxWaitMs > 0 && !idle) {
        const t = setTimeout(() => this.pump(), this.maxWaitMs);
        this.timer = () => clearTimeout(t);
      } else {
        const t = setImmediate(() => this.pump());
        this.timer = () => clearImmediate(t);
      }
    }
  }

  /** Starts batches while capacity allows. */
  private pump(): void {
    this.timer?.();
    this.timer = undefined;
    while (!this.closed && this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.pump();
        else if (this.inFlight === 0) this.notifyIdle();
      });
    }
  }

  /**
   * Next batch. Without backlog (queue <= maxBatch) everything goes in one call: the inner encoder
   * pads per length bucket itself (the ONNX encoder does), and one call costs less than several.
   * With a backlog, the oldest job's length bucket is taken first (full batches of similar
   * lengths, little padding), then remaining slots in arrival order.
   */
  private takeBatch(): Job[] {
    if (this.queue.length <= this.maxBatch) {
      const all = this.queue;
      this.queue = [];
      return all;
    }
    const bucket = this.queue[0]!.bucket;
    const batch: Job[] = [];
    const rest: Job[] = [];
    for (const job of this.queue) {
      if (batch.length < this.maxBatch && job.bucket === bucket) batch.push(job);
      else rest.push(job);
    }
    while (batch.length < this.maxBatch && rest.length > 0) batch.push(rest.shift()!);
    this.queue = rest;
    return batch;
  }

  /** One inner call; on failure, each text alone so one bad text fails only itself. */
  private async run(batch: Job[]): Promise<void> {
    try {
      const vectors = await this.callInner(batch.map((j) => j.text));
      for (let i = 0; i < batch.length; i++) this.settle(batch[i]!, vectors[i]!);
    } catch (err) {
      if (batch.length === 1) {
        this.fail(batch[0]!, err);
        return;
      }
      for (const job of batch) {
        try {
          const [v] = await this.callInner([job.text]);
          this.settle(job, v!);
        } catch (e) {
          this.fail(job, e);
        }
      }
    }
  }

  /** Calls the inner encoder and checks the shape of its answer. */
  private async callInner(texts: string[]): Promise<Float32Array[]> {
    this.counters.batches++;
    this.counters.batchedTexts += texts.length;
    const vectors = await this.inner.encode(texts);
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new Error(`encoder ${this.inner.id} returned ${Array.isArray(vectors) ? vectors.length : typeof vectors} vectors for ${texts.length} texts`);
    }
    return vectors.map((v) => (v instanceof Float32Array && v.length === this.inner.dim ? this.calibration.transform(v) : v));
  }

  private settle(job: Job, v: Float32Array): void {
    if (!(v instanceof Float32Array) || v.length !== this.inner.dim) {
      this.fail(job, new Error(`encoder ${this.inner.id} returned a vector of length ${v?.length} (expected ${this.inner.dim})`));
      return;
    }
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!)) {
        this.fail(job, new Error(`encoder ${this.inner.id} returned a non-finite vector`));
        return;
      }
    }
    this.pending.delete(job.key);
    this.cache?.set(job.key, v);
    this.recordLatency(job);
    job.resolve(v);
  }

  private fail(job: Job, err: unknown): void {
    this.counters.errors++;
    this.pending.delete(job.key);
    this.recordLatency(job);
    job.reject(err);
  }

  private recordLatency(job: Job): void {
    this.latencies[this.latencyCount % this.latencies.length] = performance.now() - job.enqueuedAt;
    this.latencyCount++;
  }

  private notifyIdle(): void {
    const waiters = [...this.idle];
    this.idle.clear();
    for (const w of waiters) w();
  }
}
