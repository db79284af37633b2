import { z } from 'zod';

/** Settings of the topics module (per channel). Placeholder: the topics issue fills it in. */
export const topicsConfigSchema = z.object({
  /** Whether the module runs in this channel. Default true. */
  enabled: z.boolean().default(true),
});

export type TopicsConfig = z.output<typeof topicsConfigSchema>;
