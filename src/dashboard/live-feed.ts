import type { ChatContext } from '../chat/context.js';
import type { Decision } from '../chat/decisions.js';
import type { EvidenceItem, ModerationStore } from '../moderation/moderation-store.js';

/** A decision as the Live page shows it, inline under its message. */
export interface LiveDecision {
  kind: Decision['kind'];
  /** Moderation: the moderation log row (enforce/undo act on it). */
  logId?: number;
  filter?: string;
  score?: number;
  action?: string;
  duration?: number;
  reason?: string;
  enforced?: boolean;
  helixOk?: boolean;
  /** Moderation: the messages that justify it, with their text. */
  evidence?: EvidenceItem[];
  /** FAQ: entry and answer. */
  entry?: string;
  answer?: string;
  /** Command name and what the bot answered. */
  command?: string;
  response?: string | null;
  /** What a moderator did about it from the dashboard, e.g. `enforced by alice`, `lifted by bob`. */
  followUp?: string;
}

/** A chat message with what the bot decided about it. */
export interface LiveMessage {
  id: string;
  channel: string;
  time: number;
  userId: string;
  login: string;
  displayName: string;
  roles: string[];
  text: string;
  decisions: LiveDecision[];
}

/** Messages kept per channel for a page that opens (newest last). */
const KEEP = 300;
/** Decisions waiting for their message to finish the pipeline, at most. */
const MAX_PENDING = 2000;

/**
 * The Live page's data: every handled chat message with its decisions, per channel, bounded.
 * Decisions are recorded while a message is still in the pipeline, so they wait in `pending`
 * until the message is handled; a decision about an earlier message (a flood's first copies)
 * updates that message. Each change is pushed to `listeners` (the WebSocket).
 */
export class LiveFeed {
  private readonly channels = new Map<string, LiveMessage[]>();
  private readonly pending = new Map<string, LiveDecision[]>();
  private readonly listeners = new Set<(m: LiveMessage) => void>();

  constructor(private readonly moderation: ModerationStore | undefined) {}

  /** Subscribes to new and updated messages; returns the unsubscribe function. */
  onChange(fn: (m: LiveMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Recent messages of a channel, oldest first. */
  recent(channel: string): readonly LiveMessage[] {
    return this.channels.get(channel) ?? [];
  }

  /** A recent message by id. */
  find(channel: string, messageId: string): LiveMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.id === messageId);
  }

  /** A message went through the whole pipeline. */
  handled(ctx: ChatContext): void {
    const m = ctx.message;
    const key = `${ctx.channel.name}\u0000${m.id}`;
    const decisions = this.pending.get(key) ?? [];
    this.pending.delete(key);
    const live: LiveMessage = {
      id: m.id,
      channel: ctx.channel.name,
      time: m.timestamp,
      userId: m.user.id,
      login: m.user.login,
      displayName: m.user.displayName,
      roles: [...m.user.roles],
      text: m.text,
      decisions,
    };
    let list = this.channels.get(live.channel);
    if (!list) this.channels.set(live.channel, (list = []));
    list.push(live);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    this.emit(live);
  }

  /** A decision of any module. */
  decision(d: Decision): void {
    const live = this.toLive(d);
    const known = this.find(d.channel, d.messageId);
    if (known) {
      known.decisions.push(live);
      this.emit(known);
      return;
    }
    const key = `${d.channel}\u0000${d.messageId}`;
    const list = this.pending.get(key) ?? [];
    list.push(live);
    this.pending.set(key, list);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }

  /** Notes a moderator's follow-up on a logged decision (enforced, lifted...). */
  followUp(channel: string, messageId: string, logId: number, text: string, changes: Partial<LiveDecision> = {}): void {
    const m = this.find(channel, messageId);
    const d = m?.decisions.find((x) => x.logId === logId);
    if (!m || !d) return;
    Object.assign(d, changes, { followUp: text });
    this.emit(m);
  }

  private toLive(d: Decision): LiveDecision {
    if (d.kind === 'faq') return { kind: 'faq', entry: d.entry, score: d.score, answer: d.answer };
    if (d.kind === 'command') return { kind: 'command', command: d.command, response: d.response };
    const row = this.moderation?.logOfMessage(d.channel, d.messageId, d.filter);
    return {
      kind: 'moderation',
      ...(row ? { logId: row.id, evidence: row.evidence } : { evidence: d.evidence.map((id) => ({ id, text: '' })) }),
      filter: d.filter,
      score: d.score,
      action: d.action,
      ...(d.duration !== undefined ? { duration: d.duration } : {}),
      reason: d.reason,
      enforced: d.enforced,
      ...(d.helixOk !== undefined ? { helixOk: d.helixOk } : {}),
    };
  }

  private emit(m: LiveMessage): void {
    for (const fn of this.listeners) fn(m);
  }
}
