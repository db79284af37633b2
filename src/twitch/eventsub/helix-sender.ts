import type { ApiClient } from '@twurple/api';
import type { Clock } from '../../bot/clock.js';
import type { Logger } from '../../bot/logger.js';
import { sanitizeOutgoing } from '../../bot/outgoing.js';
import { failureText } from '../../bot/twitch/helix-actions.js';
import { SendLimits, type SendStanding } from './send-limits.js';

/** Who a message is sent as: the app (Chat Bot badge) or the bot user. */
export type SendIdentity = 'app' | 'user';

/** Why a message did not reach chat. */
export type DropReason =
  /** Twitch answered `is_sent: false` (`code` is Twitch's `drop_reason.code`, e.g. `msg_duplicate`, `msg_slowmode`). */
  | { kind: 'twitch'; code: string; message: string }
  /** It waited in the queue longer than `maxWaitMs` (a reply to a question minutes old helps nobody). */
  | { kind: 'stale' }
  /** The queue was full; the oldest waiting message made room. */
  | { kind: 'queue-full' }
  /** Helix refused or failed (status, Twitch's message). */
  | { kind: 'error'; error: string; status?: number }
  /** The sender was closed with the message still waiting. */
  | { kind: 'closed' };

/** What happened to one message. */
export type SendResult = { sent: true; id: string; as: SendIdentity } | { sent: false; reason: DropReason };

/** Options of {@link HelixChatSender}. */
export interface HelixChatSenderOptions {
  api: ApiClient;
  /** Channel login. */
  channel: string;
  broadcasterId: () => Promise<string>;
  botUserId: string;
  /**
   * `true` when the bot may send as the app (the Chat Bot badge): an app token is available
   * (client secret configured), the bot's token has `user:bot`, and the bot moderates the channel
   * or the broadcaster granted `channel:bot`. A refusal (401/403) switches the channel to the user
   * for `appRetryMs`.
   */
  asApp: boolean;
  /** The bot's standing in the channel now (moderator, slow mode). */
  standing: () => SendStanding;
  /** Wall time for waits. */
  clock: Clock;
  log: Logger;
  /** Messages waiting before the oldest is dropped. Default 50. */
  maxQueued?: number;
  /** A message that waited longer than this is dropped (logged). Default 60000. */
  maxWaitMs?: number;
  /** Attempts after a network error or 5xx. Default 2. */
  retries?: number;
  /** First backoff after a failure, doubled per attempt. Default 1000. */
  backoffMs?: number;
  /** After Twitch refused a message as the app, how long to send as the user before trying the app again. Default 600000. */
  appRetryMs?: number;
  /** Limits of Twitch chat. Default {@link SendLimits} defaults. */
  limits?: SendLimits;
}

interface Job {
  text: string;
  replyTo: string | undefined;
  queuedAt: number;
  done: (r: SendResult) => void;
}

/**
 * Sends a channel's chat messages through Helix Send Chat Message, one at a time, as the app
 * when allowed (Chat Bot badge) or as the bot user; replies stay threaded (`reply_parent_message_id`).
 * Waits for Twitch's limits and slow mode before each message; a message Twitch drops
 * (`is_sent: false`) is logged with Twitch's reason and never retried (the same text would be
 * dropped again); network errors and 5xx are retried a bounded number of times.
 */
