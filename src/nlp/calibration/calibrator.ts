import { HashEncoder } from '../hash-encoder.js';
import { centerVector, meanVector, vectorNorm } from './mean-vector.js';
import { measureCrossNull, measureNull, nullSummary, type NullTable } from './null-distribution.js';
import { referenceChat, type ChatSample } from './reference-chat.js';
import { ThresholdScale } from './threshold-scale.js';

/** Where calibrations are kept between runs (the bot's store implements it). */
export interface CalibrationPersistence {
  /** The mean vector removed from an encoder's vectors. */
  loadMean(encoderId: string): Float32Array | undefined;
  saveMean(encoderId: string, mean: Float32Array): void;
  /** A channel's null table for an encoder (`channel` `''` = the reference chat). */
  loadTable(encoderId: string, channel: string): NullTable | undefined;
  saveTable(encoderId: string, channel: string, table: NullTable, at: number): void;
}

/** Log sink of calibration events (`info` level). */
export type CalibrationLog = (message: string, fields: Record<string, unknown>) => void;

/** What the calibrator needs to know of the encoder. */
export interface CalibratedEncoder {
  readonly id: string;
  readonly dim: number;
  /** Config thresholds are written in this encoder's units (the built-in hash encoder). */
  readonly referenceUnits?: boolean;
}

/** Options of {@link Calibrator.start}. */
export interface CalibratorStartOptions {
  /** Chat measured before a channel has its own (default: the bundled reference chat). */
  reference?: readonly ChatSample[];
  persistence?: CalibrationPersistence;
  log?: CalibrationLog;
  /** Time of the start (ms), stored with the tables. Default `Date.now()`. */
  now?: number;
  /** Ignore stored calibrations and measure again. Default false. */
  fresh?: boolean;
}

/** Options of a {@link Calibrator}. */
export interface CalibratorOptions {
  /** Recent messages per channel the channel's null is measured on. Default 2000. */
  window?: number;
  /** New messages between two refreshes of a channel's calibration. Default 500. */
  refreshEvery?: number;
  /** Distinct messages a channel needs before its own chat replaces the reference. Default 400. */
  minMessages?: number;
  /** Pairs sampled per measurement. Default 60,000 (channel) and 300,000 (reference). */
  pairs?: number;
  referencePairs?: number;
  /** Smallest time gap of a null pair, ms. Default 120,000. */
  minGapMs?: number;
}

/** Public view of a channel's calibration (for `!faq test`, the replay report, `npm run calibrate`). */
export interface CalibrationInfo {
  encoderId: string;
  channel: string;
  /** `reference`: the bundled chat (or a stored table); `channel`: the channel's own recent chat. */
  source: 'reference' | 'stored' | 'channel';
  /** Mean vector removed (anisotropic encoders), with its norm before removal. */
  centered: boolean;
  meanNorm: number;
  /** Thresholds pass unchanged (the hash encoder: config is in its units). */
  identity: boolean;
  null: ReturnType<typeof nullSummary>;
  /** Times the channel's calibration was refreshed from its own chat. */
  refreshes: number;
}

interface ChannelCalibration {
  vectors: Float32Array[];
  times: number[];
  next: number;
  sinceRefresh: number;
  table: NullTable | undefined;
  source: CalibrationInfo['source'];
  version: number;
  refreshes: number;
}

/** Below this norm of the mean vector, vectors are left as they are (the hash encoder's is ~0.1). */
const CENTER_MIN_NORM = 0.2;

let hashReferencePromise: Promise<NullTable> | undefined;

const hashCrossTables = new Map<string, NullTable>();

/** The hash encoder's similarities of some texts (e.g. the built-in blocklist) to the reference chat, cached per list. */
export function hashCrossTable(texts: readonly string[]): NullTable {
  const key = texts.join('\u0000');
  let t = hashCrossTables.get(key);
  if (!t) {
    const enc = new HashEncoder();
    t = measureCrossNull(
      texts.map((x) => enc.encodeOne(x)),
      referenceChat().map((m) => enc.encodeOne(m.text)),
    );
    hashCrossTables.set(key, t);
  }
  return t;
}

/** The hash encoder's null on the bundled reference chat: the meaning of config thresholds. */
export function hashReferenceTable(): Promise<NullTable> {
  hashReferencePromise ??= (async () => {
    const chat = referenceChat();
    const enc = new HashEncoder();
    const vectors = await enc.encode(chat.map((m) => m.text));
    await enc.close();
    return measureNull(vectors, { times: chat.map((m) => m.time), pairs: 300_000 });
  })();
  return hashReferencePromise;
}

/**
 * Calibration of the shared encoder (one per encoder): the mean vector removed from every vector
 * (anisotropic models), the null distribution of similarities of unrelated chat per channel
 * (the bundled reference chat at start, then the channel's own recent messages, refreshed every
 * `refreshEvery` messages), and the {@link ThresholdScale} that turns config thresholds (hash
 * units) into this encoder's. Until {@link start} ran, vectors pass unchanged and the scale is the
 * identity (today's behaviour).
 */
