import type { ActionResult, ChannelActions, ChatSettings, StreamInfo } from '../../chat/actions.js';
import type { Clock } from '../../chat/clock.js';
import type { Logger } from '../../chat/logger.js';
import { sanitizeOutgoing } from '../../chat/outgoing.js';
import type { EffectOutcome, EffectQueue } from './effect-queue.js';
import type { EffectTransport, ModerationAnswer, ModerationRequest } from './transport.js';

/** Lane names used by {@link QueuedActions}. */
export const HELIX_LANE = 'helix';
export const CHAT_LANE = 'chat';

/** Options of {@link QueuedActions}. */
export interface QueuedActionsOptions {
  /** Channel login, lowercase. */
  channel: string;
  queue: EffectQueue;
  transport: EffectTransport;
  log: Logger;
  /** Deadline of a moderation call in ms. Default: the helix lane's. */
  moderationDeadlineMs?: number;
  /** Deadline of a chat message in ms (a late answer is worth nothing). Default: the chat lane's. */
  chatDeadlineMs?: number;
  /** Time of the stream-status cache (the bot's clock, so a simulated clock expires it too). Default: wall time. */
  cacheClock?: Clock;
  /** How long a stream status is reused before Helix is asked again, ms. Default 60000. */
  streamCacheMs?: number;
  /** Deadline of a lookup (stream status, account age) in ms: a command waiting for it must not hang. Default 3000. */
  lookupDeadlineMs?: number;
  /** Told of each moderation call when it is queued (the transport tells its echo in chat from other moderators'). Default none. */
  onModerate?: (request: ModerationRequest) => void;
}

/** Twitch's limit for a ban/timeout/warning reason. */
const MAX_REASON = 500;

/**
 * {@link ChannelActions} through the effect queues. Chat messages return as soon as they are
 * queued, so the pipeline never waits for the send budget: replies are sheddable and identical
 * waiting replies of a channel are coalesced into one; announcements (`say`) are kept. Moderation
 * calls resolve with their {@link ActionResult} once applied, failed or past their deadline.
 */
export class QueuedActions implements ChannelActions {
  /** Last stream status and when it was fetched (timers and `${uptime}` ask often; Helix need not). */
  private stream: { at: number; info: Promise<StreamInfo | null> } | undefined;
  /** Account creation times by user id (they never change). */
  private readonly createdAt = new Map<string, number>();

  constructor(private readonly o: QueuedActionsOptions) {}

  /** Live status, title and category (cached `streamCacheMs`; a failure is not cached). */
  getStreamInfo(): Promise<StreamInfo | null> {
    const now = this.o.cacheClock?.now() ?? Date.now();
    if (this.stream && now - this.stream.at < (this.o.streamCacheMs ?? 60_000)) return this.stream.info;
    const info = this.lookup({ kind: 'getStreamInfo' }).then((v) => (v && typeof v === 'object' && 'live' in v ? v : null));
    this.stream = { at: now, info };
    void info.then((i) => {
      if (i === null && this.stream?.info === info) this.stream = undefined;
    });
    return info;
  }

  /** Account creation time (cached for good). */
  async getUserCreatedAt(userId: string): Promise<number | undefined> {
    const known = this.createdAt.get(userId);
    if (known !== undefined) return known;
    const at = await this.lookup({ kind: 'getUserCreatedAt', userId });
    if (typeof at !== 'number') return undefined;
    if (this.createdAt.size > 50_000) this.createdAt.clear();
    this.createdAt.set(userId, at);
    return at;
  }

  say(text: string): Promise<void> {
    this.chat(text, undefined, 'announcement');
    return Promise.resolve();
  }

  reply(text: string, parentMessageId: string): Promise<void> {
    this.chat(text, parentMessageId, 'reply');
    return Promise.resolve();
  }

  deleteMessage(messageId: string): Promise<ActionResult> {
    return this.moderate({ kind: 'deleteMessage', messageId });
  }

  timeout(userId: string, seconds: number, reason: string): Promise<ActionResult> {
    return this.moderate({ kind: 'timeout', userId, seconds: Math.min(1_209_600, Math.max(1, Math.round(seconds))), reason: cut(reason) });
  }

  ban(userId: string, reason: string): Promise<ActionResult> {
    return this.moderate({ kind: 'ban', userId, reason: cut(reason) });
  }

  unban(userId: string): Promise<ActionResult> {
    return this.moderate({ kind: 'unban', userId });
  }

  warn(userId: string, reason: string): Promise<ActionResult> {
    return this.moderate({ kind: 'warn', userId, reason: cut(reason) || 'warning' });
  }

  async getChatSettings(): Promise<ChatSettings | null> {
    const out = await this.submit({ kind: 'getChatSettings' });
    return out.ok && out.value && typeof out.value === 'object' && 'slow' in out.value ? out.value : null;
  }

  updateChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult> {
    return this.moderate({ kind: 'updateChatSettings', settings });
  }

  private async moderate(request: ModerationRequest): Promise<ActionResult> {
    const out = await this.submit(request);
    if (out.ok) return { ok: true };
    return {
      ok: false,
      ...(out.status !== undefined ? { status: out.status } : {}),
      error: out.reason === 'failed' ? out.error : `${out.reason}: ${out.error}`,
    };
  }

  /** A read-only Helix lookup: after moderation, with a short deadline; undefined on failure. */
  private async lookup(request: ModerationRequest): Promise<ModerationAnswer> {
    const { channel, queue, transport } = this.o;
    const out = await queue.submit({
      lane: HELIX_LANE,
      priority: 'announcement',
      label: request.kind,
      channel,
      deadlineMs: this.o.lookupDeadlineMs ?? 3000,
      run: (signal) => transport.moderate(channel, request, signal),
    });
    return out.ok ? out.value : undefined;
  }

  private submit(request: ModerationRequest): Promise<EffectOutcome<ModerationAnswer>> {
    const { channel, queue, transport } = this.o;
    this.o.onModerate?.(request);
    return queue.submit({
      lane: HELIX_LANE,
      priority: 'moderation',
      label: request.kind,
      channel,
      ...(this.o.moderationDeadlineMs !== undefined ? { deadlineMs: this.o.moderationDeadlineMs } : {}),
      run: (signal) => transport.moderate(channel, request, signal),
    });
  }

  /** Queues a chat message; its outcome is logged, never awaited by the pipeline. */
  private chat(text: string, replyTo: string | undefined, priority: 'announcement' | 'reply'): void {
    const safe = sanitizeOutgoing(text);
    if (!safe) return;
    const { channel, queue, transport, log } = this.o;
    void queue
      .submit({
        lane: CHAT_LANE,
        priority,
        label: priority,
        channel,
        ...(this.o.chatDeadlineMs !== undefined ? { deadlineMs: this.o.chatDeadlineMs } : {}),
        // The same answer waiting in the same channel goes out once (twenty `!commands` -> one reply)
        ...(priority === 'reply' ? { coalesceKey: `${channel}\u0000${safe}`, sheddable: true } : {}),
        run: (signal) => transport.send(channel, safe, replyTo, signal),
      })
      .then((out) => {
        // Counted in the queue's summary line; per message only at debug level
        if (!out.ok && out.reason !== 'closed') log.debug('chat message not sent', { channel, reason: out.reason, error: out.error });
      });
  }
}

function cut(reason: string): string {
  const chars = Array.from(reason.replace(/[\u0000-\u001f\u007f]/g, ' ').trim());
  return chars.length > MAX_REASON ? chars.slice(0, MAX_REASON - 1).join('') + '…' : chars.join('');
}
