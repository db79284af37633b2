import type { ChannelActions, ChatSettings } from '../chat/actions.js';
import type { CancelTimer, Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { ModerationConfig } from './config.js';
import type { ModerationStore } from './moderation-store.js';

/** What raising the shield did. */
export interface ShieldOutcome {
  /** Settings switched (only those that differed from the current ones). */
  changed: Partial<ChatSettings>;
  /** True when the shield was already up and its end was pushed back instead. */
  extended: boolean;
  ok: boolean;
  error?: string;
  /** When the previous settings come back (ms, bot clock). */
  restoreAt: number;
}

/**
 * The bot-raid shield of one channel: switches chat settings (followers-only, unique-chat,
 * emote-only) for a while, then restores the values it changed. The pending restore is kept in
 * the store, so a restart in the middle still puts the channel's settings back.
 */
export class ChannelShield {
  private cancel: CancelTimer | undefined;
  private previous: Partial<ChatSettings> | undefined;
  private restoreAt = 0;
  private actions: ChannelActions | undefined;
  private resumed = false;
  /** The restore started last (by the timer, `resume` or `restore`); resolves when Helix answered. */
  lastRestore: Promise<void> = Promise.resolve();

  constructor(
    readonly channel: string,
    private readonly store: ModerationStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Whether the shield is up. */
  get active(): boolean {
    return this.previous !== undefined;
  }

  /** Raises the shield (or extends it when already up). */
  async raise(actions: ChannelActions, cfg: ModerationConfig['flood']['shield']): Promise<ShieldOutcome> {
    const now = this.clock.now();
    const restoreAt = now + cfg.durationSeconds * 1000;
    if (this.previous) {
      this.schedule(actions, restoreAt);
      return { changed: {}, extended: true, ok: true, restoreAt };
    }
    const wanted: Partial<ChatSettings> = {};
    if (cfg.followerOnly) {
      wanted.followerOnly = true;
      wanted.followerOnlyDelayMinutes = cfg.followerOnlyDelayMinutes;
    }
    if (cfg.uniqueChat) wanted.uniqueChat = true;
    if (cfg.emoteOnly) wanted.emoteOnly = true;
    let current: ChatSettings | null = null;
    try {
      current = await actions.getChatSettings();
    } catch (err) {
      this.log.warn('shield: cannot read chat settings', { channel: this.channel, error: (err as Error).message });
    }
    // Only switch what differs, and remember the old values of exactly those
    const changed: Partial<ChatSettings> = {};
    const previous: Partial<ChatSettings> = {};
    for (const [k, v] of Object.entries(wanted) as [keyof ChatSettings, never][]) {
      if (current && current[k] === v) continue;
      // Followers-only already on: keep the streamer's follow age
      if (k === 'followerOnlyDelayMinutes' && current?.followerOnly) continue;
      (changed as Record<string, unknown>)[k] = v;
      if (current) (previous as Record<string, unknown>)[k] = current[k];
    }
    // Without the current settings, assume Twitch's defaults (all off) for the restore
    if (!current) {
      for (const k of Object.keys(changed) as (keyof ChatSettings)[]) {
        (previous as Record<string, unknown>)[k] = k === 'followerOnlyDelayMinutes' ? 0 : false;
      }
    }
    if (Object.keys(changed).length === 0) {
      return { changed, extended: false, ok: true, restoreAt: now };
    }
    let result;
    try {
      result = await actions.updateChatSettings(changed);
    } catch (err) {
      result = { ok: false as const, error: (err as Error).message };
    }
    if (!result.ok) {
      this.log.warn('shield: chat settings not switched', { channel: this.channel, error: result.error });
      return { changed, extended: false, ok: false, error: result.error, restoreAt: now };
    }
    this.previous = previous;
    this.store.setPendingRestore({ channel: this.channel, restoreAt, settings: previous as Record<string, unknown> });
    this.schedule(actions, restoreAt);
    this.log.info('shield raised', { channel: this.channel, changed, restoreInSeconds: cfg.durationSeconds });
    return { changed, extended: false, ok: true, restoreAt };
  }

  private schedule(actions: ChannelActions, at: number): void {
    this.actions = actions;
    this.restoreAt = at;
    this.cancel?.();
    this.cancel = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.cancel = undefined;
      void this.restore();
    });
    if (this.previous) this.store.setPendingRestore({ channel: this.channel, restoreAt: at, settings: this.previous as Record<string, unknown> });
  }

  /**
   * After a restart: picks up a restore the previous run left pending (restores now when due,
   * else re-arms the timer). Call with the channel's actions on its first message.
   */
  resume(actions: ChannelActions): Promise<void> {
    if (this.resumed) return Promise.resolve();
    this.resumed = true;
    const pending = this.store.getPendingRestore(this.channel);
    if (!pending || this.previous) return Promise.resolve();
    this.previous = pending.settings as Partial<ChatSettings>;
    this.actions = actions;
    if (pending.restoreAt <= this.clock.now()) return this.restore();
    this.schedule(actions, pending.restoreAt);
    return Promise.resolve();
  }

  /** Puts the previous settings back now (no-op when the shield is down). */
  restore(): Promise<void> {
    this.lastRestore = this.doRestore();
    return this.lastRestore;
  }

  private async doRestore(): Promise<void> {
    const previous = this.previous;
    const actions = this.actions;
    if (!previous || !actions) return;
    this.cancel?.();
    this.cancel = undefined;
    this.previous = undefined;
    this.store.clearPendingRestore(this.channel);
    let result;
    try {
      result = await actions.updateChatSettings(previous);
    } catch (err) {
      result = { ok: false as const, error: (err as Error).message };
    }
    if (result.ok) this.log.info('shield lowered: chat settings restored', { channel: this.channel, restored: previous });
    else this.log.error('shield: chat settings NOT restored, fix them by hand', { channel: this.channel, restored: previous, error: result.error });
  }

  /** Time the shield comes down (0 when it is not up). */
  get until(): number {
    return this.previous ? this.restoreAt : 0;
  }
}