export class Calibrator {
  private mean: Float32Array | undefined;
  private meanNorm = 0;
  private hashRef: NullTable | undefined;
  private reference: NullTable | undefined;
  /** Reference chat vectors (transformed), when measured in this run (not when loaded from the store). */
  private referenceVectors: Float32Array[] | undefined;
  private readonly channels = new Map<string, ChannelCalibration>();
  private persistence: CalibrationPersistence | undefined;
  private log: CalibrationLog | undefined;
  private started = false;
  private readonly window: number;
  private readonly refreshEvery: number;
  private readonly minMessages: number;
  private readonly pairs: number;
  private readonly referencePairs: number;
  private readonly minGapMs: number;

  constructor(
    readonly encoder: CalibratedEncoder,
    /** Encodes texts with the encoder itself (raw vectors, before mean removal). */
    private readonly encodeRaw: (texts: readonly string[]) => Promise<Float32Array[]>,
    options: CalibratorOptions = {},
  ) {
    this.window = options.window ?? 2000;
    this.refreshEvery = options.refreshEvery ?? 500;
    this.minMessages = options.minMessages ?? 400;
    this.pairs = options.pairs ?? 60_000;
    this.referencePairs = options.referencePairs ?? 300_000;
    this.minGapMs = options.minGapMs ?? 120_000;
  }

  /** Whether {@link start} completed. */
  get ready(): boolean {
    return this.started;
  }

  /** Thresholds pass unchanged: the encoder's units are the config's (hash), or nothing is measured. */
  get identity(): boolean {
    return this.encoder.referenceUnits === true || !this.started;
  }

  /**
   * Measures the encoder on the reference chat (or loads what was stored for this encoder id):
   * the mean vector and the reference null. Call once, before the first message; vectors encoded
   * earlier were not centred, so the caller clears its cache afterwards.
   */
  async start(options: CalibratorStartOptions = {}): Promise<CalibrationInfo> {
    this.persistence = options.persistence;
    this.log = options.log;
    const id = this.encoder.id;
    const now = options.now ?? Date.now();
    if (this.encoder.referenceUnits && !options.reference) {
      // The hash encoder: thresholds and vectors as they are; its null is measured when first shown
      this.started = true;
      this.log?.('calibration: hash encoder, thresholds as configured (they are in its units)', { encoderId: id });
      return this.info('');
    }
    this.hashRef = this.encoder.referenceUnits ? undefined : await hashReferenceTable();
    const storedMean = options.fresh ? undefined : this.persistence?.loadMean(id);
    const storedRef = options.fresh ? undefined : this.persistence?.loadTable(id, '');
    if (storedMean && storedRef && storedMean.length === this.encoder.dim && !options.reference) {
      this.setMean(storedMean);
      this.reference = storedRef;
    } else {
      const chat = options.reference ?? referenceChat();
      const raw = await this.encodeRaw(chat.map((m) => m.text));
      this.setMean(meanVector(raw, this.encoder.dim));
      const vectors = this.mean ? raw.map((v) => centerVector(v, this.mean!)) : raw;
      this.referenceVectors = vectors;
      this.reference = measureNull(vectors, { times: chat.map((m) => m.time), pairs: this.referencePairs, minGapMs: this.minGapMs });
      this.persistence?.saveMean(id, this.mean ?? new Float32Array(this.encoder.dim));
      this.persistence?.saveTable(id, '', this.reference, now);
    }
    this.started = true;
    const info = this.info('');
    this.log?.('calibration: encoder measured on the reference chat', { ...info });
    return info;
  }

  private setMean(mean: Float32Array): void {
    this.meanNorm = vectorNorm(mean);
    // The hash encoder keeps its vectors: its thresholds are the config's own units
    this.mean = !this.encoder.referenceUnits && this.meanNorm >= CENTER_MIN_NORM ? mean : undefined;
  }

  /** Applies the mean removal to a raw vector of the encoder (identity when none). */
  transform(v: Float32Array): Float32Array {
    return this.mean ? centerVector(v, this.mean) : v;
  }

  private channel(name: string): ChannelCalibration {
    let c = this.channels.get(name);
    if (!c) {
      const stored = this.started ? this.persistence?.loadTable(this.encoder.id, name) : undefined;
      c = { vectors: [], times: [], next: 0, sinceRefresh: 0, table: stored, source: stored ? 'stored' : 'reference', version: 0, refreshes: 0 };
      this.channels.set(name, c);
    }
    return c;
  }

