import type { ChannelScope, ChatContext } from '../../chat/context.js';
import type { Role } from '../../chat/message.js';
import type { ModeratorActionEvent } from '../../bot/module.js';
import type { ChatterRecord } from '../../chat/chatter.js';
import { ChatterRegistry } from '../../store/chatters.js';
import type { Store } from '../../store/store.js';
import type { ModerationConfig } from '../config.js';
import type { ModerationStore } from '../moderation-store.js';
import { trustLevelOf, type TrustOverride, type TrustVerdict } from './levels.js';
import { TrustStore } from './trust-store.js';

const DAY_MS = 86_400_000;
/** Account creation times kept (they never change); past that the cache starts over. */
const MAX_ACCOUNTS = 50_000;

/**
 * Trust levels of chatters from the store: the chatter registry (messages, days seen), the
 * moderation log and other moderators' actions (penalties), badges, account age (Helix, fetched
 * in the background the first time it matters) and moderators' overrides. Asked only when a rule
 * filter matched, so the message path pays nothing for it otherwise.
 */
export class TrustService {
  readonly overrides: TrustStore;
  readonly chatters: ChatterRegistry;
  /** Account creation time by user id; null while a lookup runs or when Helix did not know. */
  private readonly accounts = new Map<string, number | null>();

  constructor(
    store: Store,
    private readonly moderation: ModerationStore,
  ) {
    this.overrides = new TrustStore(store);
    this.chatters = new ChatterRegistry(store);
  }

  /** The author's trust level for this message. */
  levelOf(ctx: ChatContext, cfg: ModerationConfig['trust']): TrustVerdict {
    const m = ctx.message;
    const record = ctx.chatter ?? this.chatters.get(ctx.channel.name, m.user.id);
    this.lookUpAccount(ctx.channel, m.user.id, cfg);
    return this.verdict(ctx.channel.name, m.user.id, record, m.user.roles, ctx.now(), cfg);
  }

  /** Trust of a chatter known by login (for `!trustlevel`); undefined when never seen in the channel. */
  levelByLogin(scope: ChannelScope, login: string, now: number): { record: ChatterRecord; verdict: TrustVerdict } | undefined {
    const record = this.chatters.findByLogin(scope.name, login);
    if (!record) return undefined;
    return { record, verdict: this.verdict(scope.name, record.userId, record, new Set(), now, scope.config.moderation.trust) };
  }

  setOverride(channel: string, record: ChatterRecord, level: TrustOverride | undefined, by: string, at: number): void {
    this.overrides.setOverride(channel, record.userId, record.login, level, by, at);
  }

  /** Remembers a timeout or ban another moderator gave (it lowers the user's trust for `penaltyDays`). */
  notePenalty(scope: ChannelScope, event: ModeratorActionEvent): void {
    if (event.action !== 'timeout' && event.action !== 'ban') return;
    const id = event.target?.id ?? (event.target ? this.chatters.findByLogin(scope.name, event.target.login)?.userId : undefined);
    if (id) this.overrides.addPenalty(scope.name, id, scope.clock.now(), event.action);
  }

  private verdict(
    channel: string,
    userId: string,
    record: ChatterRecord | undefined,
    roles: ReadonlySet<Role>,
    now: number,
    cfg: ModerationConfig['trust'],
  ): TrustVerdict {
    const since = now - cfg.penaltyDays * DAY_MS;
    const penalties = cfg.penaltyDays > 0 ? this.moderation.countPenalties(channel, userId, since) + this.overrides.countPenalties(channel, userId, since) : 0;
    const created = this.accounts.get(userId);
    const override = this.overrides.override(channel, userId);
    return trustLevelOf(
      {
        messages: record?.messages ?? 0,
        daysSeen: record?.daysSeen ?? 0,
        firstSeen: record?.firstSeen ?? now,
        roles,
        penalties,
        ...(typeof created === 'number' ? { accountCreatedAt: created } : {}),
        ...(override ? { override } : {}),
        now,
      },
      cfg,
    );
  }

  /**
   * Looks the author's account age up (Helix, once per user) before a rule filter decides about
   * them, waiting at most `waitMs` of the bot's clock: a slow Helix never holds chat up for long
   * (the answer then counts from the user's next message).
   */
  async prepare(ctx: ChatContext, cfg: ModerationConfig['trust'], waitMs = 2000): Promise<void> {
    const lookup = this.lookUpAccount(ctx.channel, ctx.user.id, cfg);
    if (!lookup) return;
    let cancel: (() => void) | undefined;
    const timeout = new Promise<void>((resolve) => (cancel = ctx.channel.clock.setTimer(waitMs, resolve)));
    await Promise.race([lookup, timeout]);
    cancel?.();
  }

  /** Starts a Helix lookup of the account's age the first time; returns it (undefined when none started). */
  private lookUpAccount(scope: ChannelScope, userId: string, cfg: ModerationConfig['trust']): Promise<void> | undefined {
    const get = scope.actions.getUserCreatedAt;
    if (cfg.minAccountAgeDays <= 0 || !get || this.accounts.has(userId)) return undefined;
    if (this.accounts.size >= MAX_ACCOUNTS) this.accounts.clear();
    this.accounts.set(userId, null);
    return get
      .call(scope.actions, userId)
      .then((at) => {
        if (at !== undefined) this.accounts.set(userId, at);
      })
      .catch(() => undefined);
  }
}
