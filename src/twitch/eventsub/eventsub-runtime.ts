import { ApiClient } from '@twurple/api';
import type { AuthProvider } from '@twurple/auth';
import { getRawData } from '@twurple/common';
import type { EventSubSubscription } from '@twurple/eventsub-base';
import { EventSubWsListener } from '@twurple/eventsub-ws';
import type { Bot } from '../../bot/bot.js';
import { SystemClock, type Clock } from '../../chat/clock.js';
import type { ChatContext } from '../../chat/context.js';
import type { Logger } from '../../chat/logger.js';
import type { ChannelEvent } from '../../bot/module.js';
import { EffectQueue, type LaneStats } from '../../bot/effects/effect-queue.js';
import { CHAT_LANE, HELIX_LANE, QueuedActions } from '../../bot/effects/queued-actions.js';
import type { ModerationRequest } from '../../bot/effects/transport.js';
import type { HealthCheck } from '../../bot/health.js';
import type { ChannelRole, ChatRuntime } from '../chat-runtime.js';
import { applyApiTarget, type TwitchTarget } from '../connection.js';
import { OwnActions } from '../own-actions.js';
import { checkRoles, logRole, twurpleLogger, validateBotToken, type HelixFailure } from '../twitch-runtime.js';
import type { ChatterRegistry } from '../../store/chatters.js';
import {
  actionFromClearUserMessages,
  actionFromMessageDelete,
  actionFromModerate,
  chatMessageFromEventSub,
  isSuspicious,
  raidFromNotification,
} from './convert.js';
import { HelixChatTransport, type SendIdentity } from './helix-chat-transport.js';
import type {
  AutoModHoldPayload,
  ChatMessagePayload,
  ChatNotificationPayload,
  ClearUserMessagesPayload,
  MessageDeletePayload,
  ModeratePayload,
  SuspiciousUserMessagePayload,
} from './payloads.js';

/** Options of {@link EventSubRuntime.start}. */
export interface EventSubRuntimeOptions {
  target: TwitchTarget;
  /** Provider holding the bot's user token (and, with a client secret, able to get app tokens). */
  authProvider: AuthProvider;
  botUserId: string;
  botLogin: string;
  /** Channel logins to read. */
  channels: readonly string[];
  bot: Bot;
  /** The bot's clock (simulated in tests): stamps messages (EventSub has no send time). */
  clock: Clock;
  /** Wall time for Helix backoff, send limits and drains. Default `SystemClock`. */
  ioClock?: Clock;
  log: Logger;
  /**
   * Send as the app (Chat Bot badge) where allowed: needs an app token (client secret configured)
   * and `user:bot` on the bot's token; per channel the bot must moderate it or the broadcaster must
   * have granted `channel:bot` (a refusal switches that channel to the user). Default false.
   */
  sendAsApp?: boolean;
  /** Marks suspicious users new (`channel.suspicious_user.message`). Default none. */
  chatters?: ChatterRegistry;
  /**
   * Scores a message AutoMod held, with the bot's own moderation (logged beside AutoMod's
   * category and level); undefined when the bot has no opinion. Default none.
   */
  assessHeld?: (channel: string, text: string) => Promise<number | undefined>;
  /** Extra attempts of an effect (Helix call, chat message) after a retryable failure. Default 2. */
  helixRetries?: number;
  /** First retry backoff in ms (doubled each attempt; a 429's own wait wins when longer). Default 1000. */
  helixBackoffMs?: number;
  /** Deadline of one Helix action in ms. Default 30000. */
  helixTimeoutMs?: number;
  /** Deadline of a chat message in ms (a late answer is dropped, not sent; it includes waits for Twitch's limits). Default 20000. */
  chatDeadlineMs?: number;
  /** Messages waiting per channel before the oldest waiting ones are dropped. Default 2000. */
  maxQueuedPerChannel?: number;
  /** ms between token validations. Default 3600000. */
  validateEveryMs?: number;
}

/** Which of a channel's subscriptions a twurple subscription is. */
type SubKind = 'chat' | 'notification' | 'delete' | 'clear-user' | 'clear' | 'moderate' | 'automod' | 'suspicious';

