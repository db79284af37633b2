import type { ModerationDecision } from '../chat/decisions.js';
import type { ChatContext } from '../chat/context.js';
import { normalizeText } from '../nlp/normalize.js';
import { dot } from '../nlp/similarity.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { Moderator } from './moderator.js';
import type { NukeTarget } from './moderation-store.js';
import type { WindowMessage } from './windows.js';

/** What a nuke should do to the users it hits. */
export type NukePunishment = { kind: 'delete' } | { kind: 'timeout'; seconds: number } | { kind: 'ban' };

/** Result of {@link nuke}. */
export interface NukeResult {
  messages: number;
  users: number;
  /** Actions Helix refused. */
  failed: number;
}

/** Result of {@link unnuke}. */
export interface UnnukeResult {
  /** Whether there was a nuke to undo. */
  found: boolean;
  /** Users whose timeout/ban was lifted. */
  lifted: number;
  /**
   * Users the nuke hit with a timeout/ban who were left as they were: the nuke's own action did not
   * go through, or a bot timeout/ban from before the nuke (or after it) still runs.
   */
  kept: number;
  /** Deleted messages (Twitch cannot bring them back). */
  deleted: number;
  failed: number;
  /** Text of the nuke undone. */
  text?: string;
}

/**
 * `!nuke`: acts on every non-exempt message of the window whose vector is similar to `text`, or
 * whose normalised text contains it. Manual moderator action: it acts even in dry-run.
 */
export async function nuke(
  moderator: Moderator,
  encoder: SharedEncoder,
  ctx: ChatContext,
  text: string,
  windowSeconds: number,
  punishment: NukePunishment,
): Promise<NukeResult> {
  const state = moderator.state(ctx);
  const cfg = moderator.settings(ctx.channel);
  const now = ctx.now();
  const vector = await encoder.encode(text);
  const ranked = rankForNuke(
    state.history.since(now - windowSeconds * 1000).filter((m) => !m.exempt && m.id !== ctx.message.id),
    text,
    vector,
  );
  // Hit: at the nuke threshold; the closest message also at the blocklist's (the phrase read as a spam example)
  const hits = ranked.filter((r, i) => r.score >= cfg.nuke.threshold || (i === 0 && r.score >= cfg.blocklist.threshold)).map((r) => r.message);
  const scoreOf = new Map(ranked.map((r) => [r.message.id, r.score]));
  const targets: NukeTarget[] = [];
  const punished = new Set<string>();
  let failed = 0;
  const pending: Promise<{
    d: ModerationDecision;
    prior: ReturnType<typeof moderator.store.activePunishment>;
    m: (typeof hits)[number];
    kind: typeof punishment.kind | 'delete';
  }>[] = [];
  for (const m of hits) {
    const first = !punished.has(m.userId);
    punished.add(m.userId);
    const kind = first ? punishment.kind : 'delete';
    // What the user was already under, before this nuke adds to it
    const prior = kind === 'delete' ? undefined : moderator.store.activePunishment(state.name, m.userId, now);
    const out = await moderator.enforcer.act(
      ctx,
      state,
      {
        messageId: m.id,
        userId: m.userId,
        userLogin: m.login,
        text: m.text,
        time: m.time,
        filter: 'nuke',
        score: scoreOf.get(m.id) ?? 1,
        detail: `by ${ctx.user.login}`,
        action: kind,
        timeoutSeconds: punishment.kind === 'timeout' ? punishment.seconds : 60,
        evidence: [{ id: ctx.message.id, text }],
      },
      false,
    );
    pending.push(out.applied.then((d) => ({ d, prior, m, kind })));
  }
  // Every target is decided (and its calls queued) before waiting for Helix
  for (const { d, prior, m, kind } of await Promise.all(pending)) {
    if (d.helixOk === false) failed++;
    const applied = d.enforced && d.helixOk === true;
    targets.push({ userId: m.userId, userLogin: m.login, messageId: m.id, action: kind, enforced: d.enforced, applied, ...(prior ? { prior } : {}) });
  }
  moderator.store.saveNuke(state.name, now, ctx.user.login, text, targets);
  // What a moderator nuked is offered as a blocklist example (`!spam add` confirms)
  const top = hits[0];
  if (top && top.text.trim().length >= 6)
    state.offers.offer({ text: top.text.slice(0, 500), taughtBy: ctx.user.login, action: 'nuke', userLogin: top.login, at: now });
  ctx.log.info('nuke', { channel: state.name, by: ctx.user.login, messages: hits.length, users: punished.size });
  return { messages: hits.length, users: punished.size, failed };
}

/** A message of the window with its score against the nuke phrase. */
export interface RankedMessage {
  message: WindowMessage;
  /** Calibrated similarity to the phrase (1 when its text contains the phrase). */
  score: number;
}

/**
 * Ranks window messages by closeness to a `!nuke` phrase: the similarity of their vectors (in
 * the encoder's calibrated space, as every filter), 1 for a message whose normalised text
 * contains the phrase (spaced or dotted spellings folded). Highest first; ties keep chat order.
 */
export function rankForNuke(messages: readonly WindowMessage[], phraseText: string, phraseVector: Float32Array): RankedMessage[] {
  const phrase = normalizeText(phraseText);
  const out = messages.map((m, i) => {
    const contains = phrase.length >= 3 && normalizeText(m.text).includes(phrase);
    return { message: m, score: contains ? 1 : m.vector ? dot(phraseVector, m.vector) : 0, i };
  });
  out.sort((a, b) => b.score - a.score || a.i - b.i);
  return out.map(({ message, score }) => ({ message, score }));
}

/**
 * `!unnuke`: lifts the timeouts/bans the channel's last nuke itself put on (deleted messages stay
 * deleted). A user is left as they were when the nuke's action did not go through, or when a bot
 * timeout/ban they were under before the nuke, or got after it, still runs.
 */
export async function unnuke(moderator: Moderator, ctx: ChatContext): Promise<UnnukeResult> {
  const store = moderator.store;
  const channel = ctx.channel.name;
  const rec = store.lastNuke(channel);
  if (!rec || rec.undone) return { found: false, lifted: 0, kept: 0, deleted: 0, failed: 0 };
  store.markNukeUndone(rec.id);
  const now = ctx.now();
  const lift = new Map<string, string>();
  const kept = new Set<string>();
  for (const t of rec.targets) {
    if (!t.enforced || (t.action !== 'timeout' && t.action !== 'ban')) continue;
    const priorRuns = t.prior !== undefined && (t.prior.until === null || t.prior.until > now);
    if (!(t.applied ?? t.enforced) || priorRuns || store.activePunishment(channel, t.userId, now, rec.time)) kept.add(t.userId);
    else lift.set(t.userId, t.userLogin);
  }
  for (const id of kept) lift.delete(id);
  let lifted = 0;
  let failed = 0;
  for (const [userId, login] of lift) {
    let r;
    try {
      r = await ctx.unban(userId);
    } catch (err) {
      r = { ok: false as const, error: (err as Error).message };
    }
    if (r.ok) {
      lifted++;
      store.markLifted(channel, userId, now);
    } else {
      failed++;
      ctx.log.warn('unnuke: unban failed', { channel, userId, login, error: r.error });
    }
  }
  return { found: true, lifted, kept: kept.size, deleted: rec.targets.filter((t) => t.enforced).length, failed, text: rec.text };
}
