import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { channelConfigSchema, defaultChannelConfig } from '../channel-config.js';
import type { ChannelConfig } from '../../chat/channel-config.js';
import { ConfigError } from '../../config/errors.js';
import type { EncoderConfig } from '../../config/global-config.js';
import { deepMerge } from '../../config/deep-merge.js';
import { loadConfig, readYamlFile, type LoadedConfig } from '../load-config.js';
import { findUnknownKeys, problemsFromZod } from '../../config/validate.js';

/** The settings a replay runs with. */
export interface ReplayConfig {
  channel: ChannelConfig;
  /** Encoder of the bot's config, when a config folder was found. */
  encoder: EncoderConfig | undefined;
  /** Where the settings came from, for the summary. */
  sources: string[];
  /** The whole loaded config folder, when one was read. */
  loaded: LoadedConfig | undefined;
}

/**
 * Settings of a replayed channel. `path` may be a config folder (like `config/`: `default.yaml`
 * plus `channels/<channel>.yaml`) or one YAML file of channel settings (the keys of a
 * `config/channels/<channel>.yaml`), merged over the project's defaults, to try thresholds on a
 * recorded chat. Without `path`, `config/` of the working folder is used when present, else the
 * built-in defaults. Problems throw a {@link ConfigError} naming the file, key and fix.
 */
export function loadReplayConfig(channel: string, path?: string, baseDir = 'config'): ReplayConfig {
  const isDir = path !== undefined && existsSync(path) && statSync(path).isDirectory();
  const dir = isDir ? path : baseDir;
  let config = defaultChannelConfig();
  let encoder: EncoderConfig | undefined;
  let loaded: LoadedConfig | undefined;
  const sources: string[] = [];
  if (existsSync(join(dir, 'default.yaml'))) {
    loaded = loadConfig({ dir, channels: [] });
    config = loaded.channelConfigs.get(channel) ?? loaded.defaultChannel;
    encoder = loaded.global.encoder;
    sources.push(loaded.channelConfigs.has(channel) ? `${dir}/default.yaml + ${dir}/channels/${channel}.yaml` : `${dir}/default.yaml`);
  } else if (isDir) {
    throw new ConfigError(`${join(dir, 'default.yaml')} not found. Fix: pass --config a folder holding default.yaml, or one YAML file of channel settings.`);
  }
  if (path !== undefined && !isDir) {
    if (!existsSync(path)) {
      throw new ConfigError(`Config file ${path} not found. Fix: check the path given to --config.`);
    }
    const file = readYamlFile(path);
    const merged = deepMerge(config, file.value);
    const r = channelConfigSchema.safeParse(merged);
    const problems = [...findUnknownKeys(channelConfigSchema, file.value), ...(r.success ? [] : problemsFromZod(r.error))];
    if (problems.length || !r.success) {
      const list = problems.map((p) => `${path}: ${p.path.join('.') || '(top level)'}: ${p.message}. Fix: ${p.fix}.`);
      throw new ConfigError(`Invalid replay config (${list.length} problem${list.length > 1 ? 's' : ''}):\n  - ${list.join('\n  - ')}`);
    }
    config = r.data;
    sources.push(path);
  }
  if (sources.length === 0) sources.push('built-in defaults');
  return { channel: config, encoder, sources, loaded };
}
