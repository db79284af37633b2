/** One cluster of a topic snapshot, as the replay needs it. */
export interface TopicSnapshotCluster {
  /** Stable id while the cluster lives. */
  id: string | number;
  keywords: string[];
  /** Messages in the cluster within the window. */
  size: number;
  /** Decayed weight (ranking), when the clusterer has one. */
  weight?: number;
  type: string;
  /** Representative message: its id (mapped to a line by the replay) and text. */
  representative: { messageId?: string; text: string };
}

/** What chat was talking about at one moment of a channel. */
export interface TopicSnapshot {
  /** What `!topic` would answer. */
  text: string;
  /** Top clusters, heaviest first. */
  clusters: TopicSnapshotCluster[];
}

/** Where the replay reads topic snapshots from (the topics module of the running pipeline). */
export interface TopicSource {
  /** Horizon of a snapshot, in minutes. */
  readonly horizonMinutes: number;
  /** Snapshot of `channel` at `now` (the clock is already there), top `limit` clusters. */
  snapshot(channel: string, now: number, limit: number): TopicSnapshot | undefined;
}
