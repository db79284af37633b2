/** Roles a chatter can hold in a channel, from IRC badges and user ids (never display names). */
export type Role = 'broadcaster' | 'moderator' | 'vip' | 'subscriber';

/** The author of a chat message. */
export interface ChatUser {
  /** Twitch user id (stable; permissions key on it). */
  id: string;
  /** Login name, lowercase. */
  login: string;
  /** Display name as shown in chat (untrusted text). */
  displayName: string;
  roles: ReadonlySet<Role>;
  /** Twitch's `first-msg` tag: the user's first message in this channel. */
  firstMessage: boolean;
}

/** An emote occurrence: Twitch emote id and the UTF-16 code unit range it covers in the text. */
export interface EmoteOffset {
  id: string;
  /** Index of the first code unit. */
  start: number;
  /** Index after the last code unit. */
  end: number;
  /** The emote's text, e.g. `massietGG`. */
  name: string;
}

/** One chat message as the pipeline sees it, whatever the transport (Twitch, sandbox, replay). */
export interface ChatMessage {
  /** Twitch message id (`id` tag); unique per message. */
  id: string;
  /** Channel login, lowercase, without `#`. */
  channel: string;
  /** Channel (room) user id. */
  channelId: string;
  /**
   * Room id the message was first posted in, when it reached us through Twitch shared chat.
   * Differs from `channelId` for messages that belong to another channel's room.
   */
  sourceChannelId?: string;
  user: ChatUser;
  /** The text as received. */
  text: string;
  emotes: readonly EmoteOffset[];
  /** Time the message was sent (`tmi-sent-ts`), ms since the epoch. */
  timestamp: number;
  /** 1-based line of the recorded file, when the message comes from a replay. */
  line?: number;
}

/** Parses Twitch IRC badges (`{ broadcaster: '1', subscriber: '12' }`) into roles. */
export function rolesFromBadges(badges: ReadonlyMap<string, string> | Record<string, string>): Set<Role> {
  const names = badges instanceof Map ? [...badges.keys()] : Object.keys(badges);
  const roles = new Set<Role>();
  for (const b of names) {
    if (b === 'broadcaster') roles.add('broadcaster');
    else if (b === 'moderator' || b === 'lead_moderator') roles.add('moderator');
    else if (b === 'vip') roles.add('vip');
    else if (b === 'subscriber' || b === 'founder') roles.add('subscriber');
  }
  return roles;
}
