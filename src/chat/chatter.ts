/** What the bot knows about one chatter in one channel. */
export interface ChatterRecord {
  /** Channel login, lowercase. */
  channel: string;
  /** Twitch user id. */
  userId: string;
  /** Last login seen (lowercase; empty when the user was only marked new before chatting). */
  login: string;
  /** Time of the first message seen, ms since the epoch. */
  firstSeen: number;
  /** Time of the last message seen, ms since the epoch. */
  lastSeen: number;
  /** Messages seen in the channel. */
  messages: number;
  /** Distinct UTC days with at least one message. */
  daysSeen: number;
  /** Marked new by a suspicious-user event (low-trust, likely ban evader): counts as a first-time chatter. */
  markedNew: boolean;
}
