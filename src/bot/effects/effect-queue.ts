import type { CancelTimer, Clock } from '../../chat/clock.js';
import { silentLogger, type Logger } from '../../chat/logger.js';

/** What an effect is worth when the budget is short; lower runs first. */
export const EFFECT_PRIORITIES = ['moderation', 'announcement', 'reply'] as const;
export type EffectPriority = (typeof EFFECT_PRIORITIES)[number];

/** How a failed attempt should be handled (from the transport's error). */
export interface AttemptFailure {
  /** 429, 5xx, network errors: worth another attempt. */
  retryable: boolean;
  /** Server-given wait before any request of the lane (429 `Ratelimit-Reset`/`Retry-After`). */
  retryAfterMs?: number;
  /** HTTP status when the server answered. */
  status?: number;
  /** One line for logs (never holds tokens). */
  error: string;
}

/** One side effect (a Helix call, a chat message): a single attempt per `run` call. */
export interface EffectSpec<T> {
  /** Lane (shared resource and budget), e.g. `helix` or `chat`. */
  lane: string;
  priority: EffectPriority;
  /** Short name for logs and stats (`deleteMessage`, `reply`). */
  label: string;
  channel: string;
  /** Give up (and abort a running attempt) this many ms after submission. Default: the lane's. */
  deadlineMs?: number;
  /** Effects with the same key not done yet (waiting or running) are merged into one (identical answers). */
  coalesceKey?: string;
  /** May be dropped at submission when the lane's budget cannot send it before its deadline. */
  sheddable?: boolean;
  /** One attempt; must stop when `signal` aborts. Rejections are classified by the queue's `classify`. */
  run(signal: AbortSignal): Promise<T>;
}

/** How an effect ended. The queue never rejects. */
export type EffectOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | {
      ok: false;
      /** `failed`: a non-retryable answer or attempts exhausted; `deadline`: out of time; `shed`: dropped for budget; `closed`: queue closed. */
      reason: 'failed' | 'deadline' | 'shed' | 'closed';
      error: string;
      status?: number;
      attempts: number;
    };

/** Options of one lane. */
export interface LaneOptions {
  /** Attempts running at once. Default 4. */
  concurrency?: number;
  /** At most `tokens` attempt starts per `perMs` (token bucket). Default: unlimited. */
  budget?: { tokens: number; perMs: number };
  /** Deadline of an effect when its spec has none, in ms. Default 30000. */
  deadlineMs?: number;
}

/** Options of {@link EffectQueue}. */
export interface EffectQueueOptions {
  /** Wall time (network waits are real even when the bot's clock is simulated). */
  clock: Clock;
  lanes: Record<string, LaneOptions>;
  /** Maps an attempt's rejection to a retry decision. Default: everything retryable. */
  classify?: (err: unknown) => AttemptFailure;
  /** Called for each failed attempt (metrics: failures by status). Default none. */
  onAttemptFailure?: (failure: { lane: string; label: string; channel: string; status: number | undefined }) => void;
  /** Most attempts per effect. Default 4. */
  maxAttempts?: number;
  /** First retry backoff in ms, doubled each attempt. Default 500. */
  backoffMs?: number;
  /** Backoff cap in ms. Default 8000. */
  maxBackoffMs?: number;
  /** Random fraction added to each backoff (0..jitter). Default 0.2; 0 in tests. */
  jitter?: number;
  /** One summary line per interval when effects were shed, coalesced or lost, in ms. Default 10000. */
  summaryEveryMs?: number;
  /** Default `silentLogger`. */
  log?: Logger;
}

/** Counters of one lane. */
export interface LaneStats {
  submitted: number;
  ok: number;
  failed: number;
  deadline: number;
  shed: number;
  coalesced: number;
  retries: number;
  /** Attempts that ended more than 100 ms after their effect's deadline (should stay 0: attempts are aborted at it). */
  late: number;
  /** Waiting now (queued or backing off). */
  waiting: number;
  running: number;
  maxWaiting: number;
  /** Lane paused by a server-given wait until this wall time (0 when not). */
  pausedUntil: number;
  /** Submission-to-success latency of the last successes, ms. */
  latencyMs: { count: number; p50: number; p99: number; max: number };
}

