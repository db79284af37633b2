import type { ActionResult, ChannelActions } from '../chat/actions.js';
import type { Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { ModerationLogEntry } from '../moderation/moderation-store.js';
import type { Moderator } from '../moderation/moderator.js';
import type { AuditLog } from './audit.js';
import type { ChannelSettings } from './channel-settings.js';
import type { LiveFeed } from './live-feed.js';
import { DashboardError } from './routes.js';

/** Outcome of enforce/undo. */
export interface ActOutcome {
  ok: boolean;
  /** The log row now standing for the action (enforce writes a new one). */
  logId: number;
  error?: string;
}

/** Who acts, for the audit log. */
export interface Actor {
  login: string;
  userId: string | undefined;
}

/**
 * What a moderator does to a decision from the dashboard: enforce a dry-run decision, undo an
 * action (a timeout or ban is lifted through Helix; a deleted message cannot come back, a warning
 * cannot be taken back), teach the semantic lists. Each is written to the audit log with who did it.
 */
export class ModerationActions {
  constructor(
    private readonly moderator: Moderator,
    private readonly settings: ChannelSettings,
    private readonly audit: AuditLog,
    private readonly feed: LiveFeed,
    private readonly actionsFor: (channel: string) => ChannelActions | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  private row(channel: string, logId: number): ModerationLogEntry {
    const row = this.moderator.store.logEntry(logId);
    if (!row || row.channel !== channel) throw new DashboardError(404, `No decision #${logId} in #${channel}.`);
    return row;
  }

  private actions(channel: string): ChannelActions {
    const a = this.actionsFor(channel);
    if (!a) throw new DashboardError(503, `The bot is not in #${channel} right now; try again once it has joined.`);
    return a;
  }

  /** Does what a dry-run decision would have done: delete, then warn/timeout/ban. */
  async enforce(channel: string, logId: number, by: Actor): Promise<ActOutcome> {
    const row = this.row(channel, logId);
    const latest = this.moderator.store.logOfMessage(channel, row.messageId, row.filter);
    if (row.enforced || latest?.enforced) throw new DashboardError(409, 'This decision was already enforced.');
    if (row.action === 'none') throw new DashboardError(400, 'This decision only logged a match: there is nothing to enforce.');
    const actions = this.actions(channel);
    const reason = row.reason;
    const results: ActionResult[] = [];
    const call = async (f: () => Promise<ActionResult>): Promise<void> => {
      try {
        results.push(await f());
      } catch (err) {
        results.push({ ok: false, error: (err as Error).message });
      }
    };
    const state = this.moderator.channelState(channel);
    if (!state?.removed.has(row.messageId)) await call(() => actions.deleteMessage(row.messageId));
    if (row.action === 'warn') await call(() => actions.warn(row.userId, reason));
    else if (row.action === 'timeout') await call(() => actions.timeout(row.userId, row.duration ?? 60, reason));
    else if (row.action === 'ban') await call(() => actions.ban(row.userId, reason));
    // A message already gone (expired, deleted by a mod) does not make the timeout a failure
    const userAction = row.action === 'delete' ? results : results.slice(-1);
    const failures = userAction.filter((r): r is Extract<ActionResult, { ok: false }> => !r.ok);
    const ok = failures.length === 0;
    const error = failures.map((f) => (f.status ? `${f.status} ` : '') + f.error).join('; ') || null;
    state?.markRemoved(row.messageId);
    const { id: _id, ...rest } = row;
    const now = this.clock.now();
    const newId = this.moderator.store.log({ ...rest, time: now, reason, enforced: true, helixOk: ok, helixError: error });
    this.audit.add({
      channel,
      time: now,
      actor: by.login,
      source: 'dashboard',
      action: 'enforce',
      targetLogin: row.userLogin,
      targetId: row.userId,
      messageId: row.messageId,
      logId: newId,
      detail: `${row.action}${row.duration ? ` ${row.duration} s` : ''} (${row.filter}, decision #${row.id})${ok ? '' : ` failed: ${error}`}`,
    });
    this.feed.followUp(
      channel,
      row.messageId,
      row.id,
      ok ? `enforced by ${by.login}` : `enforce failed: ${error}`,
      ok ? { enforced: true, helixOk: true, logId: newId } : {},
    );
    this.log.info('dashboard: decision enforced', { channel, logId, by: by.login, action: row.action, ok });
    return { ok, logId: newId, ...(error ? { error } : {}) };
  }

  /** Lifts a timeout or ban the bot (or the dashboard) put on a user. */
  async undo(channel: string, logId: number, by: Actor): Promise<ActOutcome> {
    const row = this.row(channel, logId);
    if (!row.enforced) throw new DashboardError(400, 'This decision was not enforced (dry-run): there is nothing to undo.');
    if (row.action === 'delete') throw new DashboardError(400, 'A deleted message cannot be brought back: deletion on Twitch is final.');
    if (row.action === 'warn') throw new DashboardError(400, 'A Twitch warning cannot be taken back.');
    if (row.action !== 'timeout' && row.action !== 'ban') throw new DashboardError(400, 'Nothing was done to the user: there is nothing to undo.');
    const actions = this.actions(channel);
    let r: ActionResult;
    try {
      r = await actions.unban(row.userId);
    } catch (err) {
      r = { ok: false, error: (err as Error).message };
    }
    const now = this.clock.now();
    if (r.ok) this.moderator.store.markLifted(channel, row.userId, now);
    const error = r.ok ? undefined : `${r.status ? `${r.status} ` : ''}${r.error}`;
    this.audit.add({
      channel,
      time: now,
      actor: by.login,
      source: 'dashboard',
      action: 'undo',
      targetLogin: row.userLogin,
      targetId: row.userId,
      messageId: row.messageId,
      logId: row.id,
      detail: `lifted ${row.action} (${row.filter}, decision #${row.id})${error ? ` failed: ${error}` : ''}`,
    });
    this.feed.followUp(channel, row.messageId, row.id, r.ok ? `lifted by ${by.login}` : `undo failed: ${error}`);
    this.log.info('dashboard: action lifted', { channel, logId, by: by.login, ok: r.ok });
    return { ok: r.ok, logId: row.id, ...(error ? { error } : {}) };
  }

  /** "This is spam": the text becomes a blocklist example. Returns its id. */
  async teachSpam(channel: string, text: string, by: Actor, messageId?: string): Promise<number> {
    const t = text.trim().slice(0, 500);
    if (Array.from(t).length < 6) throw new DashboardError(400, 'A spam example needs at least 6 characters.');
    const now = this.clock.now();
    const state = this.moderator.channelState(channel);
    const cfg = this.settings.base(channel).moderation;
    let id: number;
    if (state) {
      await state.blocklist.load(cfg.blocklist.seed, now);
      id = await state.blocklist.add(t, by.login, now);
    } else id = this.moderator.store.addBlocklist(channel, t, by.login, now);
    this.audit.add({
      channel,
      time: now,
      actor: by.login,
      source: 'dashboard',
      action: 'teach-spam',
      targetLogin: null,
      targetId: null,
      messageId: messageId ?? null,
      logId: null,
      detail: `blocklist #${id}: ${t}`,
    });
    return id;
  }

  /** Removes a blocklist example. */
  forgetSpam(channel: string, id: number, by: Actor): boolean {
    const state = this.moderator.channelState(channel);
    const ok = state ? state.blocklist.delete(id) : this.moderator.store.deleteBlocklist(channel, id);
    if (ok)
      this.audit.add({
        channel,
        time: this.clock.now(),
        actor: by.login,
        source: 'dashboard',
        action: 'blocklist',
        targetLogin: null,
        targetId: null,
        messageId: null,
        logId: null,
        detail: `deleted example #${id}`,
      });
    return ok;
  }

  /** "This is fine": the text joins the channel's allowlist (never a flood). */
  teachFine(channel: string, text: string, by: Actor, messageId?: string): string[] {
    const t = text.trim().slice(0, 500);
    if (!t) throw new DashboardError(400, 'The phrase is empty.');
    const current = this.currentAllowlist(channel);
    if (current.includes(t)) return current;
    const list = [...current, t];
    this.setAllowlist(channel, list, by);
    this.audit.add({
      channel,
      time: this.clock.now(),
      actor: by.login,
      source: 'dashboard',
      action: 'teach-fine',
      targetLogin: null,
      targetId: null,
      messageId: messageId ?? null,
      logId: null,
      detail: `allowlist: ${t}`,
    });
    return list;
  }

  /** Removes a phrase from the allowlist. */
  forgetFine(channel: string, phrase: string, by: Actor): string[] {
    const list = this.currentAllowlist(channel).filter((p) => p !== phrase);
    this.setAllowlist(channel, list, by);
    this.audit.add({
      channel,
      time: this.clock.now(),
      actor: by.login,
      source: 'dashboard',
      action: 'allowlist',
      targetLogin: null,
      targetId: null,
      messageId: null,
      logId: null,
      detail: `removed: ${phrase}`,
    });
    return list;
  }

  /** The channel's effective allowlist. */
  currentAllowlist(channel: string): string[] {
    const o = this.settings.overrides(channel) as { moderation?: { flood?: { allowlist?: unknown } } };
    const stored = o.moderation?.flood?.allowlist;
    return Array.isArray(stored) ? (stored as string[]) : [...this.settings.base(channel).moderation.flood.allowlist];
  }

  private setAllowlist(channel: string, list: string[], by: Actor): void {
    const r = this.settings.patch(channel, { moderation: { flood: { allowlist: list } } }, by.login, this.clock.now());
    if (!r.ok) throw new DashboardError(400, r.problems.map((p) => `${p.path.join('.')}: ${p.message}. Fix: ${p.fix}`).join('; '), r.problems);
  }
}
