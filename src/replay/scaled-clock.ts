import { SystemClock, type CancelTimer, type Clock } from '../bot/clock.js';

/**
 * Recorded time played back at `speed` times real time: `now()` starts at `start` and advances
 * `speed` ms per wall-clock ms; timers fire after `ms / speed` of wall time. Used when a replay
 * plays into the local sandbox, so the bot's windows and cooldowns see the recorded pace.
 */
export class ScaledClock implements Clock {
  private readonly wallStart: number;

  /**
   * @param start recorded time the playback starts at (ms since the epoch)
   * @param speed 1 = real time, 2 = twice as fast (must be > 0)
   * @param wall the real clock. Default `SystemClock`.
   */
  constructor(
    private readonly start: number,
    private readonly speed: number,
    private readonly wall: Clock = new SystemClock(),
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`ScaledClock: speed must be a number > 0, got ${speed}`);
    this.wallStart = wall.now();
  }

  now(): number {
    return this.start + Math.round((this.wall.now() - this.wallStart) * this.speed);
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    return this.wall.setTimer(Math.max(0, ms) / this.speed, fn);
  }

  /** Wall-clock time at which this clock reads `t`. */
  wallTimeOf(t: number): number {
    return this.wallStart + (t - this.start) / this.speed;
  }
}

/**
 * Wall-clock time whose timers keep the process alive (unlike `SystemClock`'s): a replay paced
 * with `--speed` waits on them while nothing else is pending.
 */
export class PacingClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const t = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(t);
  }
}
