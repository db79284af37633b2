import type { ActionResult, ChannelActions, ChatSettings } from '../actions.js';
import type { Logger } from '../logger.js';
import { sanitizeOutgoing } from '../outgoing.js';
import type { EffectOutcome, EffectQueue } from './effect-queue.js';
import type { EffectTransport, ModerationRequest } from './transport.js';

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
  constructor(private readonly o: QueuedActionsOptions) {}

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
    return out.ok && out.value ? out.value : null;
  }

  updateChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult> {
    return this.moderate({ kind: 'updateChatSettings', settings });
  }

  private async moderate(request: ModerationRequest): Promise<ActionResult> {
    const out = await this.submit(request);
    if (out.ok) return { ok: true };
    return { ok: false, ...(out.status !== undefined ? { status: out.status } : {}), error: out.reason === 'failed' ? out.error : `${out.reason}: ${out.error}` };
  }

  private submit(request: ModerationRequest): Promise<EffectOutcome<ChatSettings | void>> {
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
