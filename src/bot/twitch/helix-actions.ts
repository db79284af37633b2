import type { ApiClient, HelixUpdateChatSettingsParams } from '@twurple/api';
import type { ChatClient } from '@twurple/chat';
import type { ActionResult, ChannelActions, ChatSettings } from '../actions.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { sanitizeOutgoing } from '../outgoing.js';
import type { OwnActions } from './own-actions.js';

/** Options of {@link HelixActions}. */
export interface HelixActionsOptions {
  /** Channel login, lowercase. */
  channel: string;
  /** Resolves the channel's user id (cached by the caller). */
  broadcasterId: () => Promise<string>;
  /** The bot's user id: the moderator in every Helix call. */
  botUserId: string;
  api: ApiClient;
  chat: ChatClient;
  /** Time source of retry backoff and deadlines: wall time (a simulated clock would stall them). */
  clock: Clock;
  log: Logger;
  /** Extra attempts after a 429/5xx/network failure (twurple already retries 5xx 3 times). Default 2. */
  retries?: number;
  /** First backoff in ms, doubled each attempt. Default 1000. */
  backoffMs?: number;
  /** Gives up on one action after this many ms. Default 30000. */
  timeoutMs?: number;
  /** Where the bot's own moderation actions are noted, so their echo in chat is not taken for another moderator's. Default none. */
  own?: OwnActions;
}

/** Twitch's limit for a ban/timeout/warning reason. */
const MAX_REASON = 500;

/**
 * {@link ChannelActions} on Twitch: chat through the `ChatClient` (twurple splits and rate-limits),
 * moderation through Helix with the bot as moderator. A failure is returned as an
 * {@link ActionResult}, never thrown: 429, 5xx and network errors are retried with exponential
 * backoff (bounded by `retries` and `timeoutMs`); 401 makes twurple refresh the token and retry
 * once; 400/403/404 fail at once (not a moderator, user already banned...).
 */
