import { BlocklistOffers } from './blocklist-offers.js';
import type { Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { normalizeText } from '../nlp/normalize.js';
import { ChannelBlocklist } from './blocklist.js';
import type { ModerationConfig } from './config.js';
import type { ModerationMode, ModerationStore } from './moderation-store.js';
import { RaidGrace } from './raid-grace.js';
import { ChannelShield } from './shield.js';
import { FloodTracker, MessageHistory, RepeatTracker } from './windows.js';

/** The encoded flood allowlist of a channel. */
export interface EncodedAllowlist {
  /** The config phrases it was built from (joined), to notice config changes. */
  key: string;
  /** The config array last checked against `key` (same array: nothing to compare per message). */
  source: readonly string[];
  normalized: Set<string>;
  vectors: Float32Array[];
}

/** Everything the moderation module keeps about one channel while the bot runs. */
export class ChannelState {
  readonly history: MessageHistory;
  readonly repeats = new RepeatTracker();
  readonly floods: FloodTracker;
  readonly blocklist: ChannelBlocklist;
  /** Messages moderators removed, offered as blocklist examples (`!spam add` confirms). */
  readonly offers = new BlocklistOffers();
  readonly shield: ChannelShield;
  /** The incoming Twitch raid whose grace period runs, if any. */
  readonly raid = new RaidGrace();
  /** Login -> time until which one link is allowed (`!permit`). */
  readonly permits = new Map<string, number>();
  /** Dry-run strikes, kept in memory only so dry-run shows the ladder without touching the store. */
  readonly shadowStrikes = new Map<string, { strikes: number; last: number }>();
  allowlist: EncodedAllowlist | undefined;
  /** Ids of messages already deleted (or cleared by a timeout/ban), oldest first, bounded. */
  readonly removed = new Set<string>();
  /** Whether the dry-run notice was said in chat during this run. */
  announcedDryRun = false;
  private modeCache: { mode: ModerationMode; source: 'store' | 'config' } | undefined;

  constructor(
    readonly name: string,
    cfg: ModerationConfig,
    private readonly store: ModerationStore,
    encoder: SharedEncoder,
    clock: Clock,
    log: Logger,
  ) {
    this.history = new MessageHistory(cfg.historySize);
    this.floods = new FloodTracker(cfg.historySize);
    this.blocklist = new ChannelBlocklist(name, store, encoder);
    this.shield = new ChannelShield(name, store, clock, log);
  }

  /** The channel's mode: the one stored by `!modmode`, else the config's `defaultMode`. */
  mode(cfg: ModerationConfig): { mode: ModerationMode; source: 'store' | 'config' } {
    if (this.modeCache && (this.modeCache.source === 'store' || this.modeCache.mode === cfg.defaultMode)) return this.modeCache;
    const stored = this.store.getMode(this.name);
    this.modeCache = stored ? { mode: stored.mode, source: 'store' } : { mode: cfg.defaultMode, source: 'config' };
    return this.modeCache;
  }

  setMode(mode: ModerationMode, by: string, at: number): void {
    this.store.setMode(this.name, mode, by, at);
    this.modeCache = { mode, source: 'store' };
    if (mode === 'enforce') this.shadowStrikes.clear();
  }

  /**
   * Drops per-user state that outlived its use (run on a timer, so memory is bounded by time and
   * not only by count): repeat windows, expired permits, decayed dry-run strikes, old newcomers.
   */
  prune(now: number, cfg: ModerationConfig): void {
    this.repeats.prune(now, cfg.repeat.windowSeconds * 1000);
    for (const [login, until] of this.permits) if (until < now) this.permits.delete(login);
    const strikeTtl = cfg.escalation.decayMinutes * 60_000 * 4;
    for (const [user, s] of this.shadowStrikes) if (now - s.last > strikeTtl) this.shadowStrikes.delete(user);
    const newcomerTtl = 86_400_000;
    for (const [user, at] of this.newcomers) {
      if (at >= now - newcomerTtl) break;
      this.newcomers.delete(user);
    }
  }

  /** User id -> time of their first message in the channel (`first-msg`), oldest first, bounded. */
  private readonly newcomers = new Map<string, number>();

  /**
   * Whether the author is a newcomer: on their first message in the channel (`first-msg`), or
   * within `windowMs` of it.
   */
  isNewcomer(userId: string, firstMessage: boolean, now: number, windowMs: number): boolean {
    if (firstMessage) {
      this.newcomers.delete(userId);
      this.newcomers.set(userId, now);
      while (this.newcomers.size > 0) {
        const [oldest, at] = this.newcomers.entries().next().value!;
        if (at >= now - windowMs && this.newcomers.size <= 20_000) break;
        this.newcomers.delete(oldest);
      }
      return true;
    }
    const at = this.newcomers.get(userId);
    return at !== undefined && at >= now - windowMs;
  }

  /** Whether the user was a newcomer at time `at` (first message at most `windowMs` before). */
  wasNewcomer(userId: string, at: number, windowMs: number): boolean {
    const first = this.newcomers.get(userId);
    return first !== undefined && first <= at && at <= first + windowMs;
  }

  /** Ids of messages a decision already covered (acted on or would be in dry-run), bounded. */
  readonly decided = new Set<string>();

  /** Remembers that a decision covered a message, so another filter does not act on it again. */
  markDecided(messageId: string): void {
    this.decided.add(messageId);
    if (this.decided.size > 20_000) this.decided.delete(this.decided.values().next().value!);
  }

  /** Remembers that a message is gone, so a later `!nuke` does not delete it twice. */
  markRemoved(messageId: string): void {
    this.removed.add(messageId);
    if (this.removed.size > 20_000) this.removed.delete(this.removed.values().next().value!);
  }

  /** Encodes the flood allowlist when the config's phrases changed. */
  async ensureAllowlist(phrases: readonly string[], encoder: SharedEncoder): Promise<void> {
    if (this.allowlist?.source === phrases) return;
    const key = phrases.join('\u0000');
    if (this.allowlist?.key === key) {
      this.allowlist.source = phrases;
      return;
    }
    const vectors = phrases.length > 0 ? await encoder.encodeBatch(phrases) : [];
    this.allowlist = { key, source: phrases, normalized: new Set(phrases.map((p) => normalizeText(p))), vectors };
  }
}