interface Job {
  spec: EffectSpec<unknown>;
  seq: number;
  priority: number;
  submittedAt: number;
  deadlineAt: number;
  attempts: number;
  /** Attempts that count toward `maxAttempts`: those started while the lane was healthy. */
  charged: number;
  state: 'queued' | 'backoff' | 'running' | 'done';
  controller: AbortController | undefined;
  cancelDeadline: CancelTimer;
  cancelBackoff: CancelTimer | undefined;
  lastFailure: AttemptFailure | undefined;
  promise: Promise<EffectOutcome<unknown>>;
  resolve: (o: EffectOutcome<unknown>) => void;
}

interface Lane {
  name: string;
  concurrency: number;
  budget: { tokens: number; perMs: number } | undefined;
  deadlineMs: number;
  tokens: number;
  refilledAt: number;
  /** One FIFO (by seq) per priority. */
  queues: Job[][];
  byKey: Map<string, Job>;
  /** Every effect not done yet (queued, backing off or running). */
  jobs: Set<Job>;
  running: number;
  backoff: number;
  pausedUntil: number;
  /** Retryable failures in a row (0: healthy). While > 0, one attempt at a time probes the lane. */
  failStreak: number;
  wake: CancelTimer | undefined;
  stats: Omit<LaneStats, 'waiting' | 'running' | 'pausedUntil' | 'latencyMs'>;
  latencies: number[];
}

const LATENCY_SAMPLES = 1024;
/** An aborted attempt should end at once; later than this after its deadline counts as late. */
const LATE_GRACE_MS = 100;

/**
 * The effect queues of "decide, then act": the pipeline decides at once and submits effects here;
 * each lane runs them by priority (moderation first, then announcements, then replies) within its
 * concurrency and send budget. Every effect has a deadline: a running attempt is aborted through
 * its `AbortSignal` when it passes, so no request outlives it. A retryable failure (429, 5xx,
 * network) pauses the whole lane with exponential backoff (or the 429's own wait), after which
 * one attempt at a time probes it until one succeeds; an effect is retried a bounded number of
 * times while the lane is healthy, and during an outage until its deadline. Identical waiting
 * effects are coalesced, and sheddable ones (replies) are dropped at submission when the budget
 * cannot send them in time. Transport-agnostic: a transport only supplies `run` and `classify`.
 */
