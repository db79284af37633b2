import { randomUUID } from 'node:crypto';
import { DEFAULT_CHAT_SETTINGS } from '../chat/actions.js';
import type { Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { Role } from '../chat/message.js';
import { findEmotes, type SandboxEmote } from './emote-offsets.js';
import { Listeners, type MessageSource, type RoomSettings, type SandboxChatMessage, type SandboxEvent, type StreamState } from './events.js';
import { badgesFor, LOGIN_PATTERN, UserRegistry, type SandboxUser } from './users.js';

/** Twitch refused a chat message (banned, slow mode...). `reason` is Twitch's NOTICE `msg-id`. */
export class ChatRejectedError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChatRejectedError';
  }
}

/** A viewer message to inject (see `Sandbox.sendAs`). */
export interface SendAsInput {
  /** Login (lowercase letters, digits, `_`); the user is created on first use. */
  login: string;
  /** Shown name; default: the login. Untrusted text: it grants nothing. */
  displayName?: string;
  /** Forces the user id of a new user (default: derived from the login). */
  userId?: string;
  /** Account creation time of a new user, ms (what Helix `GET users` says). Default: now. */
  accountCreatedAt?: number;
  /** Roles shown as badges; `broadcaster` requires `login` to be the channel. Default: none. */
  roles?: readonly Role[] | ReadonlySet<Role>;
  /** Extra badges, e.g. `{ founder: '0' }` or `{ premium: '1' }`. */
  badges?: Record<string, string>;
  /** Name colour `#RRGGBB`; default: a stable palette colour. */
  color?: string;
  text: string;
  /** Channel login; default: the sandbox's first channel. */
  channel?: string;
  /** Id of a message this one replies to. */
  replyTo?: string;
  /** Overrides the `first-msg` tag (default: true on the user's first message in the channel). */
  firstMessage?: boolean;
  /** Sends a `/me` action. Default false. */
  action?: boolean;
  /** Skips Twitch's chat rules (bans, slow, emote-only, duplicates...). Default false. */
  bypassChatRules?: boolean;
  /** Simulates Twitch shared chat: the message was posted in this other channel (adds `source-*` tags). */
  sourceChannel?: string;
}

/** Twitch's cap on one chat message, in characters. */
export const MAX_CHAT_LENGTH = 500;
/** Twitch forbids identical messages from one user within this window (non-moderators). */
const DUPLICATE_WINDOW_MS = 30_000;
/** Unique-chat (r9k) compares with channel messages this recent. */
const R9K_WINDOW_MS = 10 * 60_000;
/** Helix refuses to delete messages older than this. */
export const DELETE_MAX_AGE_MS = 6 * 3600_000;

interface BanEntry {
  /** End of a timeout (ms), `null` for a permanent ban. */
  until: number | null;
  reason: string;
  createdAt: number;
}

/** State of one channel (room). */
export class SandboxChannel {
  settings: RoomSettings = {
    ...DEFAULT_CHAT_SETTINGS,
    nonModeratorChatDelay: false,
    nonModeratorChatDelaySeconds: 2,
  };
  /** Recent messages by id, oldest first. */
  readonly messages = new Map<string, SandboxChatMessage>();
  readonly bans = new Map<string, BanEntry>();
  /** User ids that moderate this channel. */
  readonly moderators = new Set<string>();
  readonly vips = new Set<string>();
  /** User ids that have chatted here (for `first-msg`). */
  readonly seen = new Set<string>();
  readonly lastByUser = new Map<string, { text: string; at: number }>();
  readonly warnings = new Map<string, string>();
  /** Live status, title and category; switched with `SandboxHub.setStream` (page toggle, tests). */
  stream: StreamState;

  constructor(
    readonly login: string,
    readonly broadcaster: SandboxUser,
    createdAt = 0,
  ) {
    this.stream = { live: true, startedAt: createdAt, title: 'Local sandbox stream', game: 'Just Chatting' };
  }

  get id(): string {
    return this.broadcaster.id;
  }

  /** The active ban or timeout of a user, if any. */
  activeBan(userId: string, now: number): BanEntry | undefined {
    const ban = this.bans.get(userId);
    if (!ban) return undefined;
    if (ban.until !== null && ban.until <= now) {
      this.bans.delete(userId);
      return undefined;
    }
    return ban;
  }

