import { z } from 'zod';
import { PERMISSION_LEVELS } from '../chat/permissions.js';

/** Settings of the quotes module (per channel). Quotes live in the store. */
export const quotesConfigSchema = z.object({
  /** Whether `!quote` works in this channel. Default true. */
  enabled: z.boolean().default(true),
  /** Who may add quotes (`!quote add`). Default `moderator`. */
  addPermission: z.enum(PERMISSION_LEVELS).default('moderator'),
  /** Who may delete quotes (`!quote del`). Default `moderator`. */
  deletePermission: z.enum(PERMISSION_LEVELS).default('moderator'),
  /**
   * `!quote <words>` answers with the quote closest in meaning (shared encoder, cosine) when it
   * scores at least this, or holds at least half of the query's content words; else it says none
   * matches. Default 0.25 (the built-in hash encoder scores a short query against a long quote low).
   */
  searchThreshold: z.number().min(0).max(1).default(0.25),
  /** Most quotes per channel. Default 5000. */
  maxQuotes: z.number().int().min(1).max(100_000).default(5000),
});

export type QuotesConfig = z.output<typeof quotesConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    quotes: QuotesConfig;
  }
}
