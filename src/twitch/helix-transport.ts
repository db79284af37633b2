import { callTwitchApiRaw, type TwitchApiCallOptions } from '@twurple/api-call';
import type { AuthProvider } from '@twurple/auth';
import type { ChatClient } from '@twurple/chat';
import type { StreamInfo } from '../chat/actions.js';
import type { AttemptFailure } from '../bot/effects/effect-queue.js';
import type { EffectTransport, ModerationAnswer, ModerationRequest } from '../bot/effects/transport.js';
import { sanitizeOutgoing } from '../chat/outgoing.js';
import { twitchMessage } from './helix-errors.js';

declare module '@twurple/api-call' {
  // twurple's documented way to type the fetch options it passes on (here: the AbortSignal)
  interface TwitchApiCallFetchOptions {
    signal?: AbortSignal;
  }
}

/** Options of {@link HelixTransport}. */
export interface HelixTransportOptions {
  authProvider: AuthProvider;
  /** The bot's user id: the moderator in every call. */
  botUserId: string;
  /** Channel id of a channel login (cached by the caller; may call Helix once). */
  broadcasterId: (channel: string, signal: AbortSignal) => Promise<string>;
  chat: ChatClient;
}

/** A Helix answer that is not a success, with what the retry policy needs. */
export class HelixHttpError extends Error {
  override readonly name = 'HelixHttpError';
  constructor(
    readonly status: number,
    /** Twitch's `message` from the body ('' when none). */
    readonly detail: string,
    /** From `Ratelimit-Reset`/`Retry-After` on a 429, in ms from now. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}${detail ? ': ' + detail : ''}`);
  }
}

/**
 * The Twitch side of the effect queues: ONE attempt per call, cancelled by the queue's
 * `AbortSignal`. Helix is called with `@twurple/api-call`'s `callTwitchApiRaw` (same URLs, sandbox
 * redirection and headers as `ApiClient`) rather than `ApiClient`, because `ApiClient` retries 5xx
 * three times and waits out 429s in its rate limiter with no way to cancel a request: an abandoned
 * call would go on in the background past its deadline. A 401 refreshes the token once (like
 * `ApiClient`). Chat goes through twurple's `ChatClient` (its rate limiter is the last guard; the
 * chat lane's budget keeps below it).
 */
export class HelixTransport implements EffectTransport {
  constructor(private readonly o: HelixTransportOptions) {}

  async moderate(channel: string, r: ModerationRequest, signal: AbortSignal): Promise<ModerationAnswer> {
    if (r.kind === 'getUserCreatedAt') {
      const body = (await this.call({ url: 'users', method: 'GET', query: { id: r.userId } }, signal)) as { data?: { created_at?: string }[] };
      const at = Date.parse(body?.data?.[0]?.created_at ?? '');
      return Number.isFinite(at) ? at : undefined;
    }
    const b = await this.o.broadcasterId(channel, signal);
    const mod = this.o.botUserId;
    const q = { broadcaster_id: b, moderator_id: mod };
    switch (r.kind) {
      case 'deleteMessage':
        await this.call({ url: 'moderation/chat', method: 'DELETE', query: { ...q, message_id: r.messageId } }, signal);
        return;
      case 'timeout':
        await this.call(
          { url: 'moderation/bans', method: 'POST', query: q, jsonBody: { data: { user_id: r.userId, duration: r.seconds, reason: r.reason } } },
          signal,
        );
        return;
      case 'ban':
        await this.call({ url: 'moderation/bans', method: 'POST', query: q, jsonBody: { data: { user_id: r.userId, reason: r.reason } } }, signal);
        return;
      case 'unban':
        await this.call({ url: 'moderation/bans', method: 'DELETE', query: { ...q, user_id: r.userId } }, signal);
        return;
      case 'warn':
        await this.call({ url: 'moderation/warnings', method: 'POST', query: q, jsonBody: { data: { user_id: r.userId, reason: r.reason } } }, signal);
        return;
      case 'getChatSettings': {
        const body = (await this.call({ url: 'chat/settings', method: 'GET', query: q }, signal)) as { data?: HelixChatSettings[] };
        const s = body?.data?.[0];
        if (!s) throw new HelixHttpError(502, 'no chat settings in the answer', undefined);
        return {
          followerOnly: !!s.follower_mode,
          followerOnlyDelayMinutes: s.follower_mode_duration ?? 0,
          slow: !!s.slow_mode,
          slowDelaySeconds: s.slow_mode_wait_time ?? 30,
          uniqueChat: !!s.unique_chat_mode,
          emoteOnly: !!s.emote_mode,
          subscriberOnly: !!s.subscriber_mode,
        };
      }
      case 'getStreamInfo': {
        const [streams, channels] = (await Promise.all([
          this.call({ url: 'streams', method: 'GET', query: { user_id: b } }, signal),
          this.call({ url: 'channels', method: 'GET', query: { broadcaster_id: b } }, signal),
        ])) as [{ data?: { started_at?: string; game_name?: string; title?: string }[] }, { data?: { game_name?: string; title?: string }[] }];
        const stream = streams?.data?.[0];
        const ch = channels?.data?.[0];
        const info: StreamInfo = { live: stream !== undefined };
        const started = Date.parse(stream?.started_at ?? '');
        if (stream && Number.isFinite(started)) info.startedAt = started;
        const game = stream?.game_name || ch?.game_name;
        const title = stream?.title || ch?.title;
        if (game) info.game = game;
        if (title) info.title = title;
        return info;
      }
      case 'updateChatSettings': {
        const s = r.settings;
        const body: Record<string, unknown> = {};
        if (s.followerOnly !== undefined) body['follower_mode'] = s.followerOnly;
        if (s.followerOnlyDelayMinutes !== undefined) body['follower_mode_duration'] = s.followerOnlyDelayMinutes;
        if (s.slow !== undefined) body['slow_mode'] = s.slow;
        if (s.slowDelaySeconds !== undefined && s.slow !== false) body['slow_mode_wait_time'] = Math.min(120, Math.max(3, Math.round(s.slowDelaySeconds)));
        if (s.uniqueChat !== undefined) body['unique_chat_mode'] = s.uniqueChat;
        if (s.emoteOnly !== undefined) body['emote_mode'] = s.emoteOnly;
        if (s.subscriberOnly !== undefined) body['subscriber_mode'] = s.subscriberOnly;
        await this.call({ url: 'chat/settings', method: 'PATCH', query: q, jsonBody: body }, signal);
        return;
      }
    }
  }

  async send(channel: string, text: string, replyTo: string | undefined, signal: AbortSignal): Promise<void> {
    // Sanitised again here: nothing reaches Twitch starting with `/` or `.`, or over 500 characters.
    const safe = sanitizeOutgoing(text);
    if (!safe || signal.aborted) return;
    await this.o.chat.say(channel, safe, replyTo ? { replyTo } : undefined);
  }

  classify(err: unknown): AttemptFailure {
    if (err instanceof HelixHttpError) {
      const retryable = err.status === 429 || err.status >= 500;
      return { retryable, status: err.status, error: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
    }
    const e = err as { name?: unknown; message?: unknown };
    const name = typeof e?.name === 'string' ? e.name : '';
    const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 300) : String(err);
    if (name === 'AbortError' || name === 'TimeoutError') return { retryable: false, error: 'aborted at the deadline' };
    // Network errors, and a token that cannot be refreshed right now (the auth monitor heals it)
    return { retryable: true, error: `${name || 'Error'}: ${message}` };
  }

  /** User id of a login (one `GET users` attempt). */
  async userIdOf(login: string, signal: AbortSignal): Promise<string> {
    const body = (await this.call({ url: 'users', method: 'GET', query: { login } }, signal)) as { data?: { id: string }[] };
    const id = body?.data?.[0]?.id;
    if (!id) throw new HelixHttpError(404, `channel ${login} does not exist on Twitch`, undefined);
    return id;
  }

  /** One Helix request as the bot; a 401 refreshes the token and tries once more. */
  private async call(options: TwitchApiCallOptions, signal: AbortSignal): Promise<unknown> {
    const { authProvider, botUserId } = this.o;
    let token = await authProvider.getAccessTokenForUser(botUserId);
    if (!token) throw new Error('no token for the bot account');
    let res = await callTwitchApiRaw(options, authProvider.clientId, token.accessToken, undefined, { signal });
    if (res.status === 401 && authProvider.refreshAccessTokenForUser) {
      token = await authProvider.refreshAccessTokenForUser(botUserId);
      res = await callTwitchApiRaw(options, authProvider.clientId, token.accessToken, undefined, { signal });
    }
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

interface HelixChatSettings {
  emote_mode?: boolean;
  follower_mode?: boolean;
  follower_mode_duration?: number | null;
  slow_mode?: boolean;
  slow_mode_wait_time?: number | null;
  subscriber_mode?: boolean;
  unique_chat_mode?: boolean;
}

/** Wait asked by a 429: `Retry-After` (seconds) or `Ratelimit-Reset` (epoch seconds, Twitch's). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const after = headers.get('retry-after');
  if (after !== null && after.trim() !== '' && Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const reset = Number(headers.get('ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}
