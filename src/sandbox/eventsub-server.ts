import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { TokenInfo } from './auth.js';
import type { SandboxChatMessage, SandboxEvent } from './events.js';
import type { SandboxChannel, SandboxHub } from './hub.js';

/** A subscription as Helix reports it. */
export interface SandboxSubscription {
  id: string;
  status: 'enabled';
  type: string;
  version: string;
  condition: Record<string, string>;
  created_at: string;
  transport: { method: 'websocket'; session_id: string; connected_at: string };
  cost: number;
}

/** Thrown for a refused subscription request: status and Twitch's message. */
export class EventSubRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What each subscription type needs: version, scopes (any of), whether the user must moderate the channel, condition key of the user. */
const TYPES: Record<string, { version: string; scopes: string[]; moderator: boolean; userKey: 'user_id' | 'moderator_user_id' }> = {
  'channel.chat.message': { version: '1', scopes: ['user:read:chat'], moderator: false, userKey: 'user_id' },
  'channel.chat.notification': { version: '1', scopes: ['user:read:chat'], moderator: false, userKey: 'user_id' },
  'channel.chat.message_delete': { version: '1', scopes: ['user:read:chat'], moderator: false, userKey: 'user_id' },
  'channel.chat.clear_user_messages': { version: '1', scopes: ['user:read:chat'], moderator: false, userKey: 'user_id' },
  'channel.chat.clear': { version: '1', scopes: ['user:read:chat'], moderator: false, userKey: 'user_id' },
  'channel.moderate': { version: '2', scopes: ['moderator:read:banned_users', 'moderator:manage:banned_users'], moderator: true, userKey: 'moderator_user_id' },
  'automod.message.hold': { version: '1', scopes: ['moderator:manage:automod'], moderator: true, userKey: 'moderator_user_id' },
  'channel.suspicious_user.message': { version: '1', scopes: ['moderator:read:suspicious_users'], moderator: true, userKey: 'moderator_user_id' },
};

interface Session {
  id: string;
  ws: WebSocket;
  connectedAt: string;
  /** Welcome sent: subscriptions may name this session. */
  welcomed: boolean;
  keepalive: NodeJS.Timeout | undefined;
}

/** Options of {@link EventSubServer}. */
export interface EventSubServerOptions {
  hub: SandboxHub;
  /** `keepalive_timeout_seconds` of the welcome; a keepalive goes out every half of it. Default 10. */
  keepaliveSeconds?: number;
  /** Base of `reconnect_url`, e.g. `ws://127.0.0.1:PORT/ws` (known once listening). */
  url: () => string;
}

/**
 * Twitch's EventSub WebSocket, as twurple's `EventSubWsListener` uses it in mock mode
 * (`ws://127.0.0.1:PORT/ws`): `session_welcome` on connect, keepalives, notifications for the
 * subscriptions created through Helix `POST eventsub/subscriptions` on that session,
 * `session_reconnect` on request (subscriptions move to the new connection), and subscriptions
 * deleted when their connection closes (a client must subscribe again after reconnecting, as on Twitch).
 * Keepalives and notification timestamps use wall time: twurple checks them against its own clock.
 */
