import type { ActionResult, ChannelActions, ChatSettings } from './actions.js';
import type { Clock } from './clock.js';
import type { Decision } from './decisions.js';
import type { Logger } from './logger.js';
import type { ChatMessage, ChatUser } from './message.js';
import type { ChannelConfig } from './channel-config.js';
import type { ChatterRecord } from './chatter.js';
import { sanitizeOutgoing } from './outgoing.js';

/** Why a message was withheld from later stages (commands, FAQ, topics). */
export interface ModerationMark {
  filter: string;
  /** True when the message was actually acted on; false in dry-run. */
  enforced: boolean;
}

/** Services and state of one channel that every context of that channel shares. */
export interface ChannelScope {
  /** Channel login, lowercase. */
  readonly name: string;
  /** The channel's effective configuration (defaults + overrides). */
  readonly config: ChannelConfig;
  readonly actions: ChannelActions;
  readonly clock: Clock;
  readonly log: Logger;
  /** Receives every decision of every module (moderation log, replay decisions file). */
  readonly record: (decision: Decision) => void;
}

/**
 * One context per chat message (grammY style): the message, the channel it belongs to, what
 * earlier stages learned about it, and the helpers modules act through. Modules never touch
 * `ChatClient`/`ApiClient`; every side effect goes through these methods.
 */
export class ChatContext {
  /** Sentence vector from the shared encoder, set by the encode stage. */
  vector: Float32Array | undefined;
  /** Set when moderation acted on (or, in dry-run, would have acted on) the message. */
  moderated: ModerationMark | undefined;
  /** Name of the command the router ran for this message, if any. */
  command: string | undefined;
  /** Texts the bot sent while handling this message (after sanitising). */
  readonly sent: string[] = [];
  /** Work started by stages that the pipeline does not wait for (effects being applied). */
  private readonly deferredWork: Promise<unknown>[] = [];
  /**
   * First-time chatter in this channel, the same on every transport: Twitch's `first-msg` tag,
   * or (when the bot has a chatter registry) never seen before, or marked new by a
   * suspicious-user event. Starts as the tag; the pipeline's `chatters` stage completes it.
   */
  firstTime: boolean;
  /** The author's chatter record after this message, when the bot has a chatter registry. */
  chatter: ChatterRecord | undefined;

  constructor(
    readonly message: ChatMessage,
    readonly channel: ChannelScope,
  ) {
    this.firstTime = message.user.firstMessage;
  }

  get user(): ChatUser {
    return this.message.user;
  }

  get text(): string {
    return this.message.text;
  }

  get log(): Logger {
    return this.channel.log;
  }

  /** Current time of the bot's clock (simulated in replays). */
  now(): number {
    return this.channel.clock.now();
  }

  /**
   * Hands over work the next message must not wait for ("decide, then act"): Helix calls being
   * applied and what follows their result. `Bot.handle` still waits for it; transports use
   * `Bot.decide` and let it finish in the background. Its rejection is the stage's to handle.
   */
  defer(work: Promise<unknown>): void {
    this.deferredWork.push(work);
  }

  /** Resolves when every deferred piece of work has settled. */
  settled(): Promise<void> {
    return Promise.allSettled(this.deferredWork).then(() => undefined);
  }

  /** Reports a decision to the channel's decision sinks. */
  record(decision: Decision): void {
    this.channel.record(decision);
  }

  /** Sends a message to the channel (sanitised; nothing is sent when empty after that). */
  async say(text: string): Promise<void> {
    const safe = sanitizeOutgoing(text);
    if (!safe) return;
    this.sent.push(safe);
    await this.channel.actions.say(safe);
  }

  /** Replies to this message as a Twitch reply thread (sanitised). */
  async reply(text: string): Promise<void> {
    const safe = sanitizeOutgoing(text);
    if (!safe) return;
    this.sent.push(safe);
    await this.channel.actions.reply(safe, this.message.id);
  }

  /** Deletes a message of this channel (default: this message). */
  deleteMessage(messageId: string = this.message.id): Promise<ActionResult> {
    return this.channel.actions.deleteMessage(messageId);
  }

  /** Times a user out (default: the author), duration clamped to 1 s .. 14 days. */
  timeout(seconds: number, reason: string, userId: string = this.user.id): Promise<ActionResult> {
    const s = Math.min(1_209_600, Math.max(1, Math.round(seconds)));
    return this.channel.actions.timeout(userId, s, reason);
  }

  ban(reason: string, userId: string = this.user.id): Promise<ActionResult> {
    return this.channel.actions.ban(userId, reason);
  }

  unban(userId: string): Promise<ActionResult> {
    return this.channel.actions.unban(userId);
  }

  warn(reason: string, userId: string = this.user.id): Promise<ActionResult> {
    return this.channel.actions.warn(userId, reason);
  }

  getChatSettings(): Promise<ChatSettings | null> {
    return this.channel.actions.getChatSettings();
  }

  setChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult> {
    return this.channel.actions.updateChatSettings(settings);
  }
}
