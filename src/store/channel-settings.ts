import type { z } from 'zod';
import type { ChannelConfig } from '../chat/channel-config.js';
import { deepMerge } from '../config/deep-merge.js';
import { findUnknownKeys, problemsFromZod, type ConfigProblem } from '../config/validate.js';
import type { Migration, Store } from './store.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'per-channel settings changed at run time',
    up: `
      CREATE TABLE channel_settings (
        channel TEXT PRIMARY KEY, overrides TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL);
    `,
  },
];

/** Settings of one channel changed at run time, over the YAML files. */
export interface StoredChannelSettings {
  /** Same keys as `config/channels/<channel>.yaml`. */
  overrides: Record<string, unknown>;
  updatedBy: string;
  updatedAt: number;
}

/** Outcome of {@link ChannelSettingsStore.validate}: the effective config, or what is wrong with it. */
export type SettingsCheck = { ok: true; config: ChannelConfig } | { ok: false; problems: ConfigProblem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Per-channel settings changed while the bot runs (dashboard, later chat commands): stored as
 * overrides over the channel's YAML config and validated with the same schema, so a setting
 * changed at run time can never hold a value the YAML file would refuse.
 */
export class ChannelSettingsStore {
  /** `schema`: the channel config schema built from the module list (`src/app/channel-config.ts`). */
  constructor(
    readonly store: Store,
    private readonly schema: z.ZodType<ChannelConfig>,
  ) {
    store.migrate('channel-settings', MIGRATIONS);
  }

  get(channel: string): StoredChannelSettings | undefined {
    const r = this.store.statement('SELECT overrides, updated_by, updated_at FROM channel_settings WHERE channel = ?').get(channel) as
      { overrides: string; updated_by: string; updated_at: number } | undefined;
    if (!r) return undefined;
    return { overrides: JSON.parse(r.overrides) as Record<string, unknown>, updatedBy: r.updated_by, updatedAt: r.updated_at };
  }

  /** Channels with stored overrides. */
  channels(): string[] {
    return (this.store.statement('SELECT channel FROM channel_settings ORDER BY channel').all() as { channel: string }[]).map((r) => r.channel);
  }

  /**
   * The effective config of `base` (the channel's YAML config) with `overrides` merged key by key
   * (lists replaced), or every problem with its path and fix.
   */
  validate(base: ChannelConfig, overrides: unknown): SettingsCheck {
    if (!isObject(overrides))
      return {
        ok: false,
        problems: [{ path: [], message: 'settings must be an object of keys to values', fix: 'send the same keys as config/channels/<channel>.yaml' }],
      };
    const unknown = findUnknownKeys(this.schema, overrides);
    const merged = deepMerge(base, overrides);
    const r = this.schema.safeParse(merged);
    const problems = [...unknown, ...(r.success ? [] : problemsFromZod(r.error))];
    if (problems.length > 0 || !r.success) return { ok: false, problems };
    return { ok: true, config: r.data };
  }

  /** Validates and stores the overrides (replacing the previous ones); returns the effective config or the problems. */
  set(channel: string, base: ChannelConfig, overrides: Record<string, unknown>, by: string, at: number): SettingsCheck {
    const check = this.validate(base, overrides);
    if (!check.ok) return check;
    this.store
      .statement(
        'INSERT INTO channel_settings (channel, overrides, updated_by, updated_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT(channel) DO UPDATE SET overrides = excluded.overrides, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
      )
      .run(channel, JSON.stringify(overrides), by, at);
    return check;
  }

  /** Drops a channel's overrides (back to its YAML config). */
  clear(channel: string): void {
    this.store.statement('DELETE FROM channel_settings WHERE channel = ?').run(channel);
  }
}

/** `patch` merged into `overrides` key by key (objects merged, everything else replaced). */
export function mergeOverrides(overrides: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return deepMerge(overrides, patch) as Record<string, unknown>;
}
