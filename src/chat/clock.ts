/** Cancels a timer created by {@link Clock.setTimer}. Idempotent. */
export type CancelTimer = () => void;

/**
 * The time source of the bot. Live mode uses wall time; a replay uses simulated time that
 * follows the recorded messages, so cooldowns, windows and timers behave as they would have.
 * Modules never call `Date.now()` or `setTimeout` directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds of this clock's time. */
  setTimer(ms: number, fn: () => void): CancelTimer;
}

/** Wall-clock time with Node timers (timers do not keep the process alive). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  }
}

/** Simulated time: advances only when told to, firing due timers in time order. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  /** @param start initial time in ms since the epoch (default 0) */
  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const id = ++this.seq;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn });
    return () => {
      this.timers.delete(id);
    };
  }

  /** Moves time forward to `to` (never backwards), running each timer due by then. */
  advanceTo(to: number): void {
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= to && t.at < nextAt) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.current = Math.max(this.current, timer.at);
      timer.fn();
    }
    this.current = Math.max(this.current, to);
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }
}