export class HelixActions implements ChannelActions {
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly o: HelixActionsOptions) {
    this.retries = o.retries ?? 2;
    this.backoffMs = o.backoffMs ?? 1000;
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  /** Sends to chat, sanitised again here: nothing reaches Twitch starting with `/` or `.`, or longer than 500 characters. */
  async say(text: string): Promise<void> {
    const safe = sanitizeOutgoing(text);
    if (!safe) return;
    try {
      await this.o.chat.say(this.o.channel, safe);
    } catch (err) {
      this.o.log.warn('message not sent', { channel: this.o.channel, error: errorText(err) });
    }
  }

  /** Replies in the thread of `parentMessageId`, sanitised like {@link say}. */
  async reply(text: string, parentMessageId: string): Promise<void> {
    const safe = sanitizeOutgoing(text);
    if (!safe) return;
    try {
      await this.o.chat.say(this.o.channel, safe, { replyTo: parentMessageId });
    } catch (err) {
      this.o.log.warn('reply not sent', { channel: this.o.channel, error: errorText(err) });
    }
  }

  deleteMessage(messageId: string): Promise<ActionResult> {
    this.o.own?.note('delete', messageId);
    return this.act('deleteMessage', (api, b) => api.moderation.deleteChatMessages(b, messageId));
  }

  timeout(userId: string, seconds: number, reason: string): Promise<ActionResult> {
    const duration = Math.min(1_209_600, Math.max(1, Math.round(seconds)));
    this.o.own?.note('timeout', userId);
    return this.act('timeout', (api, b) => api.moderation.banUser(b, { user: userId, duration, reason: cut(reason) }));
  }

  ban(userId: string, reason: string): Promise<ActionResult> {
    this.o.own?.note('ban', userId);
    return this.act('ban', (api, b) => api.moderation.banUser(b, { user: userId, reason: cut(reason) }));
  }

  unban(userId: string): Promise<ActionResult> {
    this.o.own?.note('unban', userId);
    return this.act('unban', (api, b) => api.moderation.unbanUser(b, userId));
  }

  warn(userId: string, reason: string): Promise<ActionResult> {
    return this.act('warn', (api, b) => api.moderation.warnUser(b, userId, cut(reason) || 'warning'));
  }

  async getChatSettings(): Promise<ChatSettings | null> {
    let settings: ChatSettings | null = null;
    const r = await this.act('getChatSettings', async (api, b) => {
      const s = await api.chat.getSettings(b);
      settings = {
        followerOnly: s.followerOnlyModeEnabled,
        followerOnlyDelayMinutes: s.followerOnlyModeDelay ?? 0,
        slow: s.slowModeEnabled,
        slowDelaySeconds: s.slowModeDelay ?? 30,
        uniqueChat: s.uniqueChatModeEnabled,
        emoteOnly: s.emoteOnlyModeEnabled,
        subscriberOnly: s.subscriberOnlyModeEnabled,
      };
    });
    return r.ok ? settings : null;
  }

  updateChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult> {
    const p: HelixUpdateChatSettingsParams = {};
    if (settings.followerOnly !== undefined) p.followerOnlyModeEnabled = settings.followerOnly;
    if (settings.followerOnlyDelayMinutes !== undefined) p.followerOnlyModeDelay = settings.followerOnlyDelayMinutes;
    if (settings.slow !== undefined) p.slowModeEnabled = settings.slow;
    if (settings.slowDelaySeconds !== undefined && settings.slow !== false) p.slowModeDelay = Math.min(120, Math.max(3, Math.round(settings.slowDelaySeconds)));
    if (settings.uniqueChat !== undefined) p.uniqueChatModeEnabled = settings.uniqueChat;
    if (settings.emoteOnly !== undefined) p.emoteOnlyModeEnabled = settings.emoteOnly;
    if (settings.subscriberOnly !== undefined) p.subscriberOnlyModeEnabled = settings.subscriberOnly;
    return this.act('updateChatSettings', (api, b) => api.chat.updateSettings(b, p));
  }

  /** Runs one Helix call as the bot, with bounded retries and an overall deadline. */
  private async act(name: string, call: (api: ApiClient, broadcasterId: string) => Promise<unknown>): Promise<ActionResult> {
    const { clock, log, channel } = this.o;
    const deadline = clock.now() + this.timeoutMs;
    let last: ActionResult = { ok: false, error: 'not attempted' };
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const left = deadline - clock.now();
      if (left <= 0) break;
      try {
        const b = await this.o.broadcasterId();
        await withDeadline(
          this.o.api.asUser(this.o.botUserId, (ctx) => call(ctx as ApiClient, b)),
          left,
          clock,
        );
        if (attempt > 0) log.info('helix call succeeded after retry', { channel, action: name, attempt });
        return { ok: true };
      } catch (err) {
        last = toFailure(err);
        const retryable = last.ok === false && (last.status === undefined || last.status === 429 || last.status >= 500);
        log.warn('helix call failed', { channel, action: name, attempt, status: last.ok ? undefined : last.status, error: last.ok ? undefined : last.error, retry: retryable && attempt < this.retries });
        if (!retryable || (err as Error)?.name === 'DeadlineError') break;
        if (attempt < this.retries) await sleep(clock, Math.min(this.backoffMs * 2 ** attempt, Math.max(0, deadline - clock.now())));
      }
    }
    return last;
  }
}

function cut(reason: string): string {
  const chars = Array.from(reason.replace(/[\u0000-\u001f\u007f]/g, ' ').trim());
  return chars.length > MAX_REASON ? chars.slice(0, MAX_REASON - 1).join('') + '…' : chars.join('');
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer from Helix within ${Math.round(ms)} ms`);
    this.name = 'DeadlineError';
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, clock: Clock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = clock.setTimer(ms, () => reject(new DeadlineError(ms)));
    p.then(
      (v) => {
        cancel();
        resolve(v);
      },
      (e) => {
        cancel();
        reject(e);
      },
    );
  });
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((r) => clock.setTimer(ms, r));
}

/** An ActionResult from twurple's error (HttpStatusCodeError carries status and Twitch's JSON body). */
function toFailure(err: unknown): ActionResult {
  const e = err as { statusCode?: unknown; body?: unknown; message?: unknown; name?: unknown };
  if (typeof e?.statusCode === 'number') {
    const detail = twitchMessage(e.body);
    return { ok: false, status: e.statusCode, error: `HTTP ${e.statusCode}${detail ? ': ' + detail : ''}` };
  }
  return { ok: false, error: errorText(err) };
}

/** Twitch's `message` (or `error`) from the body of a failed call (twurple's `HttpStatusCodeError.body`); '' when none. */
export function twitchMessage(body: unknown): string {
  if (typeof body !== 'string') return '';
  try {
    const b = JSON.parse(body) as { message?: unknown; error?: unknown };
    return String(b.message ?? b.error ?? '');
  } catch {
    return body.slice(0, 200);
  }
}

/** One line saying why a twurple call failed (status and Twitch's message; never the request URL, which may hold tokens). */
export function failureText(err: unknown): string {
  const f = toFailure(err);
  return f.ok ? 'ok' : f.error;
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}
