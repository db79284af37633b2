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

/** What was done to one target. */
export interface ActOutcome {
  decision: ModerationDecision;
  strikes: number | undefined;
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

  /** Acts on one target: log row, Helix calls unless dry-run, decision record. Never throws for Helix failures. */
  async act(ctx: ChatContext, state: ChannelState, t: ActTarget, dry: boolean): Promise<ActOutcome> {
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
    let helixOk: boolean | undefined;
    if (enforced) {
      const results: ActionResult[] = [];
      const call = async (f: () => Promise<ActionResult>): Promise<void> => {
        try {
          results.push(await f());
        } catch (err) {
          results.push({ ok: false, error: (err as Error).message ?? String(err) });
        }
      };
      // Delete first: a timeout clears chat anyway, but the message must go even if the timeout fails
      if (!t.skipDelete && !state.removed.has(t.messageId)) await call(() => ctx.deleteMessage(t.messageId));
      if (kind === 'warn') await call(() => ctx.warn(reason, t.userId));
      else if (kind === 'timeout') await call(() => ctx.timeout(seconds ?? 60, reason, t.userId));
      else if (kind === 'ban') await call(() => ctx.ban(reason, t.userId));
      if (results[0]?.ok !== false) state.markRemoved(t.messageId);
      const failures = results.filter((r): r is Extract<ActionResult, { ok: false }> => !r.ok);
      helixOk = failures.length === 0;
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
    }
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
      ...(helixOk !== undefined ? { helixOk } : {}),
      time: t.time,
    };
    ctx.record(decision);
    return { decision, strikes };
  }
}