export class EffectQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly clock: Clock;
  private readonly classify: (err: unknown) => AttemptFailure;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly jitter: number;
  private readonly summaryEveryMs: number;
  private readonly log: Logger;
  private seq = 0;
  private closed = false;
  private summaryTimer: CancelTimer | undefined;
  private unreported = { shed: 0, coalesced: 0, deadline: 0, failed: 0 };

  private readonly onAttemptFailure: EffectQueueOptions['onAttemptFailure'];

  constructor(o: EffectQueueOptions) {
    this.clock = o.clock;
    this.onAttemptFailure = o.onAttemptFailure;
    this.classify = o.classify ?? ((err) => ({ retryable: true, error: err instanceof Error ? err.message : String(err) }));
    this.maxAttempts = o.maxAttempts ?? 4;
    this.backoffMs = o.backoffMs ?? 500;
    this.maxBackoffMs = o.maxBackoffMs ?? 8000;
    this.jitter = o.jitter ?? 0.2;
    this.summaryEveryMs = o.summaryEveryMs ?? 10_000;
    this.log = o.log ?? silentLogger;
    for (const [name, l] of Object.entries(o.lanes)) this.addLane(name, l);
  }

  /** Adds (or replaces the options of) a lane, e.g. when the chat rate limit is known. */
  addLane(name: string, l: LaneOptions): void {
    const known = this.lanes.get(name);
    const budget = l.budget && l.budget.tokens > 0 && l.budget.perMs > 0 ? { ...l.budget } : undefined;
    if (known) {
      known.concurrency = Math.max(1, l.concurrency ?? 4);
      known.budget = budget;
      known.deadlineMs = l.deadlineMs ?? 30_000;
      known.tokens = Math.min(known.tokens, budget?.tokens ?? Infinity);
      return;
    }
    this.lanes.set(name, {
      name,
      concurrency: Math.max(1, l.concurrency ?? 4),
      budget,
      deadlineMs: l.deadlineMs ?? 30_000,
      tokens: budget?.tokens ?? Infinity,
      refilledAt: this.clock.now(),
      queues: EFFECT_PRIORITIES.map(() => []),
      byKey: new Map(),
      jobs: new Set(),
      running: 0,
      backoff: 0,
      pausedUntil: 0,
      failStreak: 0,
      wake: undefined,
      stats: { submitted: 0, ok: 0, failed: 0, deadline: 0, shed: 0, coalesced: 0, retries: 0, late: 0, maxWaiting: 0 },
      latencies: [],
    });
  }

  /** Submits an effect; resolves with its outcome (never rejects). */
  submit<T>(spec: EffectSpec<T>): Promise<EffectOutcome<T>> {
    const lane = this.lanes.get(spec.lane);
    if (!lane) return Promise.resolve({ ok: false, reason: 'failed', error: `no effect lane "${spec.lane}"`, attempts: 0 });
    lane.stats.submitted++;
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed', error: 'effect queue closed', attempts: 0 });
    if (spec.coalesceKey !== undefined) {
      const same = lane.byKey.get(spec.coalesceKey);
      if (same && same.state !== 'done') {
        lane.stats.coalesced++;
        this.note('coalesced');
        return same.promise as Promise<EffectOutcome<T>>;
      }
    }
    const now = this.clock.now();
    const priority = EFFECT_PRIORITIES.indexOf(spec.priority);
    const deadlineMs = spec.deadlineMs ?? lane.deadlineMs;
    if (spec.sheddable && this.etaMs(lane, priority) > deadlineMs) {
      lane.stats.shed++;
      this.note('shed');
      return Promise.resolve({ ok: false, reason: 'shed', error: `send budget short: ${spec.label} could not go out within ${deadlineMs} ms`, attempts: 0 });
    }
    let resolve!: (o: EffectOutcome<unknown>) => void;
    const promise = new Promise<EffectOutcome<unknown>>((r) => (resolve = r));
    const job: Job = {
      spec: spec as EffectSpec<unknown>,
      seq: ++this.seq,
      priority,
      submittedAt: now,
      deadlineAt: now + deadlineMs,
      attempts: 0,
      charged: 0,
      state: 'queued',
      controller: undefined,
      cancelDeadline: () => undefined,
      cancelBackoff: undefined,
      lastFailure: undefined,
      promise,
      resolve,
    };
    job.cancelDeadline = this.clock.setTimer(deadlineMs, () => this.expire(lane, job));
    lane.queues[priority]!.push(job);
    lane.jobs.add(job);
    if (spec.coalesceKey !== undefined) lane.byKey.set(spec.coalesceKey, job);
    const waiting = this.waiting(lane);
    if (waiting > lane.stats.maxWaiting) lane.stats.maxWaiting = waiting;
    this.pump(lane);
    return promise as Promise<EffectOutcome<T>>;
  }

  /** Counters of each lane. */
  stats(): Record<string, LaneStats> {
    const out: Record<string, LaneStats> = {};
    for (const lane of this.lanes.values()) {
      const sorted = [...lane.latencies].sort((a, b) => a - b);
      const n = sorted.length;
      const pct = (p: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(p * n))]!);
      out[lane.name] = {
        ...lane.stats,
        waiting: this.waiting(lane),
        running: lane.running,
        pausedUntil: lane.pausedUntil > this.clock.now() ? lane.pausedUntil : 0,
        latencyMs: { count: n, p50: pct(0.5), p99: pct(0.99), max: n ? sorted[n - 1]! : 0 },
      };
    }
    return out;
  }

  /** Aborts running attempts and ends waiting effects with `closed`. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.summaryTimer?.();
    this.summaryTimer = undefined;
    for (const lane of this.lanes.values()) {
      lane.wake?.();
      lane.wake = undefined;
      for (const q of lane.queues) q.length = 0;
      for (const job of [...lane.jobs]) this.finish(lane, job, { ok: false, reason: 'closed', error: 'effect queue closed', attempts: job.attempts });
      lane.byKey.clear();
    }
  }

  /** Effects waiting in a lane (queued or backing off). */
  private waiting(lane: Lane): number {
    let n = lane.backoff;
    for (const q of lane.queues) n += q.length;
    return n;
  }

  /** Estimated ms before a new effect of this priority would start (budget only; 0 without one). */
  private etaMs(lane: Lane, priority: number): number {
    if (!lane.budget) return 0;
    this.refill(lane);
    let ahead = lane.backoff;
    for (let p = 0; p <= priority; p++) ahead += lane.queues[p]!.length;
    const missing = ahead + 1 - Math.floor(lane.tokens);
    const paused = Math.max(0, lane.pausedUntil - this.clock.now());
    return paused + (missing <= 0 ? 0 : (missing * lane.budget.perMs) / lane.budget.tokens);
  }

  private refill(lane: Lane): void {
    if (!lane.budget) return;
    const now = this.clock.now();
    const gained = ((now - lane.refilledAt) * lane.budget.tokens) / lane.budget.perMs;
    lane.tokens = Math.min(lane.budget.tokens, lane.tokens + gained);
    lane.refilledAt = now;
  }

  /** Starts what concurrency, budget and a server-given pause allow; arms a wake-up otherwise. */
  private pump(lane: Lane): void {
    if (this.closed) return;
    lane.wake?.();
    lane.wake = undefined;
    for (;;) {
      if (lane.running >= lane.concurrency) return;
      // After failures, one probe at a time until an attempt succeeds (no burst into an outage)
      if (lane.failStreak > 0 && lane.running > 0) return;
      const q = lane.queues.find((x) => x.length > 0);
      if (!q) return;
      const now = this.clock.now();
      if (lane.pausedUntil > now) {
        lane.wake = this.clock.setTimer(lane.pausedUntil - now, () => this.pump(lane));
        return;
      }
      this.refill(lane);
      if (lane.tokens < 1) {
        const waitMs = Math.ceil(((1 - lane.tokens) * lane.budget!.perMs) / lane.budget!.tokens);
        lane.wake = this.clock.setTimer(waitMs, () => this.pump(lane));
        return;
      }
      const job = q.shift()!;
      if (lane.budget) lane.tokens -= 1;
      this.start(lane, job);
    }
  }

  private start(lane: Lane, job: Job): void {
    job.state = 'running';
    job.attempts++;
    if (lane.failStreak === 0) job.charged++;
    lane.running++;
    const controller = new AbortController();
    job.controller = controller;
    let attempt: Promise<unknown>;
    try {
      attempt = job.spec.run(controller.signal);
    } catch (err) {
      attempt = Promise.reject(err);
    }
    const ended = (): void => {
      lane.running--;
      if (this.clock.now() > job.deadlineAt + LATE_GRACE_MS) lane.stats.late++;
    };
    attempt.then(
      (value) => {
        ended();
        lane.failStreak = 0;
        if (job.state === 'running') {
          lane.stats.ok++;
          lane.latencies.push(this.clock.now() - job.submittedAt);
          if (lane.latencies.length > LATENCY_SAMPLES) lane.latencies.splice(0, lane.latencies.length - LATENCY_SAMPLES);
          this.finish(lane, job, { ok: true, value, attempts: job.attempts });
        }
        this.pump(lane);
      },
      (err: unknown) => {
        ended();
        if (job.state === 'running') this.failed(lane, job, err);
        this.pump(lane);
      },
    );
  }

  private failed(lane: Lane, job: Job, err: unknown): void {
    const f = this.classifySafe(err);
    try {
      this.onAttemptFailure?.({ lane: job.spec.lane, label: job.spec.label, channel: job.spec.channel, status: f.status });
    } catch {
      // a metrics listener never breaks the queue
    }
    job.lastFailure = f;
    const now = this.clock.now();
    if (f.retryable) {
      // The service is failing, not just this effect: pause the whole lane with exponential
      // backoff (or the server's own wait), then probe it with one attempt at a time
      lane.failStreak++;
      const laneWait = Math.max(
        f.retryAfterMs ?? 0,
        Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (lane.failStreak - 1)) * (1 + Math.random() * this.jitter),
      );
      lane.pausedUntil = Math.max(lane.pausedUntil, now + laneWait);
    }
    // Attempts made while the lane was already failing (probes) are bounded by the lane's backoff
    // and the deadline, not charged to the effect: an outage does not use up its attempts
    if (!f.retryable || job.charged >= this.maxAttempts) {
      lane.stats.failed++;
      this.note('failed');
      this.finish(lane, job, { ok: false, reason: 'failed', error: f.error, ...(f.status !== undefined ? { status: f.status } : {}), attempts: job.attempts });
      return;
    }
    const backoff = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (Math.max(1, job.charged) - 1)) * (1 + Math.random() * this.jitter);
    const wait = Math.max(backoff, f.retryAfterMs ?? 0, lane.pausedUntil - now);
    if (now + wait >= job.deadlineAt) {
      // Waiting would pass the deadline: report now instead of holding the effect
      this.expire(lane, job);
      return;
    }
    lane.stats.retries++;
    job.state = 'backoff';
    lane.backoff++;
    job.cancelBackoff = this.clock.setTimer(wait, () => {
      job.cancelBackoff = undefined;
      if (job.state !== 'backoff') return;
      lane.backoff--;
      job.state = 'queued';
      const q = lane.queues[job.priority]!;
      // Back in its place: ahead of effects submitted after it
      let i = q.findIndex((j) => j.seq > job.seq);
      if (i < 0) i = q.length;
      q.splice(i, 0, job);
      this.pump(lane);
    });
  }

  /** Deadline reached: out of the queue, or aborted when running. */
  private expire(lane: Lane, job: Job): void {
    if (job.state === 'done') return;
    if (job.state === 'queued') {
      const q = lane.queues[job.priority]!;
      const i = q.indexOf(job);
      if (i >= 0) q.splice(i, 1);
    } else if (job.state === 'backoff') {
      lane.backoff--;
      job.cancelBackoff?.();
    } else if (job.state === 'running') {
      job.controller?.abort(new Error('effect deadline reached'));
    }
    lane.stats.deadline++;
    this.note('deadline');
    const last = job.lastFailure;
    const waited = this.clock.now() - job.submittedAt;
    this.finish(lane, job, {
      ok: false,
      reason: 'deadline',
      error: last ? `gave up after ${waited} ms (last: ${last.error})` : `not done within ${waited} ms`,
      ...(last?.status !== undefined ? { status: last.status } : {}),
      attempts: job.attempts,
    });
  }

  private finish(lane: Lane, job: Job, outcome: EffectOutcome<unknown>): void {
    if (job.state === 'backoff') {
      lane.backoff--;
      job.cancelBackoff?.();
    }
    if (job.state === 'running' && outcome.ok === false && outcome.reason === 'closed') job.controller?.abort(new Error('effect queue closed'));
    job.state = 'done';
    lane.jobs.delete(job);
    if (job.spec.coalesceKey !== undefined && lane.byKey.get(job.spec.coalesceKey) === job) lane.byKey.delete(job.spec.coalesceKey);
    job.cancelDeadline();
    job.resolve(outcome);
  }

  private classifySafe(err: unknown): AttemptFailure {
    try {
      return this.classify(err);
    } catch {
      return { retryable: false, error: String(err) };
    }
  }

  /** Counts for the periodic summary line (one line per interval, never one per effect). */
  private note(kind: keyof EffectQueue['unreported']): void {
    this.unreported[kind]++;
    if (this.summaryTimer || this.closed) return;
    this.summaryTimer = this.clock.setTimer(this.summaryEveryMs, () => {
      this.summaryTimer = undefined;
      const u = this.unreported;
      this.unreported = { shed: 0, coalesced: 0, deadline: 0, failed: 0 };
      const lanes = Object.fromEntries([...this.lanes.values()].map((l) => [l.name, this.waiting(l)]));
      this.log.warn(
        `effects in the last ${Math.round(this.summaryEveryMs / 1000)} s: ${u.coalesced} coalesced, ${u.shed} shed (send budget short), ${u.deadline} past deadline, ${u.failed} failed`,
        { waiting: lanes },
      );
    });
  }
}
