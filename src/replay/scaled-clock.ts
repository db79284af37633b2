import { SystemClock, type CancelTimer, type Clock } from '../chat/clock.js';

/**
 * Recorded time played back at `speed` times real time, for a replay into the local sandbox, so
 * the bot's windows and cooldowns see the recorded pace. The replay drives it: {@link sync} as a
 * message is played moves it to the message's recorded time, {@link pause}/{@link resume} hold it
 * while the bot handles the message; in between it advances `speed` ms per wall-clock ms. So the
 * bot handles each message at its recorded time even when it is slow (start-up, a busy machine)
 * instead of drifting ahead of the chat, and the clock never goes back. It reads `start` until
 * the first sync. Timers fire after `ms / speed` of wall time.
 */
export class ScaledClock implements Clock {
  private anchorTime: number;
  /** Wall time at which the clock read `anchorTime`. */
  private anchorWall: number;
  private paused = true;

  /**
   * @param start recorded time the playback starts at (ms since the epoch)
   * @param speed 1 = real time, 2 = twice as fast (must be > 0)
   * @param wall the real clock. Default `SystemClock`.
   */
  constructor(
    start: number,
    private readonly speed: number,
    private readonly wall: Clock = new SystemClock(),
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`ScaledClock: speed must be a number > 0, got ${speed}`);
    this.anchorTime = start;
    this.anchorWall = wall.now();
  }

  now(): number {
    return this.paused ? this.anchorTime : this.anchorTime + Math.round((this.wall.now() - this.anchorWall) * this.speed);
  }

  /** The message recorded at `t` is played now: the clock runs on from `t` (or from now, if later). */
  sync(t: number): void {
    this.anchorTime = Math.max(t, this.now());
    this.anchorWall = this.wall.now();
    this.paused = false;
  }

  /** Holds the clock (while the bot handles a message). */
  pause(): void {
    this.anchorTime = this.now();
    this.paused = true;
  }

  /** Lets the clock run again from where {@link pause} held it. */
  resume(): void {
    if (!this.paused) return;
    this.anchorWall = this.wall.now();
    this.paused = false;
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    return this.wall.setTimer(Math.max(0, ms) / this.speed, fn);
  }

  /** Wall-clock time at which this clock reads `t`, if it runs from now on. */
  wallTimeOf(t: number): number {
    return this.wall.now() + (t - this.now()) / this.speed;
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
