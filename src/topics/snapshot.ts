import type { TopicType } from '../nlp/topics/labeller.js';
import type { TopicTracker } from '../nlp/topics/topic-tracker.js';
import { formatTopicAnswer } from './format.js';

/** One topic in a snapshot (replay decisions file and report). */
export interface TopicSnapshotCluster {
  /** Cluster id (stable while the cluster lives, so a report can follow it over time). */
  id: number;
  /** c-TF-IDF keywords, best first. */
  keywords: string[];
  /** Messages in the window. */
  size: number;
  /** Time-decayed size, the ranking key. */
  weight: number;
  type: TopicType;
  /** The message that stands for the topic, with its id and (offline) its 1-based input line. */
  representative: { text: string; messageId: string; line?: number; time: number } | null;
}

/** What `!topic` would answer at one moment, with the clusters behind it. */
export interface TopicSnapshot {
  /** Time of the snapshot, ms since the epoch. */
  time: number;
  /** Window in minutes. */
  minutes: number;
  /** The `!topic` answer (at most 500 characters). */
  text: string;
  /** The heaviest topics, heaviest first (a few more than the answer shows). */
  clusters: TopicSnapshotCluster[];
}

/** Options of {@link takeTopicSnapshot}. */
export interface TopicSnapshotOptions {
  /** Snapshot time (the `!topic` message time live; simulated time offline). */
  now: number;
  /** Window in minutes. Default: the tracker's horizon. */
  minutes?: number;
  /** Language of the answer. Default `fr`. */
  language?: 'fr' | 'en';
  /** Most topics. Default 5. */
  maxTopics?: number;
  /** Fewest messages for a cluster to be a topic. Default 3. */
  minClusterSize?: number;
  /** Fewest topics kept when the answer must be shortened. Default 3. */
  minTopics?: number;
  /** Most Emotes/Reactions/Greetings/Thanks topics in the answer (see `formatTopicAnswer`). Default 2. */
  maxReactionTopics?: number;
}

/**
 * The current topics of a tracker and the `!topic` text for them. This is the one entry point
 * for offline use (replays, reports): feed a {@link TopicTracker} with the messages, then call
 * this every N minutes of chat time.
 */
export function takeTopicSnapshot(tracker: TopicTracker, options: TopicSnapshotOptions): TopicSnapshot {
  const horizonMinutes = Math.max(1, Math.round(tracker.horizonMs / 60_000));
  const minutes = Math.min(Math.max(1, Math.round(options.minutes ?? horizonMinutes)), horizonMinutes);
  const maxTopics = options.maxTopics ?? 5;
  // A few extra clusters: poll answers (A, B, C, D) are shown as one topic
  const topics = tracker.topics(options.now, {
    windowMs: minutes * 60_000,
    limit: maxTopics + 6,
    minCount: options.minClusterSize ?? 3,
  });
  const text = formatTopicAnswer(topics, {
    minutes,
    maxTopics,
    language: options.language ?? 'fr',
    ...(options.minTopics !== undefined ? { minTopics: options.minTopics } : {}),
    ...(options.maxReactionTopics !== undefined ? { maxReactionTopics: options.maxReactionTopics } : {}),
  });
  return {
    time: options.now,
    minutes,
    text,
    clusters: topics.map((t) => ({
      id: t.id,
      keywords: t.keywords,
      size: t.count,
      weight: t.weight,
      type: t.type,
      representative: t.representative
        ? {
            text: t.representative.text,
            messageId: t.representative.id,
            time: t.representative.time,
            ...(t.representative.line !== undefined ? { line: t.representative.line } : {}),
          }
        : null,
    })),
  };
}
