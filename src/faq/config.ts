import { z } from 'zod';

/**
 * Settings of the FAQ module (per channel). Entries themselves live in the store, seeded once per
 * channel from `seedFile` (see config/faq.yaml).
 */
export const faqConfigSchema = z.object({
  /** Whether the module runs in this channel (auto-answers and `!faq`). Default true. */
  enabled: z.boolean().default(true),
  /** Whether the bot answers questions on its own; `!faq` works either way. Default true. */
  autoAnswer: z.boolean().default(true),
  /**
   * YAML file that seeds this channel's FAQ the first time the bot sees the channel, relative to
   * the working directory unless absolute. Default `config/faq.yaml`.
   */
  seedFile: z.string().min(1).default('config/faq.yaml'),
  /**
   * Only question-like messages can get an auto-answer: a `?`, an interrogative word in French or
   * English (quoi, comment, quand, où, pourquoi, qui, quel, what, when, how...) or a request
   * (svp, pls...). Default true.
   */
  questionsOnly: z.boolean().default(true),
  /** Minimum match score (0-1) for an auto-answer, unless the entry sets its own. Default 0.6. */
  threshold: z.number().min(0).max(1).default(0.6),
  /** The best entry must beat the best other entry by this much (score points). Default 0.08. */
  margin: z.number().min(0).max(1).default(0.08),
  /** Seconds before the same entry is auto-answered again, unless the entry sets its own. Default 120. */
  entryCooldownSeconds: z.number().min(0).max(86_400).default(120),
  /** Seconds before the same viewer gets another auto-answer. Default 300. */
  userCooldownSeconds: z.number().min(0).max(86_400).default(300),
  /** Seconds between two auto-answers in the channel, whatever the entry. Default 10. */
  channelCooldownSeconds: z.number().min(0).max(3600).default(10),
  /** Longer messages are never auto-answered (they are rarely a plain question). Default 200. */
  maxMessageLength: z.number().int().min(10).max(500).default(200),
  /** Whether the broadcaster's own messages can get an auto-answer. Default false. */
  answerBroadcaster: z.boolean().default(false),
  /**
   * When a moderator answers a viewer with `!faq <id> @viewer`, the viewer's last question (asked
   * at most `learnWindowSeconds` before) becomes an example of that entry. Default true.
   */
  learnFromModerators: z.boolean().default(true),
  /** How long a viewer's question waits for a moderator's `!faq <id> @viewer`, in seconds. Default 300. */
  learnWindowSeconds: z.number().min(10).max(3600).default(300),
});

export type FaqConfig = z.output<typeof faqConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    faq: FaqConfig;
  }
}