/** Why a subscription can fail, and what to do. */
const SUB_FIX: Record<SubKind, string> = {
  chat: 'the bot token needs user:read:chat (run `npm run auth`)',
  notification: 'the bot token needs user:read:chat (run `npm run auth`)',
  delete: 'the bot token needs user:read:chat (run `npm run auth`)',
  'clear-user': 'the bot token needs user:read:chat (run `npm run auth`)',
  clear: 'the bot token needs user:read:chat (run `npm run auth`)',
  moderate:
    "make the bot a moderator and run `npm run auth` (moderator:read:* scopes); other moderators' actions then still arrive, without their names, through the deletion events",
  automod: 'make the bot a moderator; the token needs moderator:manage:automod (run `npm run auth`)',
  suspicious: 'make the bot a moderator; the token needs moderator:read:suspicious_users (run `npm run auth`)',
};

/** Chat budget of the effect lane, below Twitch's limits for moderators (the per-channel limits are the transport's). */
const CHAT_BUDGET = { tokens: 90, perMs: 32_000 };
/** Helix: 800 points per minute per user token; keep a margin for start-up and other calls. */
const HELIX_BUDGET = { tokens: 700, perMs: 60_000 };

interface ChannelState {
  name: string;
  id: string | undefined;
  role: ChannelRole;
  actions: QueuedActions;
  own: OwnActions;
  queue: (() => Promise<void>)[];
  running: boolean;
  /** `channel.moderate` is active: deletions/clears come from it (with the moderator), not the chat events. */
  moderateActive: boolean;
  slowSeconds: number;
  joined: boolean;
}

/**
 * The bot on Twitch through EventSub (WebSocket, `@twurple/eventsub-ws`) for reading and Helix
 * for everything it does, including chat messages (Send Chat Message, as the app when allowed).
 * Messages of a channel go through `bot.handle` one at a time in arrival order, exactly like the
 * IRC runtime; raids, other moderators' actions and joins go to `bot.channelEvent` through the
 * same queue. twurple reconnects the socket (and follows Twitch's `session_reconnect`) and creates
 * the subscriptions again on a new session; each chat subscription that starts counts as a join.
 */
export class EventSubRuntime implements ChatRuntime {
  readonly kind = 'eventsub' as const;
  readonly listener: EventSubWsListener;
  /** The effect queues (Helix moderation first, then chat), shared by every channel. */
  readonly effects: EffectQueue;
  readonly transport: HelixChatTransport;
  private readonly helixFailureListeners = new Set<(failure: HelixFailure) => void>();
  private connected = false;
  private readonly states = new Map<string, ChannelState>();
  private readonly subs = new Map<EventSubSubscription, { channel: string; kind: SubKind }>();
  private readonly handledListeners = new Set<(ctx: ChatContext) => void>();
  private readonly decidedListeners = new Set<(ctx: ChatContext) => void>();
  private droppedTotal = 0;
  private readonly joinedListeners = new Set<(channel: string) => void>();
  private readonly io: Clock;
  private closed = false;
  private cancelValidate: (() => void) | undefined;

