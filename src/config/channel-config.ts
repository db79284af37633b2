import { z } from 'zod';
import { commandsConfigSchema } from '../commands/config.js';
import { customCommandsConfigSchema } from '../custom-commands/config.js';
import { faqConfigSchema } from '../faq/config.js';
import { moderationConfigSchema } from '../moderation/config.js';
import { quotesConfigSchema } from '../quotes/config.js';
import { timersConfigSchema } from '../timers/config.js';
import { topicsConfigSchema } from '../topics/config.js';

/** Bots whose messages are ignored by default (other chat bots). */
export const DEFAULT_IGNORED_BOTS = ['nightbot', 'streamelements', 'moobot', 'fossabot', 'wizebot', 'streamlabs', 'soundalerts', 'sery_bot'];

/**
 * Per-channel settings: `config/default.yaml` overlaid with `config/channels/<channel>.yaml`.
 * Each module owns its section's schema (with defaults) in its own `config.ts`.
 */
export const channelConfigSchema = z.object({
  /** Command prefix. Default `!`. */
  prefix: z.string().min(1).max(3).default('!'),
  /** Language of the bot's own messages and of stop words. Default `fr`. */
  language: z.enum(['fr', 'en']).default('fr'),
  /** Logins whose messages the bot ignores (besides itself). Default: common chat bots. */
  ignoredBots: z.array(z.string()).default(DEFAULT_IGNORED_BOTS),
  commands: commandsConfigSchema.prefault({}),
  moderation: moderationConfigSchema.prefault({}),
  topics: topicsConfigSchema.prefault({}),
  faq: faqConfigSchema.prefault({}),
  customCommands: customCommandsConfigSchema.prefault({}),
  timers: timersConfigSchema.prefault({}),
  quotes: quotesConfigSchema.prefault({}),
});

export type ChannelConfig = z.output<typeof channelConfigSchema>;

/** The effective config of a channel with no overrides. */
export function defaultChannelConfig(): ChannelConfig {
  return channelConfigSchema.parse({});
}