  /** Roles of a user in this channel (broadcaster, moderator, vip from channel state). */
  channelRoles(userId: string): Set<Role> {
    const roles = new Set<Role>();
    if (userId === this.id) roles.add('broadcaster');
    if (this.moderators.has(userId)) roles.add('moderator');
    if (this.vips.has(userId)) roles.add('vip');
    return roles;
  }
}

/** Options of {@link SandboxHub}. */
export interface HubOptions {
  clock: Clock;
  log: Logger;
  emotes: readonly SandboxEmote[];
  bot: { login: string; displayName: string; id?: string };
  /** Whether the bot moderates every channel. */
  botIsModerator: boolean;
  /** Messages kept per channel. */
  historySize: number;
}

/** The shared state of the sandbox: users, channels and the event stream every front-end reads. */
export class SandboxHub {
  readonly users: UserRegistry;
  readonly channels = new Map<string, SandboxChannel>();
  readonly events = new Listeners<SandboxEvent>();
  readonly bot: SandboxUser;
  readonly clock: Clock;
  readonly log: Logger;
  emotes: readonly SandboxEmote[];

  constructor(private readonly options: HubOptions) {
    this.clock = options.clock;
    this.log = options.log;
    this.emotes = options.emotes;
    this.users = new UserRegistry(() => this.clock.now());
    this.bot = this.users.ensure(options.bot.login, {
      displayName: options.bot.displayName,
      ...(options.bot.id ? { id: options.bot.id } : {}),
      color: '#9147FF',
    });
  }

  /** Emits an event; a failing listener is logged, never thrown. */
  emit(event: SandboxEvent): void {
    this.events.emit(event, (error) => this.log.error('sandbox listener failed', { event: event.type, error }));
  }

