import type { Bot } from '../bot/bot.js';
import type { Logger } from '../chat/logger.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import type { ConfigProblem } from '../config/validate.js';
import { mergeOverrides, type ChannelSettingsStore } from '../store/channel-settings.js';

/** Outcome of a settings change. */
export type SettingsChange = { ok: true; config: ChannelConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Per-channel settings changed from the dashboard: validated with the YAML schema, stored, and
 * handed to the running bot (`Bot.setConfig`), so they apply from the next message, no restart.
 */
export class ChannelSettings {
  constructor(
    private readonly bot: Bot,
    private readonly store: ChannelSettingsStore,
    private readonly baseConfigs: ReadonlyMap<string, ChannelConfig>,
    private readonly log: Logger,
  ) {}

  /** The channel's config from the YAML files. */
  base(channel: string): ChannelConfig {
    return this.baseConfigs.get(channel) ?? this.bot.configOf(channel);
  }

  /** The channel's stored run-time overrides. */
  overrides(channel: string): Record<string, unknown> {
    return this.store.get(channel)?.overrides ?? {};
  }

  /** Merges `patch` into the stored overrides, validates, stores and applies. */
  patch(channel: string, patch: Record<string, unknown>, by: string, at: number): SettingsChange {
    return this.replace(channel, mergeOverrides(this.overrides(channel), patch), by, at);
  }

  /** Replaces the stored overrides (`{}` = back to the YAML config), validates, stores and applies. */
  replace(channel: string, overrides: Record<string, unknown>, by: string, at: number): SettingsChange {
    const r = this.store.set(channel, this.base(channel), overrides, by, at);
    if (!r.ok) return r;
    this.bot.setConfig(channel, r.config);
    this.log.info('channel settings changed', { channel, by });
    return r;
  }

  /**
   * Applies every stored override at start-up. Overrides the YAML no longer accepts (a key
   * renamed in an upgrade) are skipped with a warning, never a crash.
   */
  applyStored(channels: readonly string[]): void {
    for (const channel of channels) {
      const stored = this.store.get(channel);
      if (!stored) continue;
      const r = this.store.validate(this.base(channel), stored.overrides);
      if (r.ok) this.bot.setConfig(channel, r.config);
      else {
        this.log.warn('stored dashboard settings no longer valid; using the YAML config. Fix: change them again on the dashboard (Settings)', {
          channel,
          problems: r.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '),
        });
      }
    }
  }
}
