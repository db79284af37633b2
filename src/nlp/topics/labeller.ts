import type { ClusterItem, ClusterView } from './clusterer.js';

/** Kinds of topic, from simple features of the cluster's messages. */
export const TOPIC_TYPES = ['Question', 'Opinion', 'Reactions', 'Emotes', 'Commands', 'Greetings', 'Thanks', 'Votes', 'Links', 'Discussion'] as const;
export type TopicType = (typeof TOPIC_TYPES)[number];

/** What a labeller needs of a member message besides its vector. */
export interface LabelledItem extends ClusterItem {
  text: string;
  /** Readability for quoting (0 = clean, negative = worse). Default 0. */
  quality?: number;
  /** Folded text of the whole message, label of last resort. Default: the text. */
  key?: string;
}

/** The label of one cluster. */
export interface TopicLabel<T extends LabelledItem = LabelledItem> {
  /** Keywords to show, best first (display forms). Never empty. */
  keywords: string[];
  /** The message that best stands for the cluster (near the centroid, readable), if any. */
  representative: T | null;
  /** False when the representative says nothing beyond the keywords (`+1`, `LUL LUL`). */
  informative: boolean;
  type: TopicType;
}

/** Where and when the clusters are labelled. */
export interface LabelContext {
  now: number;
  /** Window the clusters were taken over; representatives come from it when possible. */
  windowMs: number;
  /**
   * Label only the first `limit` clusters (the rest still count as the window keywords are
   * contrasted with). Default: all.
   */
  limit?: number;
}

/**
 * Names clusters. Receives every live cluster of the window (the "rest of the window" that
 * keywords are contrasted with) and returns one label per cluster, in the same order.
 */
export interface Labeller<T extends LabelledItem = LabelledItem> {
  /** One label per cluster (per the first `context.limit` clusters), in the same order. */
  label(clusters: readonly ClusterView<T>[], context: LabelContext): TopicLabel<T>[];
}
