import { z } from 'zod';

/** Settings of the custom commands module (per channel). The commands themselves live in the store. */
export const customCommandsConfigSchema = z.object({
  /** Whether custom commands run in this channel (and `!cmd` works). Default true. */
  enabled: z.boolean().default(true),
  /** Most custom commands per channel. Default 300. */
  maxCommands: z.number().int().min(1).max(5000).default(300),
  /** Seconds between two runs of a new command in the channel, unless `-cd=` says otherwise. Default 5. */
  defaultGlobalCooldownSeconds: z.number().int().min(0).max(86_400).default(5),
  /** Seconds between two runs of a new command by one viewer, unless `-ucd=` says otherwise. Default 15. */
  defaultUserCooldownSeconds: z.number().int().min(0).max(86_400).default(15),
});

export type CustomCommandsConfig = z.output<typeof customCommandsConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    customCommands: CustomCommandsConfig;
  }
}
