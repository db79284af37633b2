import { callTwitchApiRaw, type TwitchApiCallOptions } from '@twurple/api-call';
import type { AuthProvider } from '@twurple/auth';
import type { Clock } from '../../chat/clock.js';
import type { AttemptFailure } from '../../bot/effects/effect-queue.js';
import type { EffectTransport, ModerationAnswer, ModerationRequest } from '../../bot/effects/transport.js';
import type { Logger } from '../../chat/logger.js';
import { sanitizeOutgoing } from '../../chat/outgoing.js';
import { twitchMessage } from '../helix-errors.js';
import { HelixHttpError, HelixTransport, retryAfterMs } from '../helix-transport.js';
import { SendLimits, type SendStanding } from './send-limits.js';

/** Who a message is sent as: the app (Chat Bot badge) or the bot user. */
export type SendIdentity = 'app' | 'user';

/** Twitch answered `is_sent: false`: logged with Twitch's reason, never retried (the same text would be dropped again). */
export class ChatDroppedError extends Error {
  override readonly name = 'ChatDroppedError';
  constructor(
    /** Twitch's `drop_reason.code`, e.g. `msg_duplicate`, `msg_slowmode`, `msg_emoteonly`. */
    readonly code: string,
    readonly detail: string,
  ) {
    super(`dropped by Twitch: ${code}${detail ? ` (${detail})` : ''}`);
  }
}

/** Options of {@link HelixChatTransport}. */
export interface HelixChatTransportOptions {
  authProvider: AuthProvider;
  botUserId: string;
  broadcasterId: (channel: string, signal: AbortSignal) => Promise<string>;
  /**
   * Send as the app (Chat Bot badge): an app token is available (client secret) and the bot's
   * token has `user:bot`; per channel, the bot moderates it or the broadcaster granted
   * `channel:bot`. A 401/403 as the app switches the channel to the user for `appRetryMs`.
   */
  asApp: boolean;
  /** The bot's standing in a channel now (moderator, slow mode). */
  standing: (channel: string) => SendStanding;
  /** Wall time (limit waits). */
  clock: Clock;
  log: Logger;
  /** After Twitch refused the app in a channel, how long to send as the user there. Default 600000. */
  appRetryMs?: number;
}

/**
 * The EventSub transport's side of the effect queues: moderation as the IRC transport does it
 * ({@link HelixTransport}), chat through Helix Send Chat Message, ONE attempt per call (the queue
 * retries, sheds and enforces deadlines). Before each message it waits, abortably, for Twitch's
 * per-channel limits (20 or 100 per 30 s, 1 s between messages and slow mode unless moderator);
 * replies keep their thread (`reply_parent_message_id`).
 */
export class HelixChatTransport implements EffectTransport {
  private readonly helix: HelixTransport;
  private readonly limits = new Map<string, SendLimits>();
  private readonly appOffUntil = new Map<string, number>();

  constructor(private readonly o: HelixChatTransportOptions) {
    this.helix = new HelixTransport({ authProvider: o.authProvider, botUserId: o.botUserId, broadcasterId: o.broadcasterId });
  }

  /** Who the next message of a channel is sent as. */
  identity(channel: string): SendIdentity {
    return this.o.asApp && this.o.clock.now() >= (this.appOffUntil.get(channel) ?? 0) ? 'app' : 'user';
  }

  moderate(channel: string, request: ModerationRequest, signal: AbortSignal): Promise<ModerationAnswer> {
    return this.helix.moderate(channel, request, signal);
  }

  userIdOf(login: string, signal: AbortSignal): Promise<string> {
    return this.helix.userIdOf(login, signal);
  }

