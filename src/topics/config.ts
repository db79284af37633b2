import { z } from 'zod';

/**
 * Settings of the topics module (`!topic` and the rolling clusters behind it), per channel.
 * The defaults were tuned on a real French talk-show chat (see `npm run eval:topics`).
 */
export const topicsConfigSchema = z.object({
  /** Whether the module runs in this channel (ingest and `!topic`). Default true. */
  enabled: z.boolean().default(true),
  /** Clusters with no new message for this long expire; also the longest `!topic` window. Default 10. */
  horizonMinutes: z.number().int().min(1).max(120).default(10),
  /** A message's weight halves every this many minutes (ranking and centroid drift). Default 5. */
  halfLifeMinutes: z.number().positive().max(240).default(5),
  /**
   * Cosine similarity to a cluster's centroid needed to join it. Default 0.35, tuned for the
   * built-in hash encoder; sentence-transformer models usually want a higher value (0.5-0.6).
   */
  similarityThreshold: z.number().min(0).max(1).default(0.35),
  /**
   * Bonus for sharing a cluster's frequent words, added to the cosine when a message looks for its
   * cluster (helps the lexical built-in encoder group a conversation). 0 = vectors only. Default 0.2.
   */
  termWeight: z.number().min(0).max(1).default(0.2),
  /** Cosine similarity between two centroids at which their clusters merge. Default 0.6. */
  mergeThreshold: z.number().min(0).max(1).default(0.6),
  /** Most live clusters per channel (the lightest is evicted beyond it; bounds CPU per message). Default 200. */
  maxClusters: z.number().int().min(10).max(1000).default(200),
  /** Most topics in a `!topic` answer. Default 5. */
  maxTopics: z.number().int().min(1).max(10).default(5),
  /** Fewest topics kept when the answer must be shortened to fit 500 characters. Default 3. */
  minTopics: z.number().int().min(1).max(10).default(3),
  /**
   * Most topics of the Emotes, Reactions, Greetings and Thanks types in an answer (the heaviest;
   * an Emotes or Reactions one quoted with a keyword that names something does not count); more
   * only when no other topic is left, so that subjects are not crowded out by laughs and chants.
   * Default 2.
   */
  maxReactionTopics: z.number().int().min(0).max(10).default(2),
  /** Fewest messages in the window for a cluster to be shown as a topic. Default 3. */
  minClusterSize: z.number().int().min(1).max(1000).default(3),
  /** Most keywords per topic. Default 2. */
  maxKeywords: z.number().int().min(1).max(5).default(2),
  /**
   * Whether messages starting with the command prefix feed the clusters (they are typed
   * `Commands`). Commands the bot runs and moderated messages never do. Default false.
   */
  ingestCommands: z.boolean().default(false),
});

export type TopicsConfig = z.output<typeof topicsConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    topics: TopicsConfig;
  }
}
