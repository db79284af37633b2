import { ApiClient } from '@twurple/api';
import { getTokenInfo, InvalidTokenError, type AuthProvider } from '@twurple/auth';
import { ChatClient, ClearChat, ClearMsg, LogLevel, RoomState, UserState, type ChatMessage as TwurpleMessage, type TwitchBotLevel } from '@twurple/chat';
import type { Bot } from '../bot/bot.js';
import { SystemClock, type Clock } from '../chat/clock.js';
import type { ChatContext } from '../chat/context.js';
import type { Logger } from '../chat/logger.js';
import { applyApiTarget, chatConnectionOptions, type TwitchTarget } from './connection.js';
import { actionFromClearChat, deletionFromClearMsg, toChatMessage } from './convert.js';
import { OwnActions } from './own-actions.js';
import { EffectQueue, type LaneStats } from '../bot/effects/effect-queue.js';
import { CHAT_LANE, HELIX_LANE, QueuedActions } from '../bot/effects/queued-actions.js';
import type { ModerationRequest } from '../bot/effects/transport.js';
import type { HealthCheck } from '../bot/health.js';
import { failureText } from './helix-errors.js';
import { HelixTransport } from './helix-transport.js';

/** What the bot is in a channel, as far as the start-up check and USERSTATE tell. */
export type ChannelRole = 'broadcaster' | 'moderator' | 'not-moderator' | 'unknown';

/** Options of {@link TwitchRuntime.start}. */
export interface TwitchRuntimeOptions {
  target: TwitchTarget;
  /** Provider holding the bot's user token with intent `chat`. */
  authProvider: AuthProvider;
  botUserId: string;
  botLogin: string;
  /** Channel logins to join. */
  channels: readonly string[];
  bot: Bot;
  /** The bot's clock (simulated in tests/replays): stamps messages that lack `tmi-sent-ts`. */
  clock: Clock;
  /**
   * Wall time for connection housekeeping (Helix backoff and deadlines, join settling, drain on
   * close, hourly token validation): network waits are real even when the bot's clock is
   * simulated. Default `SystemClock`.
   */
  ioClock?: Clock;
  log: Logger;
  /** `auto`: moderator rate limits when the bot is mod/broadcaster in every channel. Default `auto`. */
  isAlwaysMod?: boolean | 'auto';
  /** Default `none`. */
  botLevel?: TwitchBotLevel;
  /** Extra attempts of an effect (Helix call, chat message) after a retryable failure. Default 2. */
  helixRetries?: number;
  /** First retry backoff in ms (doubled each attempt; a 429's own wait wins when longer). Default 1000. */
  helixBackoffMs?: number;
  /** Deadline of one Helix action in ms: past it the request is aborted and reported. Default 30000. */
  helixTimeoutMs?: number;
  /** Deadline of a chat message in ms (a late answer is dropped, not sent). Default 20000. */
  chatDeadlineMs?: number;
  /** Messages waiting per channel before the oldest waiting ones are dropped. Default 2000. */
  maxQueuedPerChannel?: number;
  /** Interval of the one summary line about dropped messages, in ms. Default 10000. */
  dropSummaryEveryMs?: number;
  /** How often chat is checked to be connected or reconnecting, in ms. Default 15000. */
  chatWatchdogMs?: number;
  /** Twitch asks apps to validate their token every hour; ms between validations. Default 3600000. */
  validateEveryMs?: number;
}

/** One failed Helix attempt of a channel's actions. */
export interface HelixFailure {
  channel: string;
  /** Action name: `deleteMessage`, `timeout`, `ban`, ... */
  action: string;
  /** HTTP status, absent for network errors and deadlines. */
  status: number | undefined;
}

/** Per-channel state: actions, the serial message queue, the role of the bot. */
interface ChannelState {
  name: string;
  id: string | undefined;
  role: ChannelRole;
  actions: QueuedActions;
  /** The bot's own recent moderation actions in the channel (told apart from other moderators'). */
  own: OwnActions;
  queue: (() => Promise<void>)[];
  running: boolean;
}

/** Chat budget kept below twurple's own limiter (100 or 20 messages per 32 s) so it never queues. */
const MOD_CHAT_BUDGET = { tokens: 90, perMs: 32_000 };
const REGULAR_CHAT_BUDGET = { tokens: 18, perMs: 32_000 };
/** Helix: 800 points per minute per user token; keep a margin for start-up and other calls. */
const HELIX_BUDGET = { tokens: 700, perMs: 60_000 };

