import type { Clock } from '../chat/clock.js';

/** What the bot itself did, as the chat echoes it back (IRC CLEARMSG/CLEARCHAT never name the moderator). */
export type OwnActionKind = 'delete' | 'timeout' | 'ban' | 'unban' | 'clear';

/**
 * The bot's own recent moderation actions, noted when a Helix call starts: Twitch echoes every
 * deletion and timeout to chat without saying who did it, so an echo matching one of these is
 * the bot's, anything else is another moderator's. Entries expire after `ttlMs` (an echo comes
 * within a second or two); at most `max` are kept.
 */
export class OwnActions {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
    private readonly max = 5000,
  ) {}

  /** Notes an action the bot is about to take on a message id (`delete`) or a user id. */
  note(kind: OwnActionKind, target: string): void {
    const key = `${kind}:${target}`;
    this.entries.delete(key);
    this.entries.set(key, this.clock.now());
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Whether an echoed action is the bot's (consumes the entry). `timeout` also matches a noted
   * `ban` and vice versa: Twitch's echo of a re-applied punishment can differ.
   */
  claim(kind: OwnActionKind, target: string): boolean {
    const now = this.clock.now();
    const kinds: OwnActionKind[] = kind === 'timeout' || kind === 'ban' ? ['timeout', 'ban'] : [kind];
    for (const k of kinds) {
      const key = `${k}:${target}`;
      const at = this.entries.get(key);
      if (at === undefined) continue;
      this.entries.delete(key);
      if (now - at <= this.ttlMs) return true;
    }
    return false;
  }
}
