/** Cooldown lengths of one auto-answer, in ms. */
export interface FaqCooldownSpan {
  entryMs: number;
  userMs: number;
  channelMs: number;
}

/** Users remembered per channel before old ones are pruned. */
const MAX_USERS = 5_000;

/**
 * Auto-answer cooldowns of one channel, on the bot's clock: per entry (twenty people asking at
 * once get one answer), per user and for the whole channel.
 */
export class FaqCooldowns {
  private readonly entries = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private channelUntil = -Infinity;

  /** Which cooldown blocks an answer now, or null when none does. */
  blocked(entryId: string, userId: string, now: number): 'channel' | 'entry' | 'user' | null {
    if (now < this.channelUntil) return 'channel';
    if (now < (this.entries.get(entryId) ?? -Infinity)) return 'entry';
    if (now < (this.users.get(userId) ?? -Infinity)) return 'user';
    return null;
  }

  /** Starts the cooldowns after an answer. */
  start(entryId: string, userId: string, now: number, span: FaqCooldownSpan): void {
    this.channelUntil = now + span.channelMs;
    this.entries.set(entryId, now + span.entryMs);
    this.users.delete(userId);
    this.users.set(userId, now + span.userMs);
    if (this.users.size > MAX_USERS) {
      for (const [u, until] of this.users) {
        if (until <= now || this.users.size > MAX_USERS) this.users.delete(u);
        else break;
      }
    }
  }
}
