/**
 * What a clusterer needs from a chat message. Extra fields of a concrete item type (text, id,
 * line...) travel with it into the cluster samples.
 */
export interface ClusterItem {
  /** Message time, ms since the epoch (simulated in replays). */
  time: number;
  /** Unit-length sentence vector from the shared encoder (all zeros = nothing to cluster). */
  vector: Float32Array;
  /**
   * Discrete lexical keys of the message (e.g. folded words), aggregated per cluster with the same
   * time decay as the centroid, for keyword labels. Default none.
   */
  terms?: readonly string[];
  /** Feature flags of the message (`question`, `emotes`...), aggregated like `terms`. Default none. */
  tags?: readonly string[];
}

/**
 * A live cluster as seen at one moment. The maps are the clusterer's own (read them right away,
 * do not keep or change them); their values are relative decayed weights that share one scale
 * with `mass` and with every other cluster returned by the same call.
 */
export interface ClusterView<T extends ClusterItem = ClusterItem> {
  /** Stable id while the cluster lives (a merged cluster keeps the id of the heavier side). */
  id: number;
  /** Unit-length centroid (time-decayed mean of member vectors). */
  centroid: Float32Array;
  /** Messages that joined within the requested window. */
  count: number;
  /** Messages that joined since the cluster was created (merges included). */
  total: number;
  /** Time-decayed number of messages within the window (1 for a message sent just now). */
  weight: number;
  firstTime: number;
  lastTime: number;
  /** Bounded sample of members (recent ones plus a reservoir over the cluster's life), oldest first. */
  samples: readonly T[];
  /** Decayed weight of each term key (see {@link ClusterItem.terms}), on the `mass` scale. */
  terms: ReadonlyMap<string, number>;
  /** Decayed weight of each tag, on the `mass` scale. */
  tags: ReadonlyMap<string, number>;
  /** Decayed weight of all members, on the same scale as `terms` and `tags`. */
  mass: number;
}

/**
 * Online clustering of a message stream with a time dimension. Another algorithm can replace the
 * default one ({@link OnlineClusterer}) behind this interface.
 */
export interface Clusterer<T extends ClusterItem = ClusterItem> {
  /**
   * Adds one message (time should not go backwards by more than a few seconds). Returns the id of
   * the cluster it joined or started, or -1 when it carries no vector to cluster.
   */
  add(item: T): number;
  /**
   * Live clusters with at least one message in `[now - windowMs, now]`, heaviest first.
   * @param windowMs default: the clusterer's horizon
   */
  clusters(now: number, windowMs?: number): ClusterView<T>[];
  /** The live cluster whose centroid is most similar (cosine) to `vector`, without adding anything. */
  nearest(vector: Float32Array): { id: number; similarity: number } | undefined;
  /** Number of live clusters (after the last expiry sweep). */
  readonly size: number;
  /** Forgets everything. */
  clear(): void;
}