/**
 * The bot on Twitch (or the sandbox, same code): one `ChatClient` joined to every channel, one
 * `ApiClient` for start-up checks. Messages of a channel go through `bot.handle` one at a time, in
 * arrival order (so moderation sees chat in order and decisions keep their order), while their
 * encoding starts on arrival so several messages share an encoder batch; joins and incoming raids go
 * to `bot.channelEvent` through the same queue. Effects (Helix moderation, chat messages) go to
 * one {@link EffectQueue} shared by all channels, so the pipeline never waits for Twitch. Reconnection and rejoin are twurple's (ircv3 reconnects
 * with backoff; `channels` is resolved again on every registration); connection changes are logged.
 */
export class TwitchRuntime {
  readonly chat: ChatClient;
  readonly api: ApiClient;
  private readonly states = new Map<string, ChannelState>();
  /** The effect queues (Helix moderation first, then chat), shared by every channel. */
  readonly effects: EffectQueue;
  readonly transport: HelixTransport;
  private dropped = 0;
  private droppedTotal = 0;
  private dropSummary: (() => void) | undefined;
  private readonly handledListeners = new Set<(ctx: ChatContext) => void>();
  private readonly decidedListeners = new Set<(ctx: ChatContext) => void>();
  private readonly joinedListeners = new Set<(channel: string) => void>();
  private readonly helixFailureListeners = new Set<(failure: HelixFailure) => void>();
  private closed = false;
  private cancelValidate: (() => void) | undefined;
  private cancelWatchdog: (() => void) | undefined;
  private readonly io: Clock;
  /** Moderator-level chat rate limits, decided at start. */
  readonly isAlwaysMod: boolean;

  private constructor(
    private readonly o: TwitchRuntimeOptions,
    api: ApiClient,
    roles: Map<string, { id: string | undefined; role: ChannelRole }>,
  ) {
    this.api = api;
    this.io = o.ioClock ?? new SystemClock();
    const log = o.log;
    const allMod = [...roles.values()].every((r) => r.role === 'broadcaster' || r.role === 'moderator');
    const isAlwaysMod = o.isAlwaysMod === undefined || o.isAlwaysMod === 'auto' ? allMod && roles.size > 0 : o.isAlwaysMod;
    this.isAlwaysMod = isAlwaysMod;
    log.info(isAlwaysMod ? 'chat rate limit: moderator (100 messages / 30 s)' : 'chat rate limit: regular (20 messages / 30 s, 1 s between messages)');
    const channels = [...o.channels];
    const chatTarget = chatConnectionOptions(o.target);
    this.chat = new ChatClient({
      authProvider: o.authProvider,
      channels: () => channels,
      rejoinChannelsOnReconnect: false,
      isAlwaysMod,
      botLevel: o.botLevel ?? 'none',
      logger: twurpleLogger(log.child({ component: 'twurple:chat' })),
      ...chatTarget,
    });
    this.transport = new HelixTransport({
      authProvider: o.authProvider,
      botUserId: o.botUserId,
      broadcasterId: (channel, signal) => this.broadcasterId(channel, signal),
      chat: this.chat,
    });
    const helixDeadline = o.helixTimeoutMs ?? 30_000;
    this.effects = new EffectQueue({
      clock: this.io,
      classify: (err) => this.transport.classify(err),
      onAttemptFailure: (f) => {
        if (f.lane !== HELIX_LANE) return;
        for (const fn of this.helixFailureListeners) fn({ channel: f.channel, action: f.label, status: f.status });
      },
      maxAttempts: (o.helixRetries ?? 2) + 1,
      backoffMs: o.helixBackoffMs ?? 1000,
      log: log.child({ component: 'effects' }),
      lanes: {
        [HELIX_LANE]: { concurrency: 8, budget: HELIX_BUDGET, deadlineMs: helixDeadline },
        [CHAT_LANE]: { concurrency: 4, budget: isAlwaysMod ? MOD_CHAT_BUDGET : REGULAR_CHAT_BUDGET, deadlineMs: o.chatDeadlineMs ?? 20_000 },
      },
    });
    for (const name of channels) {
      const r = roles.get(name) ?? { id: undefined, role: 'unknown' as const };
      const own = new OwnActions(this.io);
      const state: ChannelState = {
        name,
        id: r.id,
        role: r.role,
        own,
        queue: [],
        running: false,
        actions: new QueuedActions({
          channel: name,
          queue: this.effects,
          transport: this.transport,
          log: log.child({ channel: name }),
          onModerate: (r) => noteOwn(own, r),
          cacheClock: o.clock,
        }),
      };
      this.states.set(name, state);
    }
    this.wire();
  }

