import { z } from 'zod';

/** Settings of the timers module (per channel). The timers themselves live in the store (`!timer`). */
export const timersConfigSchema = z.object({
  /** Whether timers post in this channel (and `!timer` works). Default true. */
  enabled: z.boolean().default(true),
  /** Post only while the stream is live (Helix stream status); unknown status counts as offline. Default true. */
  onlyWhenLive: z.boolean().default(true),
  /** Minutes between two posts of a new timer, unless `!timer add` says otherwise. Default 15. */
  defaultIntervalMinutes: z.number().int().min(1).max(1440).default(15),
  /** Chat messages needed since a timer's last post before it posts again, unless `-lines=` says otherwise. Default 10. */
  defaultMinMessages: z.number().int().min(0).max(10_000).default(10),
  /** Seconds between two checks of the channel's timers. Default 30. */
  checkSeconds: z.number().int().min(5).max(3600).default(30),
  /**
   * A timer waits while chat already discusses its subject: when its text is at least this
   * similar to the centroid of a current `!topic` cluster. 1 = never waits. Default 0.6.
   */
  topicSimilarity: z.number().min(0).max(1).default(0.6),
  /** Most timers per channel. Default 50. */
  maxTimers: z.number().int().min(1).max(500).default(50),
});

export type TimersConfig = z.output<typeof timersConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    timers: TimersConfig;
  }
}
