import type { ChatSettings } from '../actions.js';
import type { AttemptFailure } from './effect-queue.js';

/** One Helix moderation call (what {@link ChannelActions} can ask for, besides chat). */
export type ModerationRequest =
  | { kind: 'deleteMessage'; messageId: string }
  | { kind: 'timeout'; userId: string; seconds: number; reason: string }
  | { kind: 'ban'; userId: string; reason: string }
  | { kind: 'unban'; userId: string }
  | { kind: 'warn'; userId: string; reason: string }
  | { kind: 'getChatSettings' }
  | { kind: 'updateChatSettings'; settings: Partial<ChatSettings> };

/**
 * What a transport (IRC + Helix, EventSub + Helix, a test double) supplies to the effect queues:
 * ONE attempt per call, no retries of its own, stopping when `signal` aborts. Retries, deadlines,
 * priorities and shedding are the queue's.
 */
export interface EffectTransport {
  /** Runs one moderation call in a channel; resolves with the chat settings for `getChatSettings`. */
  moderate(channel: string, request: ModerationRequest, signal: AbortSignal): Promise<ChatSettings | void>;
  /** Sends one chat message (already sanitised), as a reply when `replyTo` is set. */
  send(channel: string, text: string, replyTo: string | undefined, signal: AbortSignal): Promise<void>;
  /** How to handle a rejection of `moderate` or `send`. */
  classify(err: unknown): AttemptFailure;
}
