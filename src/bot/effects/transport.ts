import type { ChatSettings, StreamInfo } from '../../chat/actions.js';
import type { AttemptFailure } from './effect-queue.js';

/** One Helix moderation call (what {@link ChannelActions} can ask for, besides chat). */
export type ModerationRequest =
  | { kind: 'deleteMessage'; messageId: string }
  | { kind: 'timeout'; userId: string; seconds: number; reason: string }
  | { kind: 'ban'; userId: string; reason: string }
  | { kind: 'unban'; userId: string }
  | { kind: 'warn'; userId: string; reason: string }
  | { kind: 'getChatSettings' }
  | { kind: 'updateChatSettings'; settings: Partial<ChatSettings> }
  /** Lookups (not moderation, but Helix all the same): live status, account age. */
  | { kind: 'getStreamInfo' }
  | { kind: 'getUserCreatedAt'; userId: string };

/** What a {@link ModerationRequest} resolves with: chat settings, stream info, a creation time, or nothing. */
export type ModerationAnswer = ChatSettings | StreamInfo | number | undefined | void;

/**
 * What a transport (IRC + Helix, EventSub + Helix, a test double) supplies to the effect queues:
 * ONE attempt per call, no retries of its own, stopping when `signal` aborts. Retries, deadlines,
 * priorities and shedding are the queue's.
 */
export interface EffectTransport {
  /** Runs one Helix call in a channel; resolves with what `getChatSettings`/`getStreamInfo`/`getUserCreatedAt` ask. */
  moderate(channel: string, request: ModerationRequest, signal: AbortSignal): Promise<ModerationAnswer>;
  /** Sends one chat message (already sanitised), as a reply when `replyTo` is set. */
  send(channel: string, text: string, replyTo: string | undefined, signal: AbortSignal): Promise<void>;
  /** How to handle a rejection of `moderate` or `send`. */
  classify(err: unknown): AttemptFailure;
}
