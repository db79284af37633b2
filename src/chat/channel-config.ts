/**
 * Settings every channel has, whatever modules run. The full per-channel schema (with defaults) is
 * built from the module list (`src/app/channel-config.ts`); each module adds its section to this
 * type by module augmentation of {@link ChannelConfigSections} (Sapphire style):
 *
 * ```ts
 * declare module '../chat/channel-config.js' {
 *   interface ChannelConfigSections { faq: FaqConfig }
 * }
 * ```
 */
export interface BaseChannelConfig {
  /** Command prefix. Default `!`. */
  prefix: string;
  /** Language of the bot's own messages and of stop words. Default `fr`. */
  language: 'fr' | 'en';
  /** Logins whose messages the bot ignores (besides itself). Default: common chat bots. */
  ignoredBots: string[];
}

/** Config sections of the command router and of the modules, added by module augmentation. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ChannelConfigSections {}

/** The effective configuration of one channel (defaults + overrides). */
export type ChannelConfig = BaseChannelConfig & ChannelConfigSections;
