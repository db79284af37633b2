import { DEFAULT_CHAT_SETTINGS, type ActionResult, type ChannelActions, type ChatSettings, type StreamInfo } from './actions.js';

/** One call made on {@link RecordingActions}. */
export type RecordedCall =
  | { kind: 'say'; text: string }
  | { kind: 'reply'; text: string; parentMessageId: string }
  | { kind: 'deleteMessage'; messageId: string }
  | { kind: 'timeout'; userId: string; seconds: number; reason: string }
  | { kind: 'ban'; userId: string; reason: string }
  | { kind: 'unban'; userId: string }
  | { kind: 'warn'; userId: string; reason: string }
  | { kind: 'updateChatSettings'; settings: Partial<ChatSettings> };

/**
 * Channel actions that only record what was asked (replays, tests). Every moderation call
 * succeeds unless `fail` says otherwise; chat settings are kept in memory.
 */
export class RecordingActions implements ChannelActions {
  readonly calls: RecordedCall[] = [];
  /** Chat settings as the recorder currently holds them. */
  settings: ChatSettings = { ...DEFAULT_CHAT_SETTINGS };

  /** What `getStreamInfo` answers (null: unknown). Default: live, no title or category. */
  stream: StreamInfo | null = { live: true };
  /** Account creation times by user id, for `getUserCreatedAt`. */
  readonly accountCreatedAt = new Map<string, number>();

  /** When set, moderation calls of these kinds return this failure. */
  fail: { kinds: ReadonlySet<RecordedCall['kind']>; result: ActionResult } | undefined;

  private result(kind: RecordedCall['kind']): ActionResult {
    return this.fail && this.fail.kinds.has(kind) ? this.fail.result : { ok: true };
  }

  /** Calls of one kind. */
  of<K extends RecordedCall['kind']>(kind: K): Extract<RecordedCall, { kind: K }>[] {
    return this.calls.filter((c): c is Extract<RecordedCall, { kind: K }> => c.kind === kind);
  }

  async say(text: string): Promise<void> {
    this.calls.push({ kind: 'say', text });
  }

  async reply(text: string, parentMessageId: string): Promise<void> {
    this.calls.push({ kind: 'reply', text, parentMessageId });
  }

  async deleteMessage(messageId: string): Promise<ActionResult> {
    this.calls.push({ kind: 'deleteMessage', messageId });
    return this.result('deleteMessage');
  }

  async timeout(userId: string, seconds: number, reason: string): Promise<ActionResult> {
    this.calls.push({ kind: 'timeout', userId, seconds, reason });
    return this.result('timeout');
  }

  async ban(userId: string, reason: string): Promise<ActionResult> {
    this.calls.push({ kind: 'ban', userId, reason });
    return this.result('ban');
  }

  async unban(userId: string): Promise<ActionResult> {
    this.calls.push({ kind: 'unban', userId });
    return this.result('unban');
  }

  async warn(userId: string, reason: string): Promise<ActionResult> {
    this.calls.push({ kind: 'warn', userId, reason });
    return this.result('warn');
  }

  async getChatSettings(): Promise<ChatSettings | null> {
    return { ...this.settings };
  }

  async updateChatSettings(settings: Partial<ChatSettings>): Promise<ActionResult> {
    this.calls.push({ kind: 'updateChatSettings', settings });
    const r = this.result('updateChatSettings');
    if (r.ok) this.settings = { ...this.settings, ...settings };
    return r;
  }

  async getStreamInfo(): Promise<StreamInfo | null> {
    return this.stream ? { ...this.stream } : null;
  }

  async getUserCreatedAt(userId: string): Promise<number | undefined> {
    return this.accountCreatedAt.get(userId);
  }
}