export class HelixChatSender {
  private readonly queue: Job[] = [];
  private running = false;
  private closed = false;
  private readonly asApp: boolean;
  /** Until when sending as the app is off after Twitch refused it (the bot may be made a moderator meanwhile). */
  private appOffUntil = 0;
  private readonly limits: SendLimits;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly o: HelixChatSenderOptions) {
    this.asApp = o.asApp;
    this.limits = o.limits ?? new SendLimits();
  }

  /** Identity of the next message. */
  get identity(): SendIdentity {
    return this.asApp && this.o.clock.now() >= this.appOffUntil ? 'app' : 'user';
  }

  /** `ChatClient.say`-compatible: the channel argument is ignored (one sender per channel). */
  async say(_channel: string, text: string, options: { replyTo?: string } = {}): Promise<void> {
    await this.send(text, options.replyTo);
  }

  /** Queues a message (sanitised again: nothing starting with `/` or `.`, at most 500 characters); resolves with its fate. */
  send(text: string, replyTo?: string): Promise<SendResult> {
    const safe = sanitizeOutgoing(text);
    if (!safe) return Promise.resolve({ sent: false, reason: { kind: 'error', error: 'empty after sanitising' } });
    if (this.closed) return Promise.resolve({ sent: false, reason: { kind: 'closed' } });
    return new Promise<SendResult>((done) => {
      const max = this.o.maxQueued ?? 50;
      if (this.queue.length >= max) {
        const dropped = this.queue.shift()!;
        this.o.log.warn('chat message dropped: send queue full', { channel: this.o.channel, max, text: preview(dropped.text) });
        dropped.done({ sent: false, reason: { kind: 'queue-full' } });
      }
      this.queue.push({ text: safe, replyTo, queuedAt: this.o.clock.now(), done });
      if (!this.running) void this.drain();
    });
  }

  /** Drops what waits (each resolves as `closed`). */
  close(): void {
    this.closed = true;
    this.cancelWait?.();
    for (const job of this.queue.splice(0)) job.done({ sent: false, reason: { kind: 'closed' } });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let job = this.queue.shift(); job && !this.closed; job = this.queue.shift()) {
        const wait = this.limits.waitMs(this.o.clock.now(), this.o.standing());
        if (wait > 0) await this.sleep(wait);
        if (this.closed) {
          job.done({ sent: false, reason: { kind: 'closed' } });
          break;
        }
        if (this.o.clock.now() - job.queuedAt > (this.o.maxWaitMs ?? 60_000)) {
          this.o.log.warn('chat message dropped: waited too long for the chat limits', { channel: this.o.channel, text: preview(job.text) });
          job.done({ sent: false, reason: { kind: 'stale' } });
          continue;
        }
        job.done(await this.deliver(job));
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(job: Job): Promise<SendResult> {
    const { api, log, channel, botUserId } = this.o;
    const retries = this.o.retries ?? 2;
    const params = job.replyTo ? { replyParentMessageId: job.replyTo } : {};
    let last: DropReason = { kind: 'error', error: 'not attempted' };
    for (let attempt = 0; attempt <= retries; attempt++) {
      const as: SendIdentity = this.identity;
      try {
        const b = await this.o.broadcasterId();
        this.limits.note(this.o.clock.now());
        const msg =
          as === 'app'
            ? await api.chat.sendChatMessageAsApp(botUserId, b, job.text, params)
            : await api.asUser(botUserId, (ctx) => ctx.chat.sendChatMessage(b, job.text, params));
        return { sent: true, id: msg.id, as };
      } catch (err) {
        const e = err as { name?: string; code?: unknown; message?: string; statusCode?: number };
        // twurple throws ChatMessageDroppedError for `is_sent: false` (code = Twitch's drop_reason.code).
        if (e?.name === 'ChatMessageDroppedError') {
          const reason: DropReason = { kind: 'twitch', code: typeof e.code === 'string' && e.code ? e.code : 'unknown', message: (e.message ?? '').replace(/^Chat message to channel \S+ dropped: /, '') };
          log.warn('chat message dropped by Twitch (not retried)', { channel, code: reason.code, reason: reason.message, text: preview(job.text), as });
          return { sent: false, reason };
        }
        const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
        last = { kind: 'error', error: failureText(err), ...(status !== undefined ? { status } : {}) };
        if (as === 'app' && (status === 401 || status === 403)) {
          // No channel:bot from the broadcaster (and not a moderator), or no user:bot: the badge is not allowed here.
          this.appOffUntil = this.o.clock.now() + (this.o.appRetryMs ?? 600_000);
          log.warn('cannot send as the app here; sending as the bot user for a while. Fix for the Chat Bot badge: make the bot a moderator, or have the broadcaster grant channel:bot (see README)', { channel, error: last.error });
          attempt--;
          continue;
        }
        const retryable = status === undefined || status === 429 || status >= 500;
        log.warn('chat message failed', { channel, status, error: last.error, retry: retryable && attempt < retries });
        if (!retryable) break;
        if (attempt < retries) await this.sleep((this.o.backoffMs ?? 1000) * 2 ** attempt);
        if (this.closed) return { sent: false, reason: { kind: 'closed' } };
      }
    }
    return { sent: false, reason: last };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.o.clock.setTimer(ms, () => {
        this.cancelWait = undefined;
        resolve();
      });
      this.cancelWait = () => {
        cancel();
        resolve();
      };
    });
  }
}

function preview(text: string): string {
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}
