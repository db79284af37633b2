import { z } from 'zod';
import { PERMISSION_LEVELS } from '../chat/permissions.js';

/** Cooldown override of one command, in seconds. */
export const commandCooldownSchema = z.strictObject({
  /** Seconds between two runs in the channel, by anyone. Default: the command's own, else `globalCooldownSeconds`. */
  globalSeconds: z.number().min(0).max(86_400).optional(),
  /** Seconds between two runs by one user. Default: the command's own, else `userCooldownSeconds`. */
  userSeconds: z.number().min(0).max(86_400).optional(),
});

/** Settings of the command router (per channel). */
export const commandsConfigSchema = z.object({
  /** Seconds between two runs of one command by one user, unless the command says otherwise. Default 5. */
  userCooldownSeconds: z.number().min(0).max(3600).default(5),
  /**
   * Seconds between two identical runs of one command in the channel (same arguments, so the same
   * answer), by anyone, unless the command says otherwise. Default 3: a hundred viewers typing
   * `!commands` at once get one answer, while `!faq discord` right after `!faq music` still gets
   * its own. Moderators bypass it.
   */
  globalCooldownSeconds: z.number().min(0).max(3600).default(3),
  /** Command names or aliases switched off in this channel. Default none. */
  disabled: z.array(z.string()).default([]),
  /**
   * Whether a viewer who lacks the permission for a command gets a short reply saying so (at most
   * once per user cooldown). Cooldown denials are always silent. Default true.
   */
  replyWhenDenied: z.boolean().default(true),
  /** Permission level per command name, replacing the command's own. Default none. */
  permissions: z.record(z.string(), z.enum(PERMISSION_LEVELS)).default({}),
  /** Cooldowns per command name, replacing the command's own. Default none. */
  cooldowns: z.record(z.string(), commandCooldownSchema).default({}),
  /** Twitch user ids treated as moderators for commands (e.g. a co-streamer). Default none. */
  moderatorUserIds: z.array(z.string()).default([]),
});

export type CommandsConfig = z.output<typeof commandsConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    commands: CommandsConfig;
  }
}
