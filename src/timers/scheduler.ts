import type { ChannelScope } from '../chat/context.js';
import type { CancelTimer } from '../chat/clock.js';
import type { ModuleServices } from '../bot/module.js';
import { sanitizeOutgoing } from '../chat/outgoing.js';
import type { TimersConfig } from './config.js';
import type { Timer, TimerStore } from './store.js';

/**
 * Tells whether chat is already discussing something: the timers module asks it with the vector
 * of a timer's text. Implemented over the topics module's clusters (see `createModules`).
 */
export interface TopicProbe {
  /** Keywords of the current topic the vector belongs to (similarity >= `minSimilarity`), or undefined. */
  discussing(channel: string, vector: Float32Array, now: number, minSimilarity: number): string[] | undefined;
}

/** Why a due timer did not post, or that it posted. */
export type TimerOutcome =
  | { kind: 'posted'; timer: string }
  | { kind: 'offline'; timer: string }
  | { kind: 'topic'; timer: string; keywords: string[] }
  | { kind: 'quiet'; timer: string; messages: number; needed: number }
  | { kind: 'not-due'; timer: string };

/** The result of one check of a channel's timers (tests and the dashboard follow these). */
export interface TimerCheck {
  channel: string;
  time: number;
  outcomes: TimerOutcome[];
}

interface TimerState {
  /** Last post (or when the timer was first seen). */
  lastAt: number;
  /** Channel message count at that moment. */
  countAt: number;
}

interface ChannelTimers {
  scope: ChannelScope;
  /** Chat messages seen in the channel since the bot started. */
  messages: number;
  timers: Map<string, TimerState>;
  cancel: CancelTimer | undefined;
  running: boolean;
}

/**
 * Posts each channel's timers: every `intervalMinutes` of the bot's clock, only when at least
 * `minMessages` chat messages came since the timer's last post (never to an empty chat), only
 * while the stream is live (Helix), and not while chat already discusses the timer's subject (its
 * text matches a current topic cluster). At most one timer posts per check, the most overdue.
 */
export class TimerScheduler {
  private readonly channels = new Map<string, ChannelTimers>();
  private readonly listeners = new Set<(check: TimerCheck) => void>();
  private readonly vectors = new Map<string, Float32Array>();
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly services: ModuleServices,
    private readonly store: TimerStore,
    private readonly probe: TopicProbe | undefined,
  ) {}

  /** Remembers the channel's scope (to post without a message) and starts its checks. */
  observe(scope: ChannelScope): ChannelTimers {
    let c = this.channels.get(scope.name);
    if (!c) {
      c = { scope, messages: 0, timers: new Map(), cancel: undefined, running: false };
      this.channels.set(scope.name, c);
    }
    c.scope = scope;
    if (!c.cancel && !this.closed) this.arm(c);
    return c;
  }

  /** Counts one chat message of the channel. */
  countMessage(scope: ChannelScope): void {
    this.observe(scope).messages++;
  }

  /** A timer was added, changed or switched on: its interval starts now. */
  reset(channel: string, name: string): void {
    const c = this.channels.get(channel);
    if (c) c.timers.set(name, { lastAt: this.services.clock.now(), countAt: c.messages });
  }

  /** Calls `fn` after each check; returns the unsubscribe function. */
  onCheck(fn: (check: TimerCheck) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.closed = true;
    for (const c of this.channels.values()) c.cancel?.();
    this.channels.clear();
  }

  /**
   * Fixed-rate checks every `checkSeconds` of the bot's clock: the next one is armed before this
   * one runs, so a simulated clock that jumps ahead runs every check on the way, each at its time.
   */
  private arm(c: ChannelTimers): void {
    const cfg = c.scope.config.timers;
    c.cancel = this.services.clock.setTimer(cfg.checkSeconds * 1000, () => {
      c.cancel = undefined;
      if (this.closed) return;
      this.arm(c);
      const run = this.check(c)
        .then(() => undefined)
        .catch((error: unknown) => c.scope.log.error('timer check failed', { channel: c.scope.name, module: 'timers', error }));
      this.inflight.add(run);
      void run.finally(() => this.inflight.delete(run));
    });
  }

  /** Resolves when no check is running (tests move a simulated clock, then wait for this). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /** Checks the channel's timers once (also called by tests). */
  async check(c: ChannelTimers): Promise<TimerCheck> {
    const scope = c.scope;
    const cfg: TimersConfig = scope.config.timers;
    const now = this.services.clock.now();
    const outcomes: TimerOutcome[] = [];
    const result: TimerCheck = { channel: scope.name, time: now, outcomes };
    if (c.running || !cfg.enabled) return this.emit(result);
    c.running = true;
    try {
      const due: { timer: Timer; overdue: number }[] = [];
      for (const timer of this.store.list(scope.name)) {
        if (!timer.enabled) continue;
        let state = c.timers.get(timer.name);
        if (!state) c.timers.set(timer.name, (state = { lastAt: now, countAt: c.messages }));
        const overdue = now - state.lastAt - timer.intervalMinutes * 60_000;
        const messages = c.messages - state.countAt;
        if (overdue < 0) outcomes.push({ kind: 'not-due', timer: timer.name });
        else if (messages < timer.minMessages) outcomes.push({ kind: 'quiet', timer: timer.name, messages, needed: timer.minMessages });
        else due.push({ timer, overdue });
      }
      if (due.length === 0) return this.emit(result);
      if (cfg.onlyWhenLive) {
        const info = scope.actions.getStreamInfo ? await scope.actions.getStreamInfo() : { live: true };
        if (!info?.live) {
          for (const d of due) outcomes.push({ kind: 'offline', timer: d.timer.name });
          return this.emit(result);
        }
      }
      due.sort((a, b) => b.overdue - a.overdue);
      let posted = false;
      for (const { timer } of due) {
        if (posted) break;
        const keywords = await this.discussed(scope.name, timer.text, now, cfg.topicSimilarity);
        if (keywords) {
          outcomes.push({ kind: 'topic', timer: timer.name, keywords });
          continue;
        }
        const text = sanitizeOutgoing(timer.text);
        if (text) await scope.actions.say(text);
        c.timers.set(timer.name, { lastAt: now, countAt: c.messages });
        outcomes.push({ kind: 'posted', timer: timer.name });
        scope.log.info('timer posted', { channel: scope.name, module: 'timers', timer: timer.name });
        posted = true;
      }
      return this.emit(result);
    } finally {
      c.running = false;
    }
  }

  /** Keywords of the topic chat is on that matches the text, or undefined. */
  private async discussed(channel: string, text: string, now: number, minSimilarity: number): Promise<string[] | undefined> {
    if (!this.probe || minSimilarity >= 1) return undefined;
    let v = this.vectors.get(text);
    if (!v) {
      try {
        v = await this.services.encoder.encode(text);
      } catch {
        return undefined;
      }
      if (this.vectors.size > 1000) this.vectors.clear();
      this.vectors.set(text, v);
    }
    return this.probe.discussing(channel, v, now, minSimilarity);
  }

  /** Channel state, for tests. */
  channel(name: string): ChannelTimers | undefined {
    return this.channels.get(name);
  }

  private emit(check: TimerCheck): TimerCheck {
    for (const l of this.listeners) {
      try {
        l(check);
      } catch (error) {
        this.services.log.error('timer check listener failed', { error });
      }
    }
    return check;
  }
}
