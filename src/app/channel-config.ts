import type { z } from 'zod';
import { buildChannelConfigSchema } from '../bot/channel-config.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import { customCommandsConfigSchema } from '../custom-commands/config.js';
import { faqConfigSchema } from '../faq/config.js';
import { moderationConfigSchema } from '../moderation/config.js';
import { quotesConfigSchema } from '../quotes/config.js';
import { timersConfigSchema } from '../timers/config.js';
import { topicsConfigSchema } from '../topics/config.js';

/**
 * Per-channel settings: `config/default.yaml` overlaid with `config/channels/<channel>.yaml`.
 * Each module owns its section's schema (with defaults) in its own `config.ts`.
 */
export const channelConfigSchema = buildChannelConfigSchema({
  moderation: moderationConfigSchema.prefault({}),
  topics: topicsConfigSchema.prefault({}),
  faq: faqConfigSchema.prefault({}),
  customCommands: customCommandsConfigSchema.prefault({}),
  timers: timersConfigSchema.prefault({}),
  quotes: quotesConfigSchema.prefault({}),
});

// Every section a module declares on `ChannelConfig` is in the schema, and the other way round.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.output<typeof channelConfigSchema>, ChannelConfig> = true;
void schemaMatchesType;

/** The effective config of a channel with no overrides. */
export function defaultChannelConfig(): ChannelConfig {
  return channelConfigSchema.parse({});
}
