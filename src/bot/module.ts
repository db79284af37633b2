import type { Clock } from '../chat/clock.js';
import type { ChannelScope } from '../chat/context.js';
import type { Logger } from '../chat/logger.js';
import type { Middleware } from '../chat/middleware.js';
import type { Command, CommandSource } from '../commands/command.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { Store } from '../store/store.js';

/** Shared services handed to every module when the bot starts. */
export interface ModuleServices {
  /** The one shared sentence encoder. */
  encoder: SharedEncoder;
  store: Store;
  clock: Clock;
  log: Logger;
}

/**
 * Something that happened in a channel besides a chat message.
 * - `joined`: the bot (re)joined the channel (start-up, reconnect).
 * - `raid`: another broadcaster raided the channel (Twitch `USERNOTICE` `msg-id=raid`);
 *   `fromLogin` is the raiding channel, `viewers` the viewers it brought.
 */
export type ChannelEvent =
  { kind: 'joined' } | { kind: 'raid'; fromLogin: string; fromUserId?: string; fromDisplayName?: string; viewers: number } | ModeratorActionEvent;

/**
 * A moderation action seen in the channel that the bot did not take itself (another moderator,
 * Twitch AutoMod, the broadcaster): IRC `CLEARMSG`/`CLEARCHAT`, EventSub `channel.moderate`,
 * `channel.chat.message_delete`, `channel.chat.clear_user_messages`. Fields the transport does not
 * know are left out (IRC never names the moderator).
 */
export interface ModeratorActionEvent {
  kind: 'moderator-action';
  action: 'delete' | 'timeout' | 'ban' | 'untimeout' | 'unban' | 'clear';
  /** The acting moderator, when the transport says (EventSub `channel.moderate`). */
  moderator?: { id?: string; login?: string };
  /** The user acted on (absent for a whole-chat `clear`). */
  target?: { id?: string; login: string };
  /** The deleted message, when known. */
  messageId?: string;
  messageText?: string;
  durationSeconds?: number;
  reason?: string;
}

/**
 * A feature of the bot (moderation, FAQ, topics...). One instance serves every channel, keeping
 * per-channel state keyed by channel name and reading per-channel settings from
 * `ctx.channel.config`. Stages run in this order for each message:
 * ignore self/bots -> encode -> every module's `moderation` -> command router -> every `passive`.
 */
export interface BotModule {
  readonly name: string;
  /** Runs before commands. A stage that acts on the message does not call `next`. */
  readonly moderation?: Middleware;
  /** Runs after the command router (FAQ answers, topic ingest). */
  readonly passive?: Middleware;
  readonly commands?: readonly Command[];
  /** Per-channel commands that change at run time (custom commands); built-in names win over them. */
  readonly commandSource?: CommandSource;
  /** Called for channel events (joined, incoming raid), in the channel's message order. Optional. */
  onChannelEvent?(event: ChannelEvent, scope: ChannelScope): Promise<void> | void;
  /** Releases timers and resources. */
  close?(): Promise<void> | void;
}