export class EventSubServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  /** Subscriptions by id. */
  readonly subscriptions = new Map<string, SandboxSubscription>();
  private readonly offHub: () => void;

  constructor(private readonly o: EventSubServerOptions) {
    this.offHub = o.hub.events.add((e) => this.onHubEvent(e));
  }

  /** Accepts a WebSocket upgrade on `/ws` (with `?reconnect=<old session>` after a `session_reconnect`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const from = new URL(req.url ?? '/ws', 'http://127.0.0.1').searchParams.get('reconnect');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, from ?? undefined));
  }

  /** Open sessions (connections that got their welcome). */
  get sessionCount(): number {
    return [...this.sessions.values()].filter((s) => s.welcomed && s.ws.readyState === WebSocket.OPEN).length;
  }

  /** Sends `session_reconnect` to every session; returns how many. Subscriptions follow the client to the new URL. */
  requestReconnect(): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (!s.welcomed || s.ws.readyState !== WebSocket.OPEN) continue;
      this.sendMessage(s, 'session_reconnect', {
        session: {
          id: s.id,
          status: 'reconnecting',
          keepalive_timeout_seconds: null,
          reconnect_url: `${this.o.url()}?reconnect=${s.id}`,
          connected_at: s.connectedAt,
        },
      });
      n++;
    }
    return n;
  }

  /** Closes every connection abruptly; their subscriptions are deleted. Returns how many were open. */
  dropAll(): number {
    const open = [...this.sessions.values()].filter((s) => s.ws.readyState === WebSocket.OPEN).length;
    for (const s of this.sessions.values()) s.ws.terminate();
    return open;
  }

  close(): Promise<void> {
    this.offHub();
    for (const s of this.sessions.values()) {
      clearInterval(s.keepalive);
      s.ws.terminate();
    }
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  /** Helix `POST eventsub/subscriptions` for a WebSocket session. Throws {@link EventSubRequestError}. */
  create(body: unknown, token: TokenInfo): SandboxSubscription {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const type = String(b['type'] ?? '');
    const spec = TYPES[type];
    if (!spec) throw new EventSubRequestError(400, `The sandbox does not serve the subscription type "${type}".`);
    if (String(b['version'] ?? '') !== spec.version)
      throw new EventSubRequestError(400, `Version ${String(b['version'])} of ${type} is not supported; use ${spec.version}.`);
    const transport = (b['transport'] ?? {}) as Record<string, unknown>;
    if (transport['method'] !== 'websocket') throw new EventSubRequestError(400, 'The sandbox only serves the websocket transport.');
    const session = this.sessions.get(String(transport['session_id'] ?? ''));
    if (!session || !session.welcomed || session.ws.readyState !== WebSocket.OPEN)
      throw new EventSubRequestError(400, 'websocket transport session does not exist or has already disconnected');
    const condition = Object.fromEntries(Object.entries((b['condition'] ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const channel = this.o.hub.channelById(condition['broadcaster_user_id'] ?? '');
    if (!channel) throw new EventSubRequestError(400, `The broadcaster_user_id "${condition['broadcaster_user_id'] ?? ''}" is not a channel of the sandbox.`);
    if (condition[spec.userKey] !== token.user.id)
      throw new EventSubRequestError(403, `The ${spec.userKey} in the condition must match the user ID in the OAuth token.`);
    if (!spec.scopes.some((s) => token.scopes.includes(s)))
      throw new EventSubRequestError(403, `subscription missing proper authorization (scope ${spec.scopes.join(' or ')})`);
    if (spec.moderator) {
      const roles = channel.channelRoles(token.user.id);
      if (!roles.has('broadcaster') && !roles.has('moderator'))
        throw new EventSubRequestError(403, 'subscription missing proper authorization (the user is not a moderator of the channel)');
    }
    for (const s of this.subscriptions.values()) {
      if (s.type === type && s.transport.session_id === session.id && JSON.stringify(s.condition) === JSON.stringify(condition))
        throw new EventSubRequestError(409, 'subscription already exists');
    }
    const sub: SandboxSubscription = {
      id: randomUUID(),
      status: 'enabled',
      type,
      version: spec.version,
      condition,
      created_at: new Date().toISOString(),
      transport: { method: 'websocket', session_id: session.id, connected_at: session.connectedAt },
      cost: 0,
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  /** Helix `DELETE eventsub/subscriptions?id=`; false when unknown. */
  delete(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  /** Subscriptions of a type for a channel (tests). */
  subscriptionsOf(type: string, channelId?: string): SandboxSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.type === type && (!channelId || s.condition['broadcaster_user_id'] === channelId));
  }

  /** Sends an event to every subscription of `type` on the channel. */
  notify(type: string, channel: SandboxChannel, event: Record<string, unknown>): void {
    for (const sub of this.subscriptions.values()) {
      if (sub.type !== type || sub.condition['broadcaster_user_id'] !== channel.id) continue;
      const session = this.sessions.get(sub.transport.session_id);
      if (!session || session.ws.readyState !== WebSocket.OPEN) continue;
      this.sendMessage(session, 'notification', { subscription: sub, event }, { subscription_type: sub.type, subscription_version: sub.version });
    }
  }

  private accept(ws: WebSocket, reconnectFrom: string | undefined): void {
    const session: Session = { id: randomUUID(), ws, connectedAt: new Date().toISOString(), welcomed: false, keepalive: undefined };
    this.sessions.set(session.id, session);
    ws.on('error', () => undefined);
    ws.on('message', () => {
      // Twitch closes the connection (4001) when a client sends anything.
      ws.close(4001, 'client sent inbound traffic');
    });
    ws.on('close', () => {
      clearInterval(session.keepalive);
      this.sessions.delete(session.id);
      for (const [id, sub] of this.subscriptions) if (sub.transport.session_id === session.id) this.subscriptions.delete(id);
    });
    const keepaliveSeconds = this.o.keepaliveSeconds ?? 10;
    // Subscriptions of the old session carry over to the new connection.
    if (reconnectFrom) {
      for (const sub of this.subscriptions.values()) {
        if (sub.transport.session_id === reconnectFrom) sub.transport = { ...sub.transport, session_id: session.id, connected_at: session.connectedAt };
      }
    }
    session.welcomed = true;
    this.sendMessage(session, 'session_welcome', {
      session: { id: session.id, status: 'connected', keepalive_timeout_seconds: keepaliveSeconds, reconnect_url: null, connected_at: session.connectedAt },
    });
    session.keepalive = setInterval(
      () => {
        if (ws.readyState === WebSocket.OPEN) this.sendMessage(session, 'session_keepalive', {});
      },
      (keepaliveSeconds * 1000) / 2,
    );
    session.keepalive.unref();
  }

  private sendMessage(s: Session, type: string, payload: unknown, extra: Record<string, string> = {}): void {
    const metadata = { message_id: randomUUID(), message_type: type, message_timestamp: new Date().toISOString(), ...extra };
    s.ws.send(JSON.stringify({ metadata, payload }));
  }

  /** Hub events as Twitch's EventSub events. */
  private onHubEvent(e: SandboxEvent): void {
    if (this.subscriptions.size === 0) return;
    const hub = this.o.hub;
    switch (e.type) {
      case 'message': {
        const channel = hub.channel(e.message.channel);
        this.notify('channel.chat.message', channel, chatMessageEvent(channel, e.message));
        return;
      }
      case 'delete': {
        const channel = hub.channel(e.channel);
        const m = e.message;
        const target = { target_user_id: m.user.id, target_user_login: m.user.login, target_user_name: m.user.displayName };
        this.notify('channel.chat.message_delete', channel, { ...broadcaster(channel), ...target, message_id: m.id });
        this.notify('channel.moderate', channel, {
          ...moderateBase(hub, channel, e.by, 'delete'),
          delete: { user_id: m.user.id, user_login: m.user.login, user_name: m.user.displayName, message_id: m.id, message_body: m.text },
        });
        return;
      }
      case 'clear-user': {
        const channel = hub.channel(e.channel);
        const u = { user_id: e.user.id, user_login: e.user.login, user_name: e.user.displayName };
        this.notify('channel.chat.clear_user_messages', channel, {
          ...broadcaster(channel),
          target_user_id: u.user_id,
          target_user_login: u.user_login,
          target_user_name: u.user_name,
        });
        if (e.durationSeconds === null)
          this.notify('channel.moderate', channel, { ...moderateBase(hub, channel, e.by, 'ban'), ban: { ...u, reason: e.reason || null } });
        else {
          const expires = new Date(hub.clock.now() + e.durationSeconds * 1000).toISOString();
          this.notify('channel.moderate', channel, {
            ...moderateBase(hub, channel, e.by, 'timeout'),
            timeout: { ...u, reason: e.reason || null, expires_at: expires },
          });
        }
        return;
      }
      case 'clear-all': {
        const channel = hub.channel(e.channel);
        this.notify('channel.chat.clear', channel, broadcaster(channel));
        this.notify('channel.moderate', channel, moderateBase(hub, channel, e.by, 'clear'));
        return;
      }
      case 'unban': {
        const channel = hub.channel(e.channel);
        this.notify('channel.moderate', channel, {
          ...moderateBase(hub, channel, e.by, 'unban'),
          unban: { user_id: e.user.id, user_login: e.user.login, user_name: e.user.displayName },
        });
        return;
      }
      case 'settings': {
        const channel = hub.channel(e.channel);
        if (e.changed.slow === true || (e.changed.slowDelaySeconds !== undefined && e.settings.slow)) {
          this.notify('channel.moderate', channel, { ...moderateBase(hub, channel, e.by, 'slow'), slow: { wait_time_seconds: e.settings.slowDelaySeconds } });
        } else if (e.changed.slow === false) this.notify('channel.moderate', channel, moderateBase(hub, channel, e.by, 'slowoff'));
        return;
      }
      case 'raid': {
        const r = e.raid;
        const channel = hub.channel(r.channel);
        this.notify('channel.chat.notification', channel, {
          ...broadcaster(channel),
          chatter_user_id: r.from.id,
          chatter_user_login: r.from.login,
          chatter_user_name: r.from.displayName,
          chatter_is_anonymous: false,
          color: r.from.color,
          badges: [{ set_id: 'broadcaster', id: '1', info: '' }],
          system_message: `${r.viewers} raiders from ${r.from.displayName} have joined!`,
          message_id: r.id,
          message: { text: '', fragments: [] },
          notice_type: 'raid',
          raid: { user_id: r.from.id, user_login: r.from.login, user_name: r.from.displayName, viewer_count: r.viewers, profile_image_url: '' },
        });
        return;
      }
      case 'automod-hold': {
        const channel = hub.channel(e.channel);
        this.notify('automod.message.hold', channel, {
          ...broadcaster(channel),
          user_id: e.user.id,
          user_login: e.user.login,
          user_name: e.user.displayName,
          message_id: e.messageId,
          message: { text: e.text, fragments: [{ type: 'text', text: e.text, cheermote: null, emote: null }] },
          category: e.category,
          level: e.level,
          held_at: new Date().toISOString(),
        });
        return;
      }
      case 'suspicious': {
        const channel = hub.channel(e.channel);
        this.notify('channel.suspicious_user.message', channel, {
          ...broadcaster(channel),
          user_id: e.user.id,
          user_login: e.user.login,
          user_name: e.user.displayName,
          low_trust_status: e.lowTrustStatus,
          shared_ban_channel_ids: [],
          types: e.types,
          ban_evasion_evaluation: e.banEvasion,
          message: { message_id: randomUUID(), text: e.text, fragments: [{ type: 'text', text: e.text, cheermote: null, emote: null }] },
        });
        return;
      }
      default:
        return;
    }
  }
}

function broadcaster(c: SandboxChannel): Record<string, string> {
  return { broadcaster_user_id: c.id, broadcaster_user_login: c.login, broadcaster_user_name: c.broadcaster.displayName };
}

function moderateBase(hub: SandboxHub, c: SandboxChannel, by: string, action: string): Record<string, unknown> {
  const mod = hub.users.getByLogin(by);
  return {
    ...broadcaster(c),
    source_broadcaster_user_id: null,
    source_broadcaster_user_login: null,
    source_broadcaster_user_name: null,
    moderator_user_id: mod?.id ?? '',
    moderator_user_login: mod?.login ?? by,
    moderator_user_name: mod?.displayName ?? by,
    action,
  };
}

/** `channel.chat.message` from a sandbox message: fragments split at the emotes (code point ranges, inclusive end). */
function chatMessageEvent(c: SandboxChannel, m: SandboxChatMessage): Record<string, unknown> {
  const chars = Array.from(m.text);
  const fragments: Record<string, unknown>[] = [];
  let at = 0;
  const text = (t: string) => fragments.push({ type: 'text', text: t, cheermote: null, emote: null, mention: null });
  for (const e of [...m.emotes].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue;
    if (e.start > at) text(chars.slice(at, e.start).join(''));
    fragments.push({
      type: 'emote',
      text: chars.slice(e.start, e.end + 1).join(''),
      cheermote: null,
      emote: { id: e.id, emote_set_id: '0', owner_id: c.id, format: ['static'] },
      mention: null,
    });
    at = e.end + 1;
  }
  if (at < chars.length) text(chars.slice(at).join(''));
  return {
    ...broadcaster(c),
    chatter_user_id: m.user.id,
    chatter_user_login: m.user.login,
    chatter_user_name: m.user.displayName,
    message_id: m.id,
    message: { text: m.text, fragments },
    message_type: 'text',
    badges: [...m.badges].map(([set_id, id]) => ({ set_id, id, info: set_id === 'subscriber' ? id : '' })),
    cheer: null,
    color: m.user.color,
    reply: m.replyParent
      ? {
          parent_message_id: m.replyParent.id,
          parent_message_body: m.replyParent.text,
          parent_user_id: m.replyParent.userId,
          parent_user_name: m.replyParent.displayName,
          parent_user_login: m.replyParent.login,
          thread_message_id: m.replyParent.id,
          thread_user_id: m.replyParent.userId,
          thread_user_name: m.replyParent.displayName,
          thread_user_login: m.replyParent.login,
        }
      : null,
    channel_points_custom_reward_id: null,
    source_broadcaster_user_id: m.sourceChannelId ?? null,
    source_broadcaster_user_login: null,
    source_broadcaster_user_name: null,
    source_message_id: null,
    source_badges: null,
    is_source_only: null,
  };
}
