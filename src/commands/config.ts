import { z } from 'zod';

/** Settings of the command router (per channel). */
export const commandsConfigSchema = z.object({
  /** Seconds between two runs of one command by one user, unless the command says otherwise. Default 5. */
  userCooldownSeconds: z.number().min(0).max(3600).default(5),
  /** Seconds between two runs of one command in the channel, unless the command says otherwise. Default 2. */
  globalCooldownSeconds: z.number().min(0).max(3600).default(2),
  /** Command names or aliases switched off in this channel. Default none. */
  disabled: z.array(z.string()).default([]),
});

export type CommandsConfig = z.output<typeof commandsConfigSchema>;
