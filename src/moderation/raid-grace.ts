/** An incoming Twitch raid a channel is in the grace period of. */
export interface RaidInfo {
  /** Login of the raiding channel. */
  fromLogin: string;
  viewers: number;
  /** When the raid arrived (ms, bot clock). */
  at: number;
  /** End of the grace period (ms, bot clock). */
  until: number;
}

/**
 * The grace period after an incoming raid: the raiders, all on their first message here, paste
 * the raid message, which must not be taken for a flood of fresh accounts.
 */
export class RaidGrace {
  private current: RaidInfo | undefined;

  /** Starts (or restarts, for a second raid) the grace period of `minutes` from `now`. */
  start(fromLogin: string, viewers: number, now: number, minutes: number): RaidInfo {
    this.current = { fromLogin, viewers, at: now, until: now + minutes * 60_000 };
    return this.current;
  }

  /** The raid whose grace period runs at `now`, if any. */
  active(now: number): RaidInfo | undefined {
    return this.current && now < this.current.until ? this.current : undefined;
  }
}
