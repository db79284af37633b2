import { z } from 'zod';

/** Settings of the faq module (per channel). Placeholder: the faq issue fills it in. */
export const faqConfigSchema = z.object({
  /** Whether the module runs in this channel. Default true. */
  enabled: z.boolean().default(true),
});

export type FaqConfig = z.output<typeof faqConfigSchema>;