  async send(channel: string, text: string, replyTo: string | undefined, signal: AbortSignal): Promise<void> {
    const safe = sanitizeOutgoing(text);
    if (!safe || signal.aborted) return;
    let limits = this.limits.get(channel);
    if (!limits) this.limits.set(channel, (limits = new SendLimits()));
    const wait = limits.waitMs(this.o.clock.now(), this.o.standing(channel));
    if (wait > 0) await abortableSleep(this.o.clock, wait, signal);
    const b = await this.o.broadcasterId(channel, signal);
    const as = this.identity(channel);
    // Ids in the query and the text in the body, as twurple's sendChatMessage does
    const query = { broadcaster_id: b, sender_id: this.o.botUserId };
    const body: Record<string, unknown> = { message: safe };
    if (replyTo) body['reply_parent_message_id'] = replyTo;
    limits.note(this.o.clock.now());
    try {
      await this.post(as, query, body, signal, channel, safe);
    } catch (err) {
      if (as === 'app' && err instanceof HelixHttpError && (err.status === 401 || err.status === 403)) {
        // No channel:bot from the broadcaster and not a moderator (or no user:bot): no badge here for now
        this.appOffUntil.set(channel, this.o.clock.now() + (this.o.appRetryMs ?? 600_000));
        this.o.log.warn(
          'cannot send as the app here; sending as the bot user for a while. Fix for the Chat Bot badge: make the bot a moderator, or have the broadcaster grant channel:bot (see README)',
          { channel, error: err.message },
        );
        await this.post('user', query, body, signal, channel, safe);
        return;
      }
      throw err;
    }
  }

  classify(err: unknown): AttemptFailure {
    if (err instanceof ChatDroppedError) return { retryable: false, error: err.message };
    return this.helix.classify(err);
  }

  /** One Send Chat Message request; `is_sent: false` becomes a logged {@link ChatDroppedError}. */
  private async post(
    as: SendIdentity,
    query: Record<string, string>,
    body: Record<string, unknown>,
    signal: AbortSignal,
    channel: string,
    text: string,
  ): Promise<void> {
    const answer = (await this.call(as, { url: 'chat/messages', method: 'POST', query, jsonBody: body }, signal)) as {
      data?: { message_id?: string; is_sent?: boolean; drop_reason?: { code?: string; message?: string } | null }[];
    };
    const r = answer?.data?.[0];
    if (r && r.is_sent === false) {
      const code = r.drop_reason?.code || 'unknown';
      const message = r.drop_reason?.message ?? '';
      this.o.log.warn('chat message dropped by Twitch (not retried)', {
        channel,
        code,
        reason: message,
        text: text.length > 80 ? text.slice(0, 79) + '…' : text,
        as,
      });
      throw new ChatDroppedError(code, message);
    }
  }

  /** One Helix request with the app token or the bot's user token; a 401 refreshes the token once. */
  private async call(as: SendIdentity, options: TwitchApiCallOptions, signal: AbortSignal): Promise<unknown> {
    const { authProvider, botUserId } = this.o;
    const tokenOf = async (refresh: boolean): Promise<string> => {
      if (as === 'app') {
        if (!authProvider.getAppAccessToken) throw new Error('the auth provider cannot get app tokens (no client secret)');
        return (await authProvider.getAppAccessToken(refresh)).accessToken;
      }
      const t =
        refresh && authProvider.refreshAccessTokenForUser
          ? await authProvider.refreshAccessTokenForUser(botUserId)
          : await authProvider.getAccessTokenForUser(botUserId);
      if (!t) throw new Error('no token for the bot account');
      return t.accessToken;
    };
    let res = await callTwitchApiRaw(options, authProvider.clientId, await tokenOf(false), undefined, { signal });
    if (res.status === 401) res = await callTwitchApiRaw(options, authProvider.clientId, await tokenOf(true), undefined, { signal });
    const text = await res.text();
    if (!res.ok) throw new HelixHttpError(res.status, twitchMessage(text), res.status === 429 ? retryAfterMs(res.headers) : undefined);
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}

function abortableSleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(Object.assign(new Error('aborted while waiting for the chat limits'), { name: 'AbortError' }));
    };
    const cancel = clock.setTimer(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
