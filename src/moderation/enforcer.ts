import type { ActionResult } from '../chat/actions.js';
import type { ChatContext } from '../chat/context.js';
import type { ModerationAction, ModerationDecision } from '../chat/decisions.js';
import type { ChannelState } from './channel-state.js';
import type { FilterAction, ModerationConfig } from './config.js';
import { Escalation, decayedStrikes, stepFor } from './escalation.js';
import type { EvidenceItem, ModerationStore } from './moderation-store.js';
import { reasonText } from './reasons.js';

/** A message to act on, with why. */
export interface ActTarget {
  messageId: string;
  userId: string;
  userLogin: string;
  text: string;
  /** Message time (ms). */
  time: number;
  filter: string;
  score: number;
  /** English detail for logs ("3rd copy in 40 s"). */
  detail: string;
  action: FilterAction;
  timeoutSeconds: number;
  evidence: EvidenceItem[];
  /** The message was already deleted: only the user action is taken. */
  skipDelete?: boolean;
}

/** What was decided for one target, and what came of it. */
export interface ActOutcome {
  /** The decision as made (without `helixOk` while the Helix calls run). */
  decision: ModerationDecision;
  strikes: number | undefined;
  /** The recorded decision once the Helix calls are done (at once in dry-run). */
  applied: Promise<ModerationDecision>;
}

/** Runs decided actions through the context (or only logs them in dry-run) and records them. */
export class Enforcer {
  private readonly escalation: Escalation;

  constructor(private readonly store: ModerationStore) {
    this.escalation = new Escalation(store);
  }

  /** Resolves `escalate` to a rung of the ladder (strikes: stored in enforce mode, in memory in dry-run). */
  private resolve(
    state: ChannelState,
    t: ActTarget,
    cfg: ModerationConfig,
    dry: boolean,
    now: number,
  ): { kind: ModerationAction; seconds: number | undefined; strikes: number | undefined } {
    if (t.action !== 'escalate') {
      const kind: ModerationAction = t.action === 'log' ? 'none' : t.action;
      return { kind, seconds: kind === 'timeout' ? t.timeoutSeconds : undefined, strikes: undefined };
    }
    let strikes: number;
    if (dry) {
      const prev = state.shadowStrikes.get(t.userId);
      strikes = (prev ? decayedStrikes(prev.strikes, prev.last, now, cfg.escalation.decayMinutes) : 0) + 1;
      state.shadowStrikes.set(t.userId, { strikes, last: now });
    } else {
      strikes = this.escalation.strike(state.name, { id: t.userId, login: t.userLogin }, now, cfg.escalation).strikes;
    }
    const step = stepFor(cfg.escalation.steps, strikes);
    return { kind: step.action, seconds: step.action === 'timeout' ? step.seconds : undefined, strikes };
  }

  /**
   * Acts on one target: log row, Helix calls unless dry-run, decision record. Never throws for
   * Helix failures. The calls are queued (not awaited) and start once `after` settled (the shield
   * locking chat first); the decision is recorded with its Helix result when they are done.
   */
  async act(ctx: ChatContext, state: ChannelState, t: ActTarget, dry: boolean, after?: Promise<unknown>): Promise<ActOutcome> {
    const cfg = ctx.channel.config.moderation;
    const now = ctx.now();
    const { kind, seconds, strikes } = this.resolve(state, t, cfg, dry, now);
    const enforced = !dry && kind !== 'none';
    const reason = reasonText(ctx.channel.config.language, t.filter, t.detail);
    const logId = this.store.log({
      channel: state.name,
      time: t.time,
      messageId: t.messageId,
      userId: t.userId,
      userLogin: t.userLogin,
      text: t.text,
      filter: t.filter,
      score: t.score,
      action: kind,
      duration: seconds ?? null,
      reason,
      enforced,
      helixOk: null,
      helixError: null,
      evidence: t.evidence,
    });
    const decision: ModerationDecision = {
      kind: 'moderation',
      channel: state.name,
      messageId: t.messageId,
      userId: t.userId,
      userLogin: t.userLogin,
      filter: t.filter,
      score: Math.round(t.score * 1000) / 1000,
      action: kind,
      ...(seconds !== undefined ? { duration: seconds } : {}),
      evidence: t.evidence.map((e) => e.id),
      reason,
      enforced,
      time: t.time,
    };
    if (!enforced) {
      ctx.record(decision);
      return { decision, strikes, applied: Promise.resolve(decision) };
    }
    // Decide, then act: the decision is in the log now; the Helix calls go to the effect queue and
    // the pipeline moves on to the next message. The result is recorded when they are done.
    ctx.log.info('moderation decided', {
      channel: state.name,
      filter: t.filter,
      action: kind,
      user: t.userLogin,
      messageId: t.messageId,
      score: decision.score,
    });
    const call = (f: () => Promise<ActionResult>): Promise<ActionResult> => {
      try {
        return f().catch((err: unknown) => ({ ok: false as const, error: (err as Error)?.message ?? String(err) }));
      } catch (err) {
        return Promise.resolve({ ok: false as const, error: (err as Error)?.message ?? String(err) });
      }
    };
    // Delete and the user action are independent calls: both go at once (a timeout clears chat
    // anyway, but the message must go even if the timeout fails)
    const deleting = !t.skipDelete && !state.removed.has(t.messageId);
    if (deleting) state.markRemoved(t.messageId);
    const start = (): Promise<ActionResult[]> => {
      const calls: Promise<ActionResult>[] = [];
      if (deleting) calls.push(call(() => ctx.deleteMessage(t.messageId)));
      if (kind === 'warn') calls.push(call(() => ctx.warn(reason, t.userId)));
      else if (kind === 'timeout') calls.push(call(() => ctx.timeout(seconds ?? 60, reason, t.userId)));
      else if (kind === 'ban') calls.push(call(() => ctx.ban(reason, t.userId)));
      return Promise.all(calls);
    };
    const results = after ? after.then(start, start) : start();
    const applied = results.then((results) => {
      if (deleting && results[0]?.ok === false) state.removed.delete(t.messageId);
      const failures = results.filter((r): r is Extract<ActionResult, { ok: false }> => !r.ok);
      const helixOk = failures.length === 0;
      const error = failures.map((f) => (f.status ? `${f.status} ` : '') + f.error).join('; ') || null;
      this.store.setHelixResult(logId, helixOk, error);
      if (!helixOk) {
        ctx.log.warn('moderation action failed', {
          channel: state.name,
          filter: t.filter,
          action: kind,
          userId: t.userId,
          messageId: t.messageId,
          error,
        });
      }
      const done: ModerationDecision = { ...decision, helixOk };
      ctx.record(done);
      return done;
    });
    ctx.defer(applied);
    return { decision, strikes, applied };
  }
}
