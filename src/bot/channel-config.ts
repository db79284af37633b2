import { z } from 'zod';
import type { ChannelConfig } from '../chat/channel-config.js';
import { commandsConfigSchema } from '../commands/config.js';

/** Bots whose messages are ignored by default (other chat bots). */
export const DEFAULT_IGNORED_BOTS = ['nightbot', 'streamelements', 'moobot', 'fossabot', 'wizebot', 'streamlabs', 'soundalerts', 'sery_bot'];

/** Settings of every channel, whatever modules run (see `BaseChannelConfig`). */
export const baseChannelConfigShape = {
  /** Command prefix. Default `!`. */
  prefix: z.string().min(1).max(3).default('!'),
  /** Language of the bot's own messages and of stop words. Default `fr`. */
  language: z.enum(['fr', 'en']).default('fr'),
  /** Logins whose messages the bot ignores (besides itself). Default: common chat bots. */
  ignoredBots: z.array(z.string()).default(DEFAULT_IGNORED_BOTS),
  /** The command router's settings. */
  commands: commandsConfigSchema.prefault({}),
};

/**
 * The per-channel schema: the base settings plus one section per module (each module owns its
 * section's schema, with defaults, in its own `config.ts`).
 */
export function buildChannelConfigSchema<S extends Record<string, z.ZodType>>(sections: S) {
  return z.object({ ...baseChannelConfigShape, ...sections });
}

/**
 * The config of a channel when the pipeline is given none: base settings only. Modules that read
 * their own section need a config parsed by the full schema (`src/app/channel-config.ts`).
 */
export function baseChannelConfig(): ChannelConfig {
  return buildChannelConfigSchema({}).parse({}) as ChannelConfig;
}