  /**
   * Records a message vector of a channel (already transformed); every `refreshEvery` messages,
   * once the channel has `minMessages`, its null is measured again on its recent chat.
   * @returns true when the calibration changed
   */
  observe(channel: string, vector: Float32Array, time: number): boolean {
    if (!this.started) return false;
    const c = this.channel(channel);
    if (c.vectors.length < this.window) {
      c.vectors.push(vector);
      c.times.push(time);
    } else {
      c.vectors[c.next] = vector;
      c.times[c.next] = time;
      c.next = (c.next + 1) % this.window;
    }
    c.sinceRefresh++;
    if (c.sinceRefresh < this.refreshEvery || c.vectors.length < this.minMessages) return false;
    c.sinceRefresh = 0;
    let table: NullTable;
    try {
      table = measureNull(c.vectors, { times: c.times, pairs: this.pairs, minGapMs: this.minGapMs, seed: c.refreshes + 1 });
    } catch {
      return false;
    }
    if (table.messages < this.minMessages) return false;
    c.table = table;
    c.source = 'channel';
    c.version++;
    c.refreshes++;
    this.persistence?.saveTable(this.encoder.id, channel, table, time);
    const info = this.info(channel);
    if (c.refreshes === 1 || c.refreshes % 10 === 0)
      this.log?.(`calibration of #${channel} refreshed from its chat`, { ...info, thresholds: this.describe(channel) });
    return true;
  }

  /** Measures a channel's null at once on a whole chat (vectors already transformed), e.g. a chat file. */
  measure(channel: string, vectors: readonly Float32Array[], times: readonly number[], at = Date.now()): CalibrationInfo {
    if (!this.started) throw new Error('calibration: start() first');
    const c = this.channel(channel);
    c.table = measureNull(vectors, { times, pairs: this.referencePairs, minGapMs: this.minGapMs });
    c.source = 'channel';
    c.version++;
    c.refreshes++;
    this.persistence?.saveTable(this.encoder.id, channel, c.table, at);
    return this.info(channel);
  }

  /**
   * The scale of a setting that compares each message to a list of texts (the blocklist): the
   * encoder's similarities of `queries` (the list, transformed vectors) to the channel's chat (the
   * reference chat before it has enough), against `hashCross`, the hash encoder's similarities of
   * its own list to the reference chat. Undefined for the hash encoder or without chat vectors.
   */
  crossScale(channel: string, hashCross: NullTable, queries: readonly Float32Array[]): ThresholdScale | undefined {
    if (this.identity || queries.length === 0) return undefined;
    const c = this.channels.get(channel);
    const chat = c && c.vectors.length >= this.minMessages ? c.vectors : this.referenceVectors;
    if (!chat) return undefined;
    try {
      return new ThresholdScale(hashCross, measureCrossNull(queries, chat));
    } catch {
      return undefined;
    }
  }

  /** Changes each time the channel's scale changes (for caches of derived settings). */
  version(channel: string): number {
    return this.channels.get(channel)?.version ?? 0;
  }

  /** The scale of a channel's thresholds. */
  scale(channel: string): ThresholdScale {
    if (this.identity) return ThresholdScale.identity;
    const table = this.channel(channel).table ?? this.reference;
    return new ThresholdScale(this.hashRef, table);
  }

  /**
   * The channel's calibration with each default setting's rate and threshold, measuring the
   * reference first when it was left for later (hash encoder).
   */
  async report(
    channel: string,
    settings: Record<string, number> = DEFAULT_SETTINGS,
  ): Promise<{ info: CalibrationInfo; thresholds: ReturnType<Calibrator['describe']> }> {
    if (!this.reference && this.encoder.referenceUnits) this.reference = await hashReferenceTable();
    return { info: this.info(channel), thresholds: this.describe(channel, settings) };
  }

  /** What `!faq test`, logs and reports show. */
  info(channel: string): CalibrationInfo {
    const c = channel ? this.channel(channel) : undefined;
    const table = c?.table ?? this.reference;
    return {
      encoderId: this.encoder.id,
      channel,
      source: c?.source ?? 'reference',
      centered: this.mean !== undefined,
      meanNorm: Math.round(this.meanNorm * 1000) / 1000,
      identity: this.identity,
      null: table ? nullSummary(table) : { pairs: 0, messages: 0, mean: 0, p90: 0, p99: 0, p999: 0 },
      refreshes: c?.refreshes ?? 0,
    };
  }

  /**
   * Settings in hash units with their false-match rate and this encoder's threshold, e.g.
   * `{ repeat: { hash: 0.65, rate: 2e-5, threshold: 0.81 } }`.
   */
  describe(
    channel: string,
    settings: Record<string, number> = DEFAULT_SETTINGS,
  ): Record<string, { hash: number; rate: number | undefined; threshold: number }> {
    const s = this.scale(channel);
    const ref = this.hashRef ?? (this.encoder.referenceUnits ? this.reference : undefined);
    const rateOf = (t: number): number | undefined => (ref ? new ThresholdScale(ref, ref).rate(t) : undefined);
    const out: Record<string, { hash: number; rate: number | undefined; threshold: number }> = {};
    for (const [k, t] of Object.entries(settings)) out[k] = { hash: t, rate: rateOf(t), threshold: Math.round(s.threshold(t) * 1000) / 1000 };
    return out;
  }
}

/** Default thresholds of the config (hash units), shown when a caller gives none. */
export const DEFAULT_SETTINGS: Readonly<Record<string, number>> = {
  'moderation.repeat': 0.65,
  'moderation.flood': 0.7,
  'moderation.blocklist': 0.42,
  'moderation.nuke': 0.7,
  'topics.join': 0.35,
  'faq.threshold': 0.6,
};
