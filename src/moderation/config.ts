import { z } from 'zod';

/** Settings of the moderation module (per channel). Placeholder: the moderation issue fills it in. */
export const moderationConfigSchema = z.object({
  /** Whether the module runs in this channel. Default true. */
  enabled: z.boolean().default(true),
});

export type ModerationConfig = z.output<typeof moderationConfigSchema>;