  private constructor(
    private readonly o: EventSubRuntimeOptions,
    readonly api: ApiClient,
    roles: Map<string, { id: string | undefined; role: ChannelRole }>,
  ) {
    this.io = o.ioClock ?? new SystemClock();
    this.listener = new EventSubWsListener({ apiClient: api, logger: twurpleLogger(o.log.child({ component: 'twurple:eventsub' })) });
    this.transport = new HelixChatTransport({
      authProvider: o.authProvider,
      botUserId: o.botUserId,
      broadcasterId: (channel, signal) => this.broadcasterId(channel, signal),
      asApp: o.sendAsApp ?? false,
      standing: (channel) => {
        const st = this.states.get(channel);
        return { privileged: st?.role === 'broadcaster' || st?.role === 'moderator', slowSeconds: st?.slowSeconds ?? 0 };
      },
      clock: this.io,
      log: o.log,
    });
    this.effects = new EffectQueue({
      clock: this.io,
      classify: (err) => this.transport.classify(err),
      onAttemptFailure: (f) => {
        if (f.lane !== HELIX_LANE) return;
        for (const fn of this.helixFailureListeners) fn({ channel: f.channel, action: f.label, status: f.status });
      },
      maxAttempts: (o.helixRetries ?? 2) + 1,
      backoffMs: o.helixBackoffMs ?? 1000,
      log: o.log.child({ component: 'effects' }),
      lanes: {
        [HELIX_LANE]: { concurrency: 8, budget: HELIX_BUDGET, deadlineMs: o.helixTimeoutMs ?? 30_000 },
        // One message at a time per channel would be Twitch's pace; the transport waits for each channel's limits
        [CHAT_LANE]: { concurrency: 4, budget: CHAT_BUDGET, deadlineMs: o.chatDeadlineMs ?? 20_000 },
      },
    });
    for (const name of o.channels) {
      const r = roles.get(name) ?? { id: undefined, role: 'unknown' as const };
      const own = new OwnActions(this.io);
      const actions = new QueuedActions({
        channel: name,
        queue: this.effects,
        transport: this.transport,
        log: o.log.child({ channel: name }),
        onModerate: (req) => noteOwn(own, req),
        cacheClock: o.clock,
      });
      this.states.set(name, { name, id: r.id, role: r.role, own, actions, queue: [], running: false, moderateActive: false, slowSeconds: 0, joined: false });
    }
    this.wire();
  }

  /** Checks the bot's role per channel, subscribes and connects. Resolves once connecting started. */
  static async start(o: EventSubRuntimeOptions): Promise<EventSubRuntime> {
    applyApiTarget(o.target);
    const api = new ApiClient({ authProvider: o.authProvider, logger: twurpleLogger(o.log.child({ component: 'twurple:api' })) });
    const roles = await checkRoles(api, o);
    const rt = new EventSubRuntime(o, api, roles);
    o.log.info('chat transport: EventSub (reading) + Helix Send Chat Message (sending)', {
      sendAs: o.sendAsApp ? 'app (Chat Bot badge) where allowed' : 'bot user',
    });
    rt.subscribeAll();
    rt.listener.start();
    rt.scheduleValidation();
    return rt;
  }

  get authProvider(): AuthProvider {
    return this.o.authProvider;
  }

  get roles(): ReadonlyMap<string, ChannelRole> {
    return new Map([...this.states].map(([k, s]) => [k, s.role]));
  }

  /** Who the next message of a channel is sent as. */
  sendIdentity(channel: string): SendIdentity {
    return this.transport.identity(channel.toLowerCase());
  }