  /** Checks the bot's role per channel, then connects and joins. Resolves once connecting started. */
  static async start(o: TwitchRuntimeOptions): Promise<TwitchRuntime> {
    applyApiTarget(o.target);
    const api = new ApiClient({ authProvider: o.authProvider, logger: twurpleLogger(o.log.child({ component: 'twurple:api' })) });
    const roles = await checkRoles(api, o);
    const rt = new TwitchRuntime(o, api, roles);
    rt.chat.connect();
    rt.scheduleValidation();
    rt.scheduleWatchdog();
    return rt;
  }

  /** The provider holding the bot's token. */
  get authProvider(): AuthProvider {
    return this.o.authProvider;
  }

  /** The bot's role in each channel. */
  get roles(): ReadonlyMap<string, ChannelRole> {
    return new Map([...this.states].map(([k, s]) => [k, s.role]));
  }

  /** The actions of a joined channel. */
  actionsFor(channel: string): QueuedActions | undefined {
    return this.states.get(channel.replace(/^#/, '').toLowerCase())?.actions;
  }

  /** Called after each message went through the whole pipeline and its effects settled. Returns the unsubscribe function. */
  onHandled(fn: (ctx: ChatContext) => void): () => void {
    this.handledListeners.add(fn);
    return () => this.handledListeners.delete(fn);
  }

  /** Called as soon as the pipeline decided on a message (its effects may still be running). Returns the unsubscribe function. */
  onDecided(fn: (ctx: ChatContext) => void): () => void {
    this.decidedListeners.add(fn);
    return () => this.decidedListeners.delete(fn);
  }

  /** Called for each failed Helix attempt (metrics). Returns the unsubscribe function. */
  onHelixFailure(fn: (failure: HelixFailure) => void): () => void {
    this.helixFailureListeners.add(fn);
    return () => this.helixFailureListeners.delete(fn);
  }

  /** Called each time the bot (re)joins a channel. Returns the unsubscribe function. */
  onJoined(fn: (channel: string) => void): () => void {
    this.joinedListeners.add(fn);
    return () => this.joinedListeners.delete(fn);
  }

  /** Resolves when every channel is joined, or rejects after `timeoutMs` naming the missing ones. */
  waitUntilJoined(timeoutMs = 15_000): Promise<void> {
    const want = [...this.states.keys()];
    const joined = () => new Set(this.chat.currentChannels.map((c) => c.replace(/^#/, '')));
    if (want.every((c) => joined().has(c))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cancel = this.io.setTimer(timeoutMs, () => {
        off();
        reject(new Error(`not joined after ${timeoutMs} ms: ${want.filter((c) => !joined().has(c)).join(', ')}`));
      });
      const off = this.onJoined(() => {
        if (want.every((c) => joined().has(c))) {
          off();
          cancel();
          // Resolve after twurple has finished its own join bookkeeping (rate-limiter timers).
          this.io.setTimer(0, resolve);
        }
      });
    });
  }

  /** Health of chat, the message queues and the effect lanes (for `/healthz`). */
  health(): Record<string, HealthCheck> {
    const lanes = this.effects.stats();
    const waiting = [...this.states.values()].reduce((n, s) => n + s.queue.length, 0);
    const lane = (l: LaneStats | undefined, name: string): HealthCheck => {
      if (!l) return { status: 'ok', detail: 'idle' };
      const paused = l.pausedUntil > 0;
      const detail = `${l.waiting} waiting, ${l.running} running, ${l.ok} ok, ${l.failed} failed, ${l.deadline} past deadline, ${l.shed} shed, ${l.coalesced} coalesced${paused ? `, paused (Helix failing or rate-limited) until ${new Date(l.pausedUntil).toISOString()}` : ''}`;
      return { status: paused || l.waiting > 100 ? 'degraded' : 'ok', detail: `${name}: ${detail}` };
    };
    return {
      chat: this.chat.isConnected
        ? { status: 'ok', detail: `connected, ${this.chat.currentChannels.length}/${this.states.size} channels joined` }
        : { status: 'degraded', detail: this.chat.isConnecting ? 'connecting' : 'disconnected; twurple reconnects' },
      pipeline: { status: waiting > 1000 ? 'degraded' : 'ok', detail: `${waiting} messages waiting, ${this.droppedTotal} dropped since start` },
      helix: lane(lanes[HELIX_LANE], 'moderation'),
      replies: lane(lanes[CHAT_LANE], 'chat'),
    };
  }

  /** Messages dropped since start because a channel's queue was full. */
  get droppedMessages(): number {
    return this.droppedTotal;
  }

  /** Leaves chat and waits (up to `drainMs`) for messages being handled. */
  async close(drainMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelValidate?.();
    this.cancelWatchdog?.();
    this.dropSummary?.();
    for (const s of this.states.values()) s.queue.length = 0;
    // Let a join that just completed settle first: twurple's join rate limiter arms an 11 s timer
    // after each join, and one armed after quit() would keep the process alive.
    await new Promise<void>((r) => this.io.setTimer(0, r));
    this.chat.quit();
    const deadline = this.io.now() + drainMs;
    while ([...this.states.values()].some((s) => s.running) && this.io.now() < deadline) {
      await new Promise<void>((r) => this.io.setTimer(20, r));
    }
    this.effects.close();
  }

  /** Validates the token every hour (Twitch's rule for chat apps); refreshes it when it was revoked or expired. */
  private scheduleValidation(): void {
    const every = this.o.validateEveryMs ?? 3_600_000;
    this.cancelValidate = this.io.setTimer(every, () => {
      void this.validateToken().finally(() => {
        if (!this.closed) this.scheduleValidation();
      });
    });
  }

  /** One validation round; returns whether the token is valid now. */
  async validateToken(): Promise<boolean> {
    const { authProvider, botUserId, log } = this.o;
    try {
      const token = await authProvider.getAccessTokenForUser(botUserId);
      if (!token) throw new InvalidTokenError();
      await getTokenInfo(token.accessToken, authProvider.clientId);
      return true;
    } catch (err) {
      if (!(err instanceof InvalidTokenError) || !authProvider.refreshAccessTokenForUser) {
        log.warn('token validation failed; trying again later', { error: failureText(err) });
        return false;
      }
      try {
        await authProvider.refreshAccessTokenForUser(botUserId);
        log.info('token was no longer valid; refreshed');
        return true;
      } catch {
        // AuthMonitor classified the failure: retried with backoff, or revoked (exit)
        return false;
      }
    }
  }

  /** Connects chat again when twurple gave up (a failed login during an auth outage quits for good). */
  reconnectIfDown(): boolean {
    if (this.closed || this.chat.isConnected || this.chat.isConnecting) return false;
    this.o.log.info('chat is not connected and twurple stopped trying; connecting again');
    this.chat.connect();
    return true;
  }

  /** Checks every `chatWatchdogMs` that chat is connected or connecting. */
  private scheduleWatchdog(): void {
    const every = this.o.chatWatchdogMs ?? 15_000;
    this.cancelWatchdog = this.io.setTimer(every, () => {
      this.reconnectIfDown();
      if (!this.closed) this.scheduleWatchdog();
    });
  }

  private async broadcasterId(channel: string, signal: AbortSignal): Promise<string> {
    const s = this.states.get(channel);
    if (s?.id) return s.id;
    const id = await this.transport.userIdOf(channel, signal);
    if (s) s.id = id;
    return id;
  }

  private wire(): void {
    const { log, bot, clock } = this.o;
    this.chat.onConnect(() => log.info('chat connected'));
    this.chat.onDisconnect((manually, reason) => {
      if (manually || this.closed) log.info('chat disconnected');
      else log.warn('chat connection lost; twurple reconnects', { reason: reason?.message });
    });
    this.chat.onAuthenticationFailure((text, retries) => log.error('chat login refused. Fix: run `npm run auth`', { reason: text, retries }));
    // The full ROOMSTATE after a JOIN is Twitch's join acknowledgement (twurple's own handler,
    // registered first, has already marked the channel joined).
    this.chat.irc.onTypedMessage(RoomState, (msg) => {
      if (!(msg.tags.has('subs-only') && msg.tags.has('slow'))) return;
      const name = msg.channel.replace(/^#/, '').toLowerCase();
      if (!this.states.has(name)) return;
      log.info('joined channel', { channel: name });
      const s = this.states.get(name)!;
      this.enqueue(s, () => bot.channelEvent(name, s.actions, { kind: 'joined' }));
      for (const fn of this.joinedListeners) fn(name);
    });
    // USERNOTICE msg-id=raid: queued like a message, so moderation knows before the raiders talk
    this.chat.onRaid((channel, user, info, msg) => {
      const name = channel.replace(/^#/, '').toLowerCase();
      const s = this.states.get(name);
      if (!s || this.closed) return;
      const fromLogin = (msg.tags.get('msg-param-login') || user).toLowerCase();
      const viewers = Number.isFinite(info.viewerCount) ? info.viewerCount : 0;
      const fromUserId = msg.tags.get('user-id') || undefined;
      log.debug('incoming raid', { channel: name, from: fromLogin, viewers });
      this.enqueue(s, () =>
        bot.channelEvent(name, s.actions, { kind: 'raid', fromLogin, ...(fromUserId ? { fromUserId } : {}), fromDisplayName: info.displayName, viewers }),
      );
    });
    // CLEARMSG/CLEARCHAT echo every deletion, timeout, ban and clear; those the bot did not take
    // itself are other moderators' (or AutoMod's), queued like messages for the modules.
    this.chat.irc.onTypedMessage(ClearMsg, (msg) => {
      const s = this.stateOf(msg.channel);
      if (!s || s.own.claim('delete', msg.targetMessageId)) return;
      const event = deletionFromClearMsg(msg);
      log.info('message deleted by another moderator', { channel: s.name, user: event.target?.login, messageId: event.messageId });
      this.enqueue(s, () => bot.channelEvent(s.name, s.actions, event));
    });
    this.chat.irc.onTypedMessage(ClearChat, (msg) => {
      const s = this.stateOf(msg.channel);
      if (!s) return;
      const event = actionFromClearChat(msg);
      const targetId = event.target?.id;
      if (event.action === 'clear' ? s.own.claim('clear', s.name) : targetId !== undefined && s.own.claim(event.action === 'ban' ? 'ban' : 'timeout', targetId))
        return;
      log.info('moderation by another moderator', { channel: s.name, action: event.action, user: event.target?.login, seconds: event.durationSeconds });
      this.enqueue(s, () => bot.channelEvent(s.name, s.actions, event));
    });
    this.chat.onJoinFailure((channel, reason) => log.error('could not join channel', { channel, reason }));
    // USERSTATE after a join tells whether the bot wears a moderator badge there.
    this.chat.irc.onTypedMessage(UserState, (msg) => {
      const name = msg.channel.replace(/^#/, '').toLowerCase();
      const s = this.states.get(name);
      if (!s) return;
      const badges = msg.tags.get('badges') ?? '';
      const role: ChannelRole = /(^|,)broadcaster\//.test(badges)
        ? 'broadcaster'
        : /(^|,)moderator\//.test(badges) || msg.tags.get('mod') === '1'
          ? 'moderator'
          : 'not-moderator';
      if (role !== s.role) {
        s.role = role;
        logRole(log, name, role);
        if (role === 'not-moderator' && this.isAlwaysMod)
          log.warn(
            'moderator chat rate limits are on but the bot is not a moderator here; messages may be dropped. Fix: make it a moderator, or restart to use regular limits',
            { channel: name },
          );
      }
    });
    // Regular messages and `/me` actions go through the same pipeline (spam comes both ways).
    const onChat = (channel: string, text: string, msg: TwurpleMessage) => {
      const name = channel.replace(/^#/, '').toLowerCase();
      const s = this.states.get(name);
      if (!s || this.closed) return;
      let message;
      try {
        message = toChatMessage(name, text, msg, clock.now());
      } catch (err) {
        log.warn('unreadable chat message skipped', { channel: name, error: err });
        return;
      }
      if (!s.id && message.channelId) s.id = message.channelId;
      // Encoding starts now, while earlier messages are still being handled: batches form
      bot.prepare(message);
      this.enqueue(s, async () => {
        // Decide, then act: the next message does not wait for this one's Helix calls
        const { ctx, settled } = await bot.decide(message, s.actions);
        for (const fn of this.decidedListeners) fn(ctx);
        void settled.then(() => {
          for (const fn of this.handledListeners) fn(ctx);
        });
      });
    };
    this.chat.onMessage((channel, _user, text, msg) => onChat(channel, text, msg));
    this.chat.onAction((channel, _user, text, msg) => onChat(channel, text, msg));
  }

  private stateOf(channel: string): ChannelState | undefined {
    if (this.closed) return undefined;
    return this.states.get(channel.replace(/^#/, '').toLowerCase());
  }

  private enqueue(s: ChannelState, job: () => Promise<void>): void {
    const max = this.o.maxQueuedPerChannel ?? 2000;
    if (s.queue.length >= max) {
      s.queue.shift();
      this.noteDrop();
    }
    s.queue.push(job);
    if (!s.running) void this.drain(s);
  }

  /** Counts a dropped message; one summary line per interval (never one line per message). */
  private noteDrop(): void {
    this.dropped++;
    this.droppedTotal++;
    if (this.dropSummary) return;
    const every = this.o.dropSummaryEveryMs ?? 10_000;
    this.dropSummary = this.io.setTimer(every, () => {
      this.dropSummary = undefined;
      const n = this.dropped;
      this.dropped = 0;
      const waiting = Object.fromEntries([...this.states.values()].filter((s) => s.queue.length > 0).map((s) => [s.name, s.queue.length]));
      this.o.log.warn(`message queue full: ${n} oldest waiting messages dropped in the last ${Math.round(every / 1000)} s (the bot cannot keep up with chat)`, {
        dropped: n,
        totalDropped: this.droppedTotal,
        waiting,
      });
    });
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

/** Notes a moderation call of the bot, so its echo in chat (CLEARMSG/CLEARCHAT) is known as its own. */
function noteOwn(own: OwnActions, r: ModerationRequest): void {
  if (r.kind === 'deleteMessage') own.note('delete', r.messageId);
  else if (r.kind === 'timeout' || r.kind === 'ban' || r.kind === 'unban') own.note(r.kind, r.userId);
}

/** The bot's role per channel from Helix: channel ids, then the channels the bot moderates. */
async function checkRoles(api: ApiClient, o: TwitchRuntimeOptions): Promise<Map<string, { id: string | undefined; role: ChannelRole }>> {
  const out = new Map<string, { id: string | undefined; role: ChannelRole }>();
  for (const c of o.channels) out.set(c, { id: undefined, role: 'unknown' });
  try {
    const users = await api.asUser(o.botUserId, (ctx) => ctx.users.getUsersByNames([...o.channels]));
    for (const u of users) {
      const e = out.get(u.name.toLowerCase());
      if (e) e.id = u.id;
    }
    for (const [c, e] of out) if (!e.id) o.log.error('channel not found on Twitch; check the login', { channel: c });
  } catch (err) {
    o.log.warn('could not look up channel ids; using the ids chat reports', { error: (err as Error).message });
  }
  let moderated: Set<string> | undefined;
  try {
    const list = await api.asUser(o.botUserId, (ctx) => ctx.moderation.getModeratedChannelsPaginated(o.botUserId).getAll());
    moderated = new Set(list.map((m) => m.id));
  } catch (err) {
    o.log.debug('moderated-channels check unavailable; waiting for chat badges', { error: (err as Error).message });
  }
  for (const [c, e] of out) {
    if (e.id && e.id === o.botUserId) e.role = 'broadcaster';
    else if (e.id && moderated) e.role = moderated.has(e.id) ? 'moderator' : 'not-moderator';
    logRole(o.log, c, e.role);
  }
  return out;
}

function logRole(log: Logger, channel: string, role: ChannelRole): void {
  if (role === 'broadcaster') log.info('bot is the broadcaster of this channel: its moderation actions will work', { channel });
  else if (role === 'moderator') log.info('bot is a moderator here: its moderation actions will work', { channel });
  else if (role === 'not-moderator')
    log.warn(`bot is NOT a moderator here: moderation actions will fail. Fix: type "/mod <bot login>" in #${channel}`, { channel });
  else log.info('moderator status not known yet (checked again when joining)', { channel });
}

/** twurple's logger options routed into ours (its info as our debug; our logger redacts tokens in the text). */
function twurpleLogger(log: Logger) {
  return {
    minLevel: LogLevel.INFO,
    custom: (level: LogLevel, text: string) => {
      // Our onDisconnect handler logs a dropped connection in one clear line; skip twurple's copy
      if (/^Disconnected/.test(text)) log.debug(text);
      else if (level <= LogLevel.ERROR) log.error(text);
      else if (level === LogLevel.WARNING) log.warn(text);
      else log.debug(text);
    },
  };
}
