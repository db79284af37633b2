import type { ApiClient } from '@twurple/api';
import type { AuthProvider } from '@twurple/auth';
import type { ChannelActions } from '../chat/actions.js';
import type { ChatContext } from '../chat/context.js';
import type { EffectQueue } from '../bot/effects/effect-queue.js';
import type { HealthCheck } from '../bot/health.js';
import type { HelixFailure } from './twitch-runtime.js';

import type { TransportKind } from '../chat/scopes.js';

export type { TransportKind } from '../chat/scopes.js';

/** What the bot is in a channel, as far as the start-up check and chat tell. */
export type ChannelRole = 'broadcaster' | 'moderator' | 'not-moderator' | 'unknown';

/**
 * The bot connected to Twitch (or the sandbox) over one transport: IRC (`TwitchRuntime`) or
 * EventSub + Helix (`EventSubRuntime`). Both hand the same `ChatMessage`s and channel events to
 * the same `Bot`, one channel's messages at a time in arrival order.
 */
export interface ChatRuntime {
  readonly kind: TransportKind;
  readonly api: ApiClient;
  /** The effect queues (Helix moderation, chat) shared by every channel. */
  readonly effects: EffectQueue;
  /** The provider holding the bot's token. */
  readonly authProvider: AuthProvider;
  /** The bot's role in each channel. */
  readonly roles: ReadonlyMap<string, ChannelRole>;
  /** The actions of a joined channel. */
  actionsFor(channel: string): ChannelActions | undefined;
  /** Called after each message went through the whole pipeline and its effects settled. Returns the unsubscribe function. */
  onHandled(fn: (ctx: ChatContext) => void): () => void;
  /** Called as soon as the pipeline decided on a message (its effects may still be running). Returns the unsubscribe function. */
  onDecided(fn: (ctx: ChatContext) => void): () => void;
  /** Messages dropped since start because a channel's queue was full. */
  readonly droppedMessages: number;
  /** Called each time the bot (re)joins a channel (IRC join, EventSub chat subscription). Returns the unsubscribe function. */
  onJoined(fn: (channel: string) => void): () => void;
  /** Resolves when every channel is joined, or rejects after `timeoutMs` naming the missing ones. */
  waitUntilJoined(timeoutMs?: number): Promise<void>;
  /** Called for each failed Helix attempt (metrics). Returns the unsubscribe function. */
  onHelixFailure(fn: (failure: HelixFailure) => void): () => void;
  /** Health of the connection, the message queues and the effect lanes (for `/healthz`). */
  health(): Record<string, HealthCheck>;
  /** Connects again when the library gave up (after an auth outage healed); whether it did. */
  reconnectIfDown(): boolean;
  /** One token validation round; whether the token is valid now. */
  validateToken(): Promise<boolean>;
  /** Leaves chat and waits (up to `drainMs`) for messages being handled. */
  close(drainMs?: number): Promise<void>;
}
