/** The bot's standing in a channel, as far as Twitch's chat limits care. */
export interface SendStanding {
  /** Broadcaster or moderator: 100 messages / 30 s, slow mode does not apply. */
  privileged: boolean;
  /** Slow mode delay in seconds when slow mode is on, else 0. */
  slowSeconds: number;
}

/** Options of {@link SendLimits}. */
export interface SendLimitsOptions {
  /** Messages per window for a moderator or broadcaster. Default 100 (Twitch). */
  privilegedPerWindow?: number;
  /** Messages per window otherwise. Default 20 (Twitch). */
  regularPerWindow?: number;
  /** Window in ms. Default 30000 (Twitch). */
  windowMs?: number;
  /** Gap between two messages of a regular chatter in ms (Twitch drops faster ones). Default 1000. */
  regularGapMs?: number;
}

/**
 * Twitch's chat limits for one sender in one channel (the same for IRC and Send Chat Message):
 * 20 messages per 30 s (100 as moderator or broadcaster), 1 s between messages of a regular
 * chatter, and slow mode's delay unless privileged. Keeps the send times of the last window and
 * says how long the next message must wait; it never sleeps itself.
 */
export class SendLimits {
  private readonly sent: number[] = [];
  private readonly privilegedPerWindow: number;
  private readonly regularPerWindow: number;
  private readonly windowMs: number;
  private readonly regularGapMs: number;

  constructor(o: SendLimitsOptions = {}) {
    this.privilegedPerWindow = o.privilegedPerWindow ?? 100;
    this.regularPerWindow = o.regularPerWindow ?? 20;
    this.windowMs = o.windowMs ?? 30_000;
    this.regularGapMs = o.regularGapMs ?? 1000;
  }

  /** Milliseconds to wait at `now` before the next message may be sent (0: at once). */
  waitMs(now: number, standing: SendStanding): number {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
    let wait = 0;
    const max = standing.privileged ? this.privilegedPerWindow : this.regularPerWindow;
    if (this.sent.length >= max) wait = this.sent[this.sent.length - max]! + this.windowMs - now;
    const last = this.sent[this.sent.length - 1];
    if (!standing.privileged && last !== undefined) {
      const gap = Math.max(this.regularGapMs, standing.slowSeconds * 1000);
      wait = Math.max(wait, last + gap - now);
    }
    return Math.max(0, wait);
  }

  /** Records a message sent (or refused by Twitch after counting) at `now`. */
  note(now: number): void {
    this.sent.push(now);
  }
}
