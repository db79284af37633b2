/** Chat settings the bot can read and switch (Helix "Update Chat Settings"). */
export interface ChatSettings {
  /** Followers-only mode; `followerOnlyDelayMinutes` applies when on. */
  followerOnly: boolean;
  /** Minimum follow age in minutes for followers-only mode (0 = any follower). */
  followerOnlyDelayMinutes: number;
  /** Slow mode; `slowDelaySeconds` applies when on. */
  slow: boolean;
  /** Seconds between two messages of one user in slow mode (3-120). */
  slowDelaySeconds: number;
  /** Twitch's unique-chat mode (no identical messages). */
  uniqueChat: boolean;
  emoteOnly: boolean;
  subscriberOnly: boolean;
}

/** Chat settings of a new Twitch channel: every mode off, Twitch's default delays. */
export const DEFAULT_CHAT_SETTINGS: Readonly<ChatSettings> = {
  followerOnly: false,
  followerOnlyDelayMinutes: 0,
  slow: false,
  slowDelaySeconds: 30,
  uniqueChat: false,
  emoteOnly: false,
  subscriberOnly: false,
};

/** Stream status and channel information (Helix "Get Streams" and "Get Channel Information"). */
export interface StreamInfo {
  /** True while the channel is live. */
  live: boolean;
  /** Start of the current broadcast, ms since the epoch (live only). */
  startedAt?: number;
  /** Category ("Just Chatting"), when known. */
  game?: string;
  /** Stream title, when known. */
  title?: string;
}

/**
 * The outcome of one moderation call. Helix failures are reported here, never thrown, so that a
 * failing API call is logged and the chat loop goes on.
 */
export type ActionResult =
  | { ok: true }
  | {
      ok: false;
      /** HTTP status when Helix answered, absent for network errors. */
      status?: number;
      /** What went wrong, for the moderation log (never contains tokens). */
      error: string;
    };

/**
 * What the bot can do in one channel. Implemented for Twitch (IRC for chat, Helix for
 * moderation), for the local sandbox (the same implementation, pointed at local servers) and for
 * replays (a recorder that does nothing). Modules never call this directly: they go through the
 * {@link ChatContext} helpers, which sanitise outgoing text.
 */
export interface ChannelActions {
  /** Sends a chat message (already sanitised, at most 500 characters). */
  say(text: string): Promise<void>;
  /** Sends a chat message as a Twitch reply to `parentMessageId`. */
  reply(text: string, parentMessageId: string): Promise<void>;
  deleteMessage(messageId: string): Promise<ActionResult>;
  /** Times a user out for 1 s to 14 days. */
  timeout(userId: string, seconds: number, reason: string): Promise<ActionResult>;
  ban(userId: string, reason: string): Promise<ActionResult>;
  /** Lifts a ban or a timeout. */
  unban(userId: string): Promise<ActionResult>;
  /** Sends a Helix warning that the user must acknowledge. */
  warn(userId: string, reason: string): Promise<ActionResult>;
  getChatSettings(): Promise<ChatSettings | null>;
  updateChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult>;
  /**
   * Live status, title and category of the channel; null when Helix could not tell. Optional:
   * transports without Helix leave it out, and callers then treat the stream as unknown.
   */
  getStreamInfo?(): Promise<StreamInfo | null>;
  /** Creation time of a Twitch account (ms since the epoch); undefined when unknown. Optional like `getStreamInfo`. */
  getUserCreatedAt?(userId: string): Promise<number | undefined>;
}