  actionsFor(channel: string): QueuedActions | undefined {
    return this.states.get(channel.replace(/^#/, '').toLowerCase())?.actions;
  }

  /** Called for each failed Helix attempt (metrics). Returns the unsubscribe function. */
  onHelixFailure(fn: (failure: HelixFailure) => void): () => void {
    this.helixFailureListeners.add(fn);
    return () => this.helixFailureListeners.delete(fn);
  }

  /** Health of EventSub, the message queues and the effect lanes (for `/healthz`). */
  health(): Record<string, HealthCheck> {
    const lanes = this.effects.stats();
    const waiting = [...this.states.values()].reduce((n, s) => n + s.queue.length, 0);
    const joined = [...this.states.values()].filter((s) => s.joined).length;
    const lane = (l: LaneStats | undefined, name: string): HealthCheck => {
      if (!l) return { status: 'ok', detail: 'idle' };
      const paused = l.pausedUntil > 0;
      return {
        status: paused || l.waiting > 100 ? 'degraded' : 'ok',
        detail: `${name}: ${l.waiting} waiting, ${l.running} running, ${l.ok} ok, ${l.failed} failed, ${l.deadline} past deadline, ${l.shed} shed`,
      };
    };
    return {
      chat: this.connected
        ? { status: joined === this.states.size ? 'ok' : 'degraded', detail: `EventSub connected, ${joined}/${this.states.size} channels subscribed` }
        : { status: 'degraded', detail: 'EventSub disconnected; twurple reconnects' },
      pipeline: { status: waiting > 1000 ? 'degraded' : 'ok', detail: `${waiting} messages waiting` },
      helix: lane(lanes[HELIX_LANE], 'moderation'),
      replies: lane(lanes[CHAT_LANE], 'chat'),
    };
  }

  /** Starts the listener again when it was stopped (the socket itself reconnects on its own). */
  reconnectIfDown(): boolean {
    if (this.closed || this.listener.isActive) return false;
    this.listener.start();
    return true;
  }

  onHandled(fn: (ctx: ChatContext) => void): () => void {
    this.handledListeners.add(fn);
    return () => this.handledListeners.delete(fn);
  }

  onDecided(fn: (ctx: ChatContext) => void): () => void {
    this.decidedListeners.add(fn);
    return () => this.decidedListeners.delete(fn);
  }

  /** Messages dropped since start because a channel's queue was full. */
  get droppedMessages(): number {
    return this.droppedTotal;
  }

  onJoined(fn: (channel: string) => void): () => void {
    this.joinedListeners.add(fn);
    return () => this.joinedListeners.delete(fn);
  }

  waitUntilJoined(timeoutMs = 15_000): Promise<void> {
    const missing = () => [...this.states.values()].filter((s) => !s.joined).map((s) => s.name);
    if (missing().length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cancel = this.io.setTimer(timeoutMs, () => {
        off();
        reject(new Error(`not subscribed to chat after ${timeoutMs} ms: ${missing().join(', ')}`));
      });
      const off = this.onJoined(() => {
        if (missing().length > 0) return;
        off();
        cancel();
        resolve();
      });
    });
  }

  validateToken(): Promise<boolean> {
    return validateBotToken(this.o.authProvider, this.o.botUserId, this.o.log);
  }

  async close(drainMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelValidate?.();
    for (const s of this.states.values()) s.queue.length = 0;
    this.listener.stop();
    const deadline = this.io.now() + drainMs;
    while ([...this.states.values()].some((s) => s.running) && this.io.now() < deadline) {
      await new Promise<void>((r) => this.io.setTimer(20, r));
    }
    this.effects.close();
  }

  private scheduleValidation(): void {
    const every = this.o.validateEveryMs ?? 3_600_000;
    this.cancelValidate = this.io.setTimer(every, () => {
      void this.validateToken().finally(() => {
        if (!this.closed) this.scheduleValidation();
      });
    });
  }

  private async broadcasterId(channel: string, signal: AbortSignal): Promise<string> {
    const s = this.states.get(channel);
    if (s?.id) return s.id;
    const id = await this.transport.userIdOf(channel, signal);
    if (s) s.id = id;
    return id;
  }

  /** Creates every subscription of every channel whose id is known (twurple sends them once the socket is ready). */
  private subscribeAll(): void {
    const { log } = this.o;
    const bot = this.o.botUserId;
    for (const s of this.states.values()) {
      if (!s.id) {
        log.error('cannot subscribe to a channel whose id is unknown; check the login', { channel: s.name });
        continue;
      }
      const b = s.id;
      const l = this.listener;
      const add = (kind: SubKind, sub: EventSubSubscription) => this.subs.set(sub, { channel: s.name, kind });
      add(
        'chat',
        l.onChannelChatMessage(b, bot, (e) => this.onChat(s, getRawData(e) as unknown as ChatMessagePayload)),
      );
      add(
        'notification',
        l.onChannelChatNotification(b, bot, (e) => this.onNotification(s, getRawData(e) as unknown as ChatNotificationPayload)),
      );
      add(
        'delete',
        l.onChannelChatMessageDelete(b, bot, (e) => this.onFallbackAction(s, 'delete', getRawData(e) as unknown as MessageDeletePayload)),
      );
      add(
        'clear-user',
        l.onChannelChatClearUserMessages(b, bot, (e) => this.onFallbackAction(s, 'clear-user', getRawData(e) as unknown as ClearUserMessagesPayload)),
      );
      add(
        'clear',
        l.onChannelChatClear(b, bot, () => this.onFallbackAction(s, 'clear', undefined)),
      );
      add(
        'moderate',
        l.onChannelModerate(b, bot, (e) => this.onModerate(s, getRawData(e) as unknown as ModeratePayload)),
      );
      add(
        'automod',
        l.onAutoModMessageHold(b, bot, (e) => void this.onAutoModHold(s, getRawData(e) as unknown as AutoModHoldPayload)),
      );
      add(
        'suspicious',
        l.onChannelSuspiciousUserMessage(b, bot, (e) => this.onSuspicious(s, getRawData(e) as unknown as SuspiciousUserMessagePayload)),
      );
    }
  }

  private wire(): void {
    const { log, bot } = this.o;
    const l = this.listener;
    l.onUserSocketConnect(() => {
      this.connected = true;
      log.info('EventSub connected');
    });
    l.onUserSocketDisconnect((_user, error) => {
      this.connected = false;
      for (const s of this.states.values()) {
        s.moderateActive = false;
        s.joined = false;
      }
      if (this.closed || !error) log.info('EventSub disconnected');
      else log.warn('EventSub connection lost; twurple reconnects and subscribes again', { reason: error.message });
    });
    l.onSubscriptionCreateSuccess((sub) => {
      const info = this.subs.get(sub);
      if (!info || this.closed) return;
      const s = this.states.get(info.channel)!;
      if (info.kind === 'moderate') s.moderateActive = true;
      if (info.kind !== 'chat') return;
      s.joined = true;
      log.info('joined channel (EventSub chat subscription active)', { channel: s.name });
      logRole(log, s.name, s.role);
      this.enqueue(s, async () => {
        await this.refreshSlowMode(s);
        await bot.channelEvent(s.name, s.actions, { kind: 'joined' });
      });
      for (const fn of this.joinedListeners) fn(s.name);
    });
    l.onSubscriptionCreateFailure((sub, error) => {
      const info = this.subs.get(sub);
      if (!info || this.closed) return;
      const level = info.kind === 'chat' ? 'error' : 'warn';
      log[level]('EventSub subscription refused', {
        channel: info.channel,
        subscription: sub.id.split('.').slice(0, -2).join('.') || sub.id,
        error: error.message,
        fix: SUB_FIX[info.kind],
      });
    });
    l.onRevoke((sub, status) => {
      const info = this.subs.get(sub);
      if (!info) return;
      const s = this.states.get(info.channel)!;
      if (info.kind === 'moderate') s.moderateActive = false;
      log.error('Twitch revoked an EventSub subscription', {
        channel: info.channel,
        subscription: info.kind,
        status,
        fix: status === 'authorization_revoked' ? 'run `npm run auth`' : status === 'moderator_removed' ? 'make the bot a moderator again' : 'restart the bot',
      });
    });
  }

  private onChat(s: ChannelState, e: ChatMessagePayload): void {
    if (this.closed) return;
    let message;
    try {
      message = chatMessageFromEventSub(e, this.o.clock.now());
    } catch (err) {
      this.o.log.warn('unreadable chat message skipped', { channel: s.name, error: err });
      return;
    }
    // EventSub sends the bot its own messages too; Bot ignores them by user id.
    const bot = this.o.bot;
    bot.prepare(message);
    this.enqueue(s, async () => {
      // Decide, then act: the next message does not wait for this one's Helix calls
      const { ctx, settled } = await bot.decide(message, s.actions);
      for (const fn of this.decidedListeners) fn(ctx);
      void settled.then(() => {
        for (const fn of this.handledListeners) fn(ctx);
      });
    });
  }

  private onNotification(s: ChannelState, e: ChatNotificationPayload): void {
    const raid = raidFromNotification(e);
    if (!raid || this.closed) return;
    this.o.log.debug('incoming raid', { channel: s.name, from: raid.fromLogin, viewers: raid.viewers });
    this.enqueue(s, () => this.o.bot.channelEvent(s.name, s.actions, raid));
  }

  /** `channel.moderate`: other moderators' actions with their names; the bot's own are skipped by moderator id. Slow mode changes feed the send limits. */
  private onModerate(s: ChannelState, e: ModeratePayload): void {
    if (this.closed) return;
    if (e.action === 'slow') s.slowSeconds = Number((e as { slow?: { wait_time_seconds?: number } }).slow?.wait_time_seconds) || 0;
    if (e.action === 'slowoff') s.slowSeconds = 0;
    if (e.moderator_user_id === this.o.botUserId) return;
    const event = actionFromModerate(e, this.o.clock.now());
    if (event) this.emitModeratorAction(s, event);
  }

  /** Chat deletion/clear events: used only while `channel.moderate` is not available (bot not a moderator, missing scopes). */
  private onFallbackAction(s: ChannelState, kind: 'delete' | 'clear-user' | 'clear', e: MessageDeletePayload | ClearUserMessagesPayload | undefined): void {
    if (this.closed || s.moderateActive) return;
    let event: ChannelEvent & { kind: 'moderator-action' };
    if (kind === 'delete') {
      const d = e as MessageDeletePayload;
      if (s.own.claim('delete', d.message_id)) return;
      event = actionFromMessageDelete(d);
    } else if (kind === 'clear-user') {
      const c = e as ClearUserMessagesPayload;
      if (s.own.claim('timeout', c.target_user_id)) return;
      event = actionFromClearUserMessages(c);
    } else {
      event = { kind: 'moderator-action', action: 'clear' };
    }
    this.emitModeratorAction(s, event);
  }

  private emitModeratorAction(s: ChannelState, event: ChannelEvent & { kind: 'moderator-action' }): void {
    this.o.log.info('moderation by another moderator', {
      channel: s.name,
      action: event.action,
      moderator: event.moderator?.login,
      user: event.target?.login,
      seconds: event.durationSeconds,
    });
    this.enqueue(s, () => this.o.bot.channelEvent(s.name, s.actions, event));
  }

  /** Logs a message AutoMod held for review, with the bot's own score beside AutoMod's verdict. */
  private async onAutoModHold(s: ChannelState, e: AutoModHoldPayload): Promise<void> {
    let score: number | undefined;
    try {
      score = await this.o.assessHeld?.(s.name, e.message?.text ?? '');
    } catch (err) {
      this.o.log.debug('could not score the held message', { channel: s.name, error: err });
    }
    this.o.log.info('AutoMod held a message', {
      channel: s.name,
      user: e.user_login,
      messageId: e.message_id,
      text: e.message?.text,
      automodCategory: e.category,
      automodLevel: e.level,
      botScore: score === undefined ? 'none' : Math.round(score * 1000) / 1000,
    });
  }

  /** A suspicious user (low trust, likely ban evader) counts as a first-time chatter. */
  private onSuspicious(s: ChannelState, e: SuspiciousUserMessagePayload): void {
    const chatters = this.o.chatters;
    if (!chatters) return;
    if (isSuspicious(e)) {
      chatters.markNew(s.name, e.user_id);
      this.o.log.info('suspicious user counts as new', {
        channel: s.name,
        user: e.user_login,
        status: e.low_trust_status,
        evasion: e.ban_evasion_evaluation,
        types: e.types,
      });
    } else if (chatters.get(s.name, e.user_id)?.markedNew) {
      chatters.unmarkNew(s.name, e.user_id);
    }
  }

  /** Reads slow mode once per join (then `channel.moderate` keeps it current). */
  private async refreshSlowMode(s: ChannelState): Promise<void> {
    const settings = await s.actions.getChatSettings();
    if (settings) s.slowSeconds = settings.slow ? settings.slowDelaySeconds : 0;
  }

  private enqueue(s: ChannelState, job: () => Promise<void>): void {
    const max = this.o.maxQueuedPerChannel ?? 2000;
    if (s.queue.length >= max) {
      s.queue.shift();
      this.droppedTotal++;
      this.o.log.warn('message queue full; oldest waiting message dropped', { channel: s.name, max });
    }
    s.queue.push(job);
    if (!s.running) void this.drain(s);
  }

  private async drain(s: ChannelState): Promise<void> {
    s.running = true;
    try {
      for (let job = s.queue.shift(); job; job = s.queue.shift()) {
        try {
          await job();
        } catch (err) {
          this.o.log.error('message handling failed', { channel: s.name, error: err });
        }
      }
    } finally {
      s.running = false;
    }
  }
}

/** Notes a moderation call of the bot, so its echo (chat deletion events) is known as its own. */
function noteOwn(own: OwnActions, r: ModerationRequest): void {
  if (r.kind === 'deleteMessage') own.note('delete', r.messageId);
  else if (r.kind === 'timeout' || r.kind === 'ban' || r.kind === 'unban') own.note(r.kind, r.userId);
}
