import type { ChatSettings } from '../chat/actions.js';
import type { Role } from '../chat/message.js';
import type { EmoteRange } from './emote-offsets.js';
import type { SandboxRaid } from './raid.js';
import type { SandboxUser } from './users.js';

/** Who sent a chat message into the sandbox. */
export type MessageSource =
  /** `sandbox.sendAs` (tests, replays). */
  | 'api'
  /** The web page. */
  | 'page'
  /** The bundled background chat. */
  | 'background'
  /** A connected IRC client (the bot) sent PRIVMSG. */
  | 'irc'
  /** A Helix `POST chat/messages` call. */
  | 'helix';

/** The parent of a reply, as Twitch puts it into `reply-parent-*` tags. */
export interface ReplyParent {
  id: string;
  userId: string;
  login: string;
  displayName: string;
  text: string;
}

/** One chat message in a sandbox channel. */
export interface SandboxChatMessage {
  /** Message id (`id` tag), a UUID. */
  id: string;
  /** Channel login. */
  channel: string;
  /** Room id (`room-id` tag). */
  channelId: string;
  user: SandboxUser;
  roles: ReadonlySet<Role>;
  /** Badges in tag order (`broadcaster/1`, `subscriber/12`...). */
  badges: ReadonlyMap<string, string>;
  text: string;
  /** `/me` action. */
  action: boolean;
  emotes: readonly EmoteRange[];
  /** `tmi-sent-ts`, ms since the epoch. */
  timestamp: number;
  firstMessage: boolean;
  replyParent?: ReplyParent;
  /** Room id of the channel the message was posted in, for Twitch shared chat (`source-room-id`). */
  sourceChannelId?: string;
  source: MessageSource;
  /** Set when a moderator deleted the message or the user was timed out/banned. */
  deleted: boolean;
}

/** The chat settings of a room: the bot's {@link ChatSettings} plus the non-moderator delay. */
export interface RoomSettings extends ChatSettings {
  nonModeratorChatDelay: boolean;
  /** 2, 4 or 6 seconds. */
  nonModeratorChatDelaySeconds: number;
}

/** Broadcast status of a sandbox channel (what Helix `GET streams` / `GET channels` answer). */
export interface StreamState {
  /** Whether the channel is live. Default true (a sandbox channel streams from its creation). */
  live: boolean;
  /** When the current broadcast started, ms (meaningful while live). */
  startedAt: number;
  title: string;
  /** Category name. */
  game: string;
}

/** Something that happened in the sandbox; IRC clients, the web page and tests all see these. */
export type SandboxEvent =
  | { type: 'message'; message: SandboxChatMessage; /** IRC connection that sent it (not echoed back to it). */ originConnection?: number }
  | { type: 'delete'; channel: string; message: SandboxChatMessage; by: string }
  | { type: 'clear-user'; channel: string; user: SandboxUser; /** null = permanent ban. */ durationSeconds: number | null; reason: string; by: string }
  | { type: 'clear-all'; channel: string; by: string }
  | { type: 'unban'; channel: string; user: SandboxUser; by: string }
  | { type: 'warn'; channel: string; user: SandboxUser; reason: string; by: string }
  | { type: 'settings'; channel: string; settings: RoomSettings; changed: Partial<RoomSettings>; by: string }
  | { type: 'stream'; channel: string; stream: StreamState; by: string }
  | { type: 'raid'; raid: SandboxRaid }
  | { type: 'join'; channel: string; login: string }
  | { type: 'part'; channel: string; login: string };

/** Minimal typed listener list. */
export class Listeners<T> {
  private readonly fns = new Set<(value: T) => void>();

  /** Adds a listener; returns a function that removes it. */
  add(fn: (value: T) => void): () => void {
    this.fns.add(fn);
    return () => {
      this.fns.delete(fn);
    };
  }

  /** Calls every listener; a throwing listener is reported to `onError` and does not stop the others. */
  emit(value: T, onError?: (error: unknown) => void): void {
    for (const fn of [...this.fns]) {
      try {
        fn(value);
      } catch (error) {
        onError?.(error);
      }
    }
  }

  get size(): number {
    return this.fns.size;
  }
}