  /** The channel named `login`, created on first use (its broadcaster is the user `login`). */
  channel(login: string): SandboxChannel {
    const key = login.toLowerCase().replace(/^#/, '');
    let channel = this.channels.get(key);
    if (!channel) {
      if (!LOGIN_PATTERN.test(key)) throw new Error(`Invalid channel "${login}": use a Twitch login (a-z, 0-9, _).`);
      channel = new SandboxChannel(key, this.users.ensure(key), this.clock.now());
      if (this.options.botIsModerator && this.bot.id !== channel.id) channel.moderators.add(this.bot.id);
      this.channels.set(key, channel);
    }
    return channel;
  }

  /** The channel whose room id is `id`. */
  channelById(id: string): SandboxChannel | undefined {
    for (const c of this.channels.values()) if (c.id === id) return c;
    return undefined;
  }

  /** Finds a message by id in any channel. */
  findMessage(id: string): SandboxChatMessage | undefined {
    for (const c of this.channels.values()) {
      const m = c.messages.get(id);
      if (m) return m;
    }
    return undefined;
  }

  /** Posts a viewer's message (sendAs, web page, background chat). Throws {@link ChatRejectedError}. */
  postAsViewer(input: SendAsInput, channelLogin: string, source: MessageSource): SandboxChatMessage {
    const channel = this.channel(input.channel ?? channelLogin);
    const roles = new Set<Role>(input.roles ?? []);
    // The bot's account only speaks through its own connection: a viewer taking its name would
    // otherwise rewrite its channel roles (demote it from moderator).
    if (input.login.toLowerCase() === this.bot.login || (input.userId !== undefined && input.userId === this.bot.id)) {
      throw new ChatRejectedError('reserved_name', `"${input.login}" is the bot's account; pick another name.`);
    }
    if (roles.has('broadcaster') && input.login.toLowerCase() !== channel.login) {
      throw new Error(`Only the channel's own login ("${channel.login}") can send as broadcaster, not "${input.login}".`);
    }
    const user = this.users.ensure(input.login, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.userId ? { id: input.userId } : {}),
      ...(input.color ? { color: input.color } : {}),
      ...(input.accountCreatedAt !== undefined ? { createdAt: input.accountCreatedAt } : {}),
    });
    if (user.id === channel.id) roles.add('broadcaster');
    // Channel roles follow what the sender claims: a moderator badge makes them a moderator here.
    if (roles.has('moderator')) channel.moderators.add(user.id);
    else channel.moderators.delete(user.id);
    if (roles.has('vip')) channel.vips.add(user.id);
    else channel.vips.delete(user.id);
    return this.post(channel, user, roles, input.text, {
      source,
      action: input.action ?? false,
      badges: input.badges ?? {},
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      ...(input.firstMessage !== undefined ? { firstMessage: input.firstMessage } : {}),
      ...(input.sourceChannel ? { sourceChannelId: this.channel(input.sourceChannel).id } : {}),
      bypass: input.bypassChatRules ?? false,
    });
  }

  /** Posts a message sent by a connected client (the bot) over IRC or Helix. Throws {@link ChatRejectedError}. */
  postAsClient(
    user: SandboxUser,
    channelLogin: string,
    text: string,
    opts: { source: 'irc' | 'helix'; action?: boolean; replyTo?: string; originConnection?: number },
  ): SandboxChatMessage {
    const channel = this.channel(channelLogin);
    const roles = channel.channelRoles(user.id);
    return this.post(channel, user, roles, text, {
      source: opts.source,
      action: opts.action ?? false,
      badges: {},
      ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
      ...(opts.originConnection !== undefined ? { originConnection: opts.originConnection } : {}),
      bypass: false,
    });
  }

  private post(
    channel: SandboxChannel,
    user: SandboxUser,
    roles: Set<Role>,
    rawText: string,
    opts: {
      source: MessageSource;
      action: boolean;
      badges: Record<string, string>;
      replyTo?: string;
      firstMessage?: boolean;
      originConnection?: number;
      sourceChannelId?: string;
      bypass: boolean;
    },
  ): SandboxChatMessage {
    const now = this.clock.now();
    // Twitch strips line breaks and NULs and caps a message at 500 characters.
    // eslint-disable-next-line no-control-regex
    const text = Array.from(rawText.replace(/[\r\n\0]+/g, ' '))
      .slice(0, MAX_CHAT_LENGTH)
      .join('')
      .trim();
    if (!text) throw new ChatRejectedError('msg_empty', 'Your message was empty.');
    const emotes = findEmotes(text, this.emotes);
    if (!opts.bypass) this.checkRules(channel, user, roles, text, emotes.length, now);
    const parent = opts.replyTo ? channel.messages.get(opts.replyTo) : undefined;
    const message: SandboxChatMessage = {
      id: randomUUID(),
      channel: channel.login,
      channelId: channel.id,
      user,
      roles,
      badges: badgesFor(roles, opts.badges),
      text,
      action: opts.action,
      emotes,
      timestamp: now,
      firstMessage: opts.firstMessage ?? !channel.seen.has(user.id),
      ...(parent
        ? {
            replyParent: {
              id: parent.id,
              userId: parent.user.id,
              login: parent.user.login,
              displayName: parent.user.displayName,
              text: parent.text,
            },
          }
        : {}),
      ...(opts.sourceChannelId && opts.sourceChannelId !== channel.id ? { sourceChannelId: opts.sourceChannelId } : {}),
      source: opts.source,
      deleted: false,
    };
    channel.seen.add(user.id);
    channel.lastByUser.set(user.id, { text, at: now });
    const deliver = (): void => {
      if (message.deleted) return;
      channel.messages.set(message.id, message);
      while (channel.messages.size > this.options.historySize) {
        channel.messages.delete(channel.messages.keys().next().value!);
      }
      this.emit({ type: 'message', message, ...(opts.originConnection !== undefined ? { originConnection: opts.originConnection } : {}) });
    };
    const privileged = roles.has('broadcaster') || roles.has('moderator');
    if (channel.settings.nonModeratorChatDelay && !privileged && !opts.bypass) {
      // Twitch holds non-moderator messages for a few seconds before showing them.
      this.clock.setTimer(channel.settings.nonModeratorChatDelaySeconds * 1000, deliver);
    } else {
      deliver();
    }
    return message;
  }

  /** Twitch's chat rules for a message; throws {@link ChatRejectedError} with Twitch's msg-id. */
  private checkRules(channel: SandboxChannel, user: SandboxUser, roles: Set<Role>, text: string, emoteCount: number, now: number): void {
    const ban = channel.activeBan(user.id, now);
    if (ban && ban.until === null) {
      throw new ChatRejectedError('msg_banned', `You are permanently banned from talking in ${channel.login}.`);
    }
    if (ban && ban.until !== null) {
      const left = Math.ceil((ban.until - now) / 1000);
      throw new ChatRejectedError('msg_timedout', `You are timed out for ${left} more seconds.`);
    }
    if (roles.has('broadcaster') || roles.has('moderator')) return;
    const s = channel.settings;
    if (s.emoteOnly && emoteCount < text.split(/\s+/).filter(Boolean).length) {
      throw new ChatRejectedError('msg_emoteonly', 'This room is in emote-only mode.');
    }
    if (s.subscriberOnly && !roles.has('subscriber') && !roles.has('vip')) {
      throw new ChatRejectedError('msg_subsonly', 'This room is in subscribers-only mode.');
    }
    const last = channel.lastByUser.get(user.id);
    if (s.slow && !roles.has('vip') && last && now - last.at < s.slowDelaySeconds * 1000) {
      const left = Math.ceil((last.at + s.slowDelaySeconds * 1000 - now) / 1000);
      throw new ChatRejectedError(
        'msg_slowmode',
        `This room is in slow mode and you are sending messages too quickly. You will be able to talk again in ${left} seconds.`,
      );
    }
    if (last && last.text === text && now - last.at < DUPLICATE_WINDOW_MS) {
      throw new ChatRejectedError('msg_duplicate', 'Your message was not sent because it is identical to the previous one you sent, less than 30 seconds ago.');
    }
    if (s.uniqueChat) {
      const key = text.toLowerCase().replace(/\s+/g, ' ');
      for (const m of channel.messages.values()) {
        if (now - m.timestamp < R9K_WINDOW_MS && !m.deleted && m.text.toLowerCase().replace(/\s+/g, ' ') === key) {
          throw new ChatRejectedError('msg_r9k', 'This room is in unique-chat mode and the message you attempted to send is not unique.');
        }
      }
    }
  }

  /** Marks a message deleted and announces it (CLEARMSG). */
  deleteMessage(channel: SandboxChannel, message: SandboxChatMessage, by: string): void {
    message.deleted = true;
    this.emit({ type: 'delete', channel: channel.login, message, by });
  }

  /** Clears the whole chat (CLEARCHAT without a user). */
  clearChat(channel: SandboxChannel, by: string): void {
    for (const m of channel.messages.values()) m.deleted = true;
    this.emit({ type: 'clear-all', channel: channel.login, by });
  }

  /** Bans (`durationSeconds` null) or times out a user, hiding their messages (CLEARCHAT). */
  banUser(channel: SandboxChannel, user: SandboxUser, durationSeconds: number | null, reason: string, by: string): BanEntry {
    const now = this.clock.now();
    const entry: BanEntry = { until: durationSeconds === null ? null : now + durationSeconds * 1000, reason, createdAt: now };
    channel.bans.set(user.id, entry);
    for (const m of channel.messages.values()) if (m.user.id === user.id) m.deleted = true;
    this.emit({ type: 'clear-user', channel: channel.login, user, durationSeconds, reason, by });
    return entry;
  }

  /** Lifts a ban or timeout. */
  unbanUser(channel: SandboxChannel, user: SandboxUser, by: string): void {
    channel.bans.delete(user.id);
    this.emit({ type: 'unban', channel: channel.login, user, by });
  }

  warnUser(channel: SandboxChannel, user: SandboxUser, reason: string, by: string): void {
    channel.warnings.set(user.id, reason);
    this.emit({ type: 'warn', channel: channel.login, user, reason, by });
  }

  /**
   * Switches a channel live or offline, or changes its title/category; going live restarts the
   * broadcast clock. Emits a `stream` event when something changed.
   */
  setStream(channel: SandboxChannel, patch: Partial<Omit<StreamState, 'startedAt'>>, by: string): StreamState {
    const before = JSON.stringify(channel.stream);
    const next = { ...channel.stream };
    if (patch.live !== undefined && patch.live !== next.live) {
      next.live = patch.live;
      if (patch.live) next.startedAt = this.clock.now();
    }
    if (patch.title !== undefined) next.title = patch.title.slice(0, 140);
    if (patch.game !== undefined) next.game = patch.game.slice(0, 100);
    channel.stream = next;
    if (JSON.stringify(next) !== before) this.emit({ type: 'stream', channel: channel.login, stream: { ...next }, by });
    return { ...next };
  }

  /** Applies settings; emits a `settings` event with what actually changed (nothing if no change). */
  updateSettings(channel: SandboxChannel, patch: Partial<RoomSettings>, by: string): Partial<RoomSettings> {
    const changed: Partial<RoomSettings> = {};
    const target = channel.settings as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined && target[k] !== v) {
        target[k] = v;
        (changed as Record<string, unknown>)[k] = v;
      }
    }
    if (Object.keys(changed).length > 0) {
      this.emit({ type: 'settings', channel: channel.login, settings: { ...channel.settings }, changed, by });
    }
    return changed;
  }
}
