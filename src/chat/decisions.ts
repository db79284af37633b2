/**
 * What the bot decided about a message. Emitted by modules through `ChatContext.record`, written
 * to the moderation log, and streamed by the replay into its decisions file.
 */
export type Decision = ModerationDecision | FaqDecision | CommandDecision;

/** Moderation actions, mildest first. `none` logs a match that was not acted on. */
export type ModerationAction = 'none' | 'delete' | 'warn' | 'timeout' | 'ban';

/** A moderation filter matched a message. */
export interface ModerationDecision {
  kind: 'moderation';
  channel: string;
  /** The message the decision is about. */
  messageId: string;
  userId: string;
  userLogin: string;
  /** Filter name: `repeat`, `flood`, `blocklist`, `links`, `caps`, `nuke`, ... */
  filter: string;
  /** The filter's score (cosine similarity, ratio, count...). */
  score: number;
  action: ModerationAction;
  /** Timeout length in seconds, for `timeout`. */
  duration?: number;
  /** Ids of the messages that justify the decision (earlier copies, the matched example...). */
  evidence: string[];
  /** Human-readable reason, as sent to Twitch. */
  reason: string;
  /** False in dry-run mode: decided and logged, nothing done. */
  enforced: boolean;
  /** Whether Helix accepted the action (absent when not enforced). */
  helixOk?: boolean;
  /** Message time in ms since the epoch. */
  time: number;
}

/** The FAQ module answered a message. */
export interface FaqDecision {
  kind: 'faq';
  channel: string;
  messageId: string;
  userId: string;
  userLogin: string;
  entry: string;
  score: number;
  answer: string;
  time: number;
}

/** A chat command ran. */
export interface CommandDecision {
  kind: 'command';
  channel: string;
  messageId: string;
  userId: string;
  userLogin: string;
  command: string;
  /** What the bot sent back (joined when several messages), or null. */
  response: string | null;
  time: number;
}
