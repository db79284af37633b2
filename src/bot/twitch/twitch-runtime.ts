import { ApiClient } from '@twurple/api';
import { getTokenInfo, InvalidTokenError, type AuthProvider } from '@twurple/auth';
import { ChatClient, ClearChat, ClearMsg, LogLevel, RoomState, UserState, type ChatMessage as TwurpleMessage, type TwitchBotLevel } from '@twurple/chat';
import type { Bot } from '../bot.js';
import { SystemClock, type Clock } from '../clock.js';
import type { ChatContext } from '../context.js';
import type { Logger } from '../logger.js';
import { applyApiTarget, chatConnectionOptions, type TwitchTarget } from './connection.js';
import { actionFromClearChat, deletionFromClearMsg, toChatMessage } from './convert.js';
import { OwnActions } from './own-actions.js';
import { failureText, HelixActions } from './helix-actions.js';

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
  /** Extra Helix attempts after a retryable failure. Default 2. */
  helixRetries?: number;
  /** First Helix retry backoff in ms. Default 1000. */
  helixBackoffMs?: number;
  /** Deadline of one Helix action in ms. Default 30000. */
  helixTimeoutMs?: number;
  /** Messages waiting per channel before the oldest waiting ones are dropped. Default 2000. */
  maxQueuedPerChannel?: number;
  /** Twitch asks apps to validate their token every hour; ms between validations. Default 3600000. */
  validateEveryMs?: number;
}

/** Per-channel state: actions, the serial message queue, the role of the bot. */
interface ChannelState {
  name: string;
  id: string | undefined;
  role: ChannelRole;
  actions: HelixActions;
  /** The bot's own recent moderation actions in the channel (told apart from other moderators'). */
  own: OwnActions;
  queue: (() => Promise<void>)[];
  running: boolean;
}

/**
 * The bot on Twitch (or the sandbox, same code): one `ChatClient` joined to every channel, one
 * `ApiClient` for Helix. Messages of a channel go through `bot.handle` one at a time, in arrival
 * order (so moderation sees chat in order); joins and incoming raids go to `bot.channelEvent` through
 * the same queue. Reconnection and rejoin are twurple's (ircv3 reconnects
 * with backoff; `channels` is resolved again on every registration); connection changes are logged.
 */
export class TwitchRuntime {
  readonly chat: ChatClient;
  readonly api: ApiClient;
  private readonly states = new Map<string, ChannelState>();
  private readonly handledListeners = new Set<(ctx: ChatContext) => void>();
  private readonly joinedListeners = new Set<(channel: string) => void>();
  private closed = false;
  private cancelValidate: (() => void) | undefined;
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
    this.chat = new ChatClient({
      authProvider: o.authProvider,
      channels: () => channels,
      rejoinChannelsOnReconnect: false,
      isAlwaysMod,
      botLevel: o.botLevel ?? 'none',
      logger: twurpleLogger(log.child({ component: 'twurple:chat' })),
      ...chatConnectionOptions(o.target),
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
        actions: new HelixActions({
          channel: name,
          broadcasterId: () => this.broadcasterId(name),
          botUserId: o.botUserId,
          api,
          chat: this.chat,
          clock: this.io,
          log: log.child({ channel: name }),
          retries: o.helixRetries,
          backoffMs: o.helixBackoffMs,
          timeoutMs: o.helixTimeoutMs,
          own,
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
  actionsFor(channel: string): HelixActions | undefined {
    return this.states.get(channel.replace(/^#/, '').toLowerCase())?.actions;
  }

  /** Called after each message went through the whole pipeline. Returns the unsubscribe function. */
  onHandled(fn: (ctx: ChatContext) => void): () => void {
    this.handledListeners.add(fn);
    return () => this.handledListeners.delete(fn);
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

  /** Leaves chat and waits (up to `drainMs`) for messages being handled. */
  async close(drainMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelValidate?.();
    for (const s of this.states.values()) s.queue.length = 0;
    // Let a join that just completed settle first: twurple's join rate limiter arms an 11 s timer
    // after each join, and one armed after quit() would keep the process alive.
    await new Promise<void>((r) => this.io.setTimer(0, r));
    this.chat.quit();
    const deadline = this.io.now() + drainMs;
    while ([...this.states.values()].some((s) => s.running) && this.io.now() < deadline) {
      await new Promise<void>((r) => this.io.setTimer(20, r));
    }
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
      } catch (refreshErr) {
        log.error('token invalid and refresh failed. Fix: run `npm run auth`', { error: failureText(refreshErr) });
        return false;
      }
    }
  }

  private async broadcasterId(channel: string): Promise<string> {
    const s = this.states.get(channel);
    if (s?.id) return s.id;
    const user = await this.api.asUser(this.o.botUserId, (ctx) => ctx.users.getUserByName(channel));
    if (!user) throw new Error(`channel ${channel} does not exist on Twitch`);
    if (s) s.id = user.id;
    return user.id;
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
      this.enqueue(s, () => bot.channelEvent(name, s.actions, { kind: 'raid', fromLogin, ...(fromUserId ? { fromUserId } : {}), fromDisplayName: info.displayName, viewers }));
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
      if (event.action === 'clear' ? s.own.claim('clear', s.name) : targetId !== undefined && s.own.claim(event.action === 'ban' ? 'ban' : 'timeout', targetId)) return;
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
      const role: ChannelRole = /(^|,)broadcaster\//.test(badges) ? 'broadcaster' : /(^|,)moderator\//.test(badges) || msg.tags.get('mod') === '1' ? 'moderator' : 'not-moderator';
      if (role !== s.role) {
        s.role = role;
        logRole(log, name, role);
        if (role === 'not-moderator' && this.isAlwaysMod) log.warn('moderator chat rate limits are on but the bot is not a moderator here; messages may be dropped. Fix: make it a moderator, or restart to use regular limits', { channel: name });
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
      this.enqueue(s, async () => {
        const ctx = await bot.handle(message, s.actions);
        for (const fn of this.handledListeners) fn(ctx);
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
  else if (role === 'not-moderator') log.warn(`bot is NOT a moderator here: moderation actions will fail. Fix: type "/mod <bot login>" in #${channel}`, { channel });
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
