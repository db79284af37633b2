import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { CancelTimer } from '../chat/clock.js';
import type { Role } from '../chat/message.js';
import type { SandboxAuth } from './auth.js';
import { emotesTag } from './emote-offsets.js';
import type { RoomSettings, SandboxChatMessage, SandboxEvent } from './events.js';
import { ChatRejectedError, MAX_CHAT_LENGTH, type SandboxHub } from './hub.js';
import { formatIrcLine, parseIrcLine, SERVER_PREFIX, userPrefix, type IrcLine } from './irc-line.js';
import { raidNoticeLine } from './raid.js';
import { badgeTag, type SandboxUser } from './users.js';

/** Capabilities Twitch offers. */
const CAPABILITIES = ['twitch.tv/membership', 'twitch.tv/tags', 'twitch.tv/commands'];
/** Longest line accepted from a client (Twitch: 512 bytes of message plus 8 KiB of tags). */
const MAX_LINE = 8_704;

/** A chat message sent by a connected client (the bot), as the sandbox received it. */
export interface BotMessage {
  /** Message id when delivered. */
  id?: string;
  channel: string;
  /** Login of the sending client. */
  login: string;
  text: string;
  /** `reply-parent-msg-id` the client sent, if any. */
  replyParentId?: string;
  action: boolean;
  /** How it arrived. */
  via: 'irc' | 'helix';
  timestamp: number;
  /** Twitch's NOTICE `msg-id` when the message was refused (e.g. `unrecognized_cmd`, `msg_slowmode`). */
  rejected?: string;
}

/** Options of {@link IrcServer}. */
export interface IrcServerOptions {
  hub: SandboxHub;
  auth: SandboxAuth;
  /** Interval of server PINGs, ms. */
  pingIntervalMs: number;
  /** A client that does not answer a PING within this many ms is disconnected. */
  pongTimeoutMs: number;
  /** Called for every chat message a client sends. */
  onBotMessage: (message: BotMessage) => void;
}

let nextConnectionId = 1;

/** One client connection (a twurple ChatClient, or any IRC-over-WebSocket client). */
class IrcConnection {
  readonly id = nextConnectionId++;
  readonly caps = new Set<string>();
  readonly channels = new Set<string>();
  pass?: string;
  nick?: string;
  /** Set once registered; `null` for an anonymous (justinfan) reader. */
  user?: SandboxUser | null;
  pendingPong?: { token: string; resolve: () => void; cancel: CancelTimer };
  private pingTimer?: CancelTimer;

  constructor(
    readonly ws: WebSocket,
    private readonly server: IrcServer,
  ) {}

  get registered(): boolean {
    return this.user !== undefined;
  }

  get name(): string {
    return this.user?.login ?? this.nick ?? '*';
  }

  send(line: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(line + '\r\n');
  }

  sendLine(line: Parameters<typeof formatIrcLine>[0], trailing = false): void {
    const tags = this.caps.has('twitch.tv/tags') ? line.tags : undefined;
    this.send(formatIrcLine({ ...line, ...(tags ? { tags } : { tags: {} }) }, trailing));
  }

  notice(target: string, msgId: string | undefined, text: string): void {
    this.sendLine({ tags: msgId ? { 'msg-id': msgId } : {}, prefix: SERVER_PREFIX, command: 'NOTICE', params: [target, text] }, true);
  }

  /** Schedules the next keep-alive PING (re-armed by any client activity). */
  armPing(): void {
    this.pingTimer?.();
    const { hub, pingIntervalMs } = this.server.options;
    if (pingIntervalMs <= 0) return;
    this.pingTimer = hub.clock.setTimer(pingIntervalMs, () => void this.ping().catch(() => undefined));
  }

  /** Sends `PING :tmi.twitch.tv`; resolves on PONG, closes the connection on timeout. */
  ping(): Promise<void> {
    if (this.pendingPong) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cancel = this.server.options.hub.clock.setTimer(this.server.options.pongTimeoutMs, () => {
        this.pendingPong = undefined;
        this.ws.terminate();
        reject(new Error(`IRC client ${this.name} did not answer PING`));
      });
      this.pendingPong = { token: SERVER_PREFIX, resolve, cancel };
      this.send(`PING :${SERVER_PREFIX}`);
    });
  }

  close(): void {
    this.pingTimer?.();
    this.pendingPong?.cancel();
  }
}

/**
 * Twitch chat over WebSocket (irc-ws.chat.twitch.tv) for the real twurple `ChatClient`: CAP
 * negotiation, PASS/NICK login checked against {@link SandboxAuth}, JOIN/PART with ROOMSTATE and
 * USERSTATE, PRIVMSG with Twitch's tags, CLEARMSG/CLEARCHAT/ROOMSTATE/NOTICE for moderation, PING/PONG.
 */
export class IrcServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Map<number, IrcConnection>();
  private readonly unsubscribe: () => void;

  constructor(readonly options: IrcServerOptions) {
    this.unsubscribe = options.hub.events.add((event) => this.broadcast(event));
  }

  /** Accepts an HTTP upgrade as an IRC connection (any path: twurple asks for `/:80`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Open connections logged in with a token (anonymous readers excluded). */
  private loggedIn(): IrcConnection[] {
    return [...this.connections.values()].filter((c) => c.user && c.ws.readyState === WebSocket.OPEN);
  }

  /** Open connections logged in with a token. */
  get clientCount(): number {
    return this.loggedIn().length;
  }

  /** Logins of logged-in clients currently in `channel`. */
  membersOf(channel: string): string[] {
    return this.loggedIn()
      .filter((c) => c.channels.has(channel))
      .map((c) => c.name);
  }

  /** Closes every client connection abruptly (like a network failure); returns how many. */
  dropAll(): number {
    const open = [...this.connections.values()].filter((c) => c.ws.readyState === WebSocket.OPEN);
    for (const c of this.connections.values()) c.ws.terminate();
    return open.length;
  }

  /** PINGs every logged-in client; resolves when all answered PONG. */
  async pingAll(): Promise<number> {
    const clients = this.loggedIn();
    await Promise.all(clients.map((c) => c.ping()));
    return clients.length;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const c of this.connections.values()) {
      c.close();
      c.ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const conn = new IrcConnection(ws, this);
    this.connections.set(conn.id, conn);
    ws.on('message', (data: RawData) => {
      try {
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8');
        conn.armPing();
        for (const raw of text.split(/\r?\n/)) {
          if (raw.length === 0) continue;
          if (raw.length > MAX_LINE) {
            conn.notice('*', undefined, 'Line too long');
            continue;
          }
          const line = parseIrcLine(raw);
          if (line) this.handle(conn, line);
        }
      } catch (error) {
        this.options.hub.log.error('sandbox IRC: failed to handle a line', { error, client: conn.name });
      }
    });
    ws.on('close', () => {
      conn.close();
      this.connections.delete(conn.id);
      for (const channel of conn.channels) this.options.hub.emit({ type: 'part', channel, login: conn.name });
    });
    ws.on('error', (error) => this.options.hub.log.debug('sandbox IRC socket error', { error: error.message }));
    conn.armPing();
  }

  private handle(conn: IrcConnection, line: IrcLine): void {
    const { hub } = this.options;
    const p = line.params;
    switch (line.command) {
      case 'CAP':
        return this.handleCap(conn, line);
      case 'PASS':
        conn.pass = p[0] ?? '';
        return;
      case 'NICK':
        conn.nick = (p[0] ?? '').toLowerCase();
        if (!conn.registered) this.register(conn);
        return;
      case 'USER':
        return;
      case 'PING':
        conn.sendLine({ prefix: SERVER_PREFIX, command: 'PONG', params: [SERVER_PREFIX, p[0] ?? ''] }, true);
        return;
      case 'PONG':
        if (conn.pendingPong) {
          const pending = conn.pendingPong;
          conn.pendingPong = undefined;
          pending.cancel();
          pending.resolve();
        }
        return;
      case 'QUIT':
        conn.ws.close();
        return;
    }
    if (!conn.registered) return;
    switch (line.command) {
      case 'JOIN':
        for (const name of (p[0] ?? '').split(',')) this.join(conn, name);
        return;
      case 'PART':
        for (const name of (p[0] ?? '').split(',')) this.part(conn, name);
        return;
      case 'PRIVMSG':
        return this.privmsg(conn, line);
      default:
        hub.log.debug('sandbox IRC: unknown command', { command: line.command });
        conn.sendLine({ prefix: SERVER_PREFIX, command: '421', params: [conn.name, line.command, 'Unknown command'] });
    }
  }

  private handleCap(conn: IrcConnection, line: IrcLine): void {
    const sub = (line.params[0] ?? '').toUpperCase();
    if (sub === 'LS') {
      conn.sendLine({ prefix: SERVER_PREFIX, command: 'CAP', params: ['*', 'LS', CAPABILITIES.join(' ')] }, true);
    } else if (sub === 'REQ') {
      const requested = line.params[1] ?? '';
      const names = requested.split(' ').filter(Boolean);
      const ok = names.length > 0 && names.every((n) => CAPABILITIES.includes(n));
      if (ok) for (const n of names) conn.caps.add(n);
      conn.sendLine({ prefix: SERVER_PREFIX, command: 'CAP', params: ['*', ok ? 'ACK' : 'NAK', requested] }, true);
    }
    // END and anything else: nothing to say.
  }

  private register(conn: IrcConnection): void {
    const { auth } = this.options;
    const nick = conn.nick ?? '';
    if (conn.pass === undefined) {
      // Anonymous read-only login, as Twitch allows with justinfan nicknames.
      if (!/^justinfan\d+$/.test(nick)) return this.refuse(conn, 'Login authentication failed');
      conn.user = null;
    } else {
      const m = /^oauth:(\S+)$/.exec(conn.pass);
      if (!m) return this.refuse(conn, 'Improperly formatted auth');
      const info = auth.validate(m[1]);
      if (!info || info.user.login !== nick || !info.scopes.includes('chat:read')) return this.refuse(conn, 'Login authentication failed');
      conn.user = info.user;
    }
    const me = conn.name;
    const welcome: Array<[string, string]> = [
      ['001', 'Welcome, GLHF!'],
      ['002', `Your host is ${SERVER_PREFIX}`],
      ['003', 'This server is rather new'],
      ['004', '-'],
      ['375', '-'],
      ['372', 'You are in a maze of twisty passages, all alike.'],
      ['376', '>'],
    ];
    for (const [code, text] of welcome) conn.sendLine({ prefix: SERVER_PREFIX, command: code, params: [me, text] }, true);
    if (conn.user && conn.caps.has('twitch.tv/tags') && conn.caps.has('twitch.tv/commands')) {
      conn.sendLine({
        tags: {
          'badge-info': '',
          badges: '',
          color: conn.user.color,
          'display-name': conn.user.displayName,
          'emote-sets': '0',
          'user-id': conn.user.id,
          'user-type': '',
        },
        prefix: SERVER_PREFIX,
        command: 'GLOBALUSERSTATE',
      });
    }
  }

  private refuse(conn: IrcConnection, text: string): void {
    conn.notice('*', undefined, text);
    conn.ws.close();
  }

  private join(conn: IrcConnection, rawName: string): void {
    const { hub } = this.options;
    const name = rawName.trim().toLowerCase().replace(/^#/, '');
    let channel;
    try {
      channel = hub.channel(name);
    } catch {
      conn.notice(`#${name}`, 'msg_channel_suspended', 'This channel does not exist or has been suspended.');
      return;
    }
    const me = conn.name;
    if (conn.user && channel.activeBan(conn.user.id, hub.clock.now())?.until === null) {
      conn.notice(`#${name}`, 'msg_banned', `You are permanently banned from talking in ${name}.`);
      return;
    }
    conn.channels.add(channel.login);
    const target = `#${channel.login}`;
    conn.sendLine({ prefix: userPrefix(me), command: 'JOIN', params: [target] });
    if (conn.caps.has('twitch.tv/membership')) {
      conn.sendLine({ prefix: `${me}.${SERVER_PREFIX}`, command: '353', params: [me, '=', target, me] }, true);
      conn.sendLine({ prefix: `${me}.${SERVER_PREFIX}`, command: '366', params: [me, target, 'End of /NAMES list'] }, true);
    }
    if (conn.caps.has('twitch.tv/tags') && conn.caps.has('twitch.tv/commands')) {
      if (conn.user) {
        const roles = channel.channelRoles(conn.user.id);
        const badges = roles.has('broadcaster') ? 'broadcaster/1' : roles.has('moderator') ? 'moderator/1' : roles.has('vip') ? 'vip/1' : '';
        conn.sendLine(userStateLine(conn.user, target, badges, roles));
      }
      conn.sendLine({
        tags: sortedTags({ ...roomStateTags(channel.settings), 'room-id': channel.id }),
        prefix: SERVER_PREFIX,
        command: 'ROOMSTATE',
        params: [target],
      });
    }
    hub.emit({ type: 'join', channel: channel.login, login: me });
  }

  private part(conn: IrcConnection, rawName: string): void {
    const name = rawName.trim().toLowerCase().replace(/^#/, '');
    if (!conn.channels.delete(name)) return;
    conn.sendLine({ prefix: userPrefix(conn.name), command: 'PART', params: [`#${name}`] });
    this.options.hub.emit({ type: 'part', channel: name, login: conn.name });
  }

  private privmsg(conn: IrcConnection, line: IrcLine): void {
    const { hub, onBotMessage } = this.options;
    if (!conn.user) return; // anonymous readers cannot talk
    const target = (line.params[0] ?? '').toLowerCase();
    let text = line.params[1] ?? '';
    if (!target.startsWith('#') || !text) return;
    const channel = target.slice(1);
    let action = false;
    const ctcp = /^\u0001ACTION (.*?)\u0001?$/s.exec(text);
    if (ctcp) {
      action = true;
      text = ctcp[1] ?? '';
    } else if (/^[/.]me /i.test(text)) {
      action = true;
      text = text.slice(4);
    }
    const replyTo = line.tags.get('reply-parent-msg-id') || undefined;
    const record: BotMessage = {
      channel,
      login: conn.user.login,
      text,
      action,
      via: 'irc',
      timestamp: hub.clock.now(),
      ...(replyTo ? { replyParentId: replyTo } : {}),
    };
    if (!action && /^[/.]/.test(text)) {
      // Twitch treats these as chat commands; IRC commands are gone, so it refuses them.
      record.rejected = 'unrecognized_cmd';
      onBotMessage(record);
      conn.notice(target, 'unrecognized_cmd', `Unrecognized command: ${text.split(' ')[0]}`);
      return;
    }
    if (Array.from(text).length > MAX_CHAT_LENGTH) {
      record.rejected = 'msg_rejected';
      onBotMessage(record);
      conn.notice(target, 'msg_rejected', `Your message was not sent: it is longer than ${MAX_CHAT_LENGTH} characters.`);
      return;
    }
    try {
      const message = hub.postAsClient(conn.user, channel, text, { source: 'irc', action, ...(replyTo ? { replyTo } : {}), originConnection: conn.id });
      record.id = message.id;
      onBotMessage(record);
      // Twitch confirms a sent message with USERSTATE carrying its id.
      conn.sendLine(userStateLine(conn.user, target, badgeTag(message.badges), message.roles, message.id));
    } catch (error) {
      if (!(error instanceof ChatRejectedError)) throw error;
      record.rejected = error.reason;
      onBotMessage(record);
      conn.notice(target, error.reason, error.message);
    }
  }

  /** Sends an event to the clients in its channel. */
  private broadcast(event: SandboxEvent): void {
    if (event.type === 'join' || event.type === 'part') {
      for (const c of this.connections.values()) {
        if (c.channels.has(event.channel) && c.name !== event.login && c.caps.has('twitch.tv/membership')) {
          c.sendLine({ prefix: userPrefix(event.login), command: event.type === 'join' ? 'JOIN' : 'PART', params: [`#${event.channel}`] });
        }
      }
      return;
    }
    const channel = event.type === 'message' ? event.message.channel : event.type === 'raid' ? event.raid.channel : event.channel;
    const now = String(this.options.hub.clock.now());
    for (const c of this.connections.values()) {
      if (!c.registered || !c.channels.has(channel)) continue;
      const target = `#${channel}`;
      const roomId = this.options.hub.channel(channel).id;
      switch (event.type) {
        case 'message':
          if (event.originConnection !== c.id) c.sendLine(privmsgLine(event.message), true);
          break;
        case 'delete':
          if (c.caps.has('twitch.tv/commands')) {
            c.sendLine(
              {
                tags: { login: event.message.user.login, 'room-id': roomId, 'target-msg-id': event.message.id, 'tmi-sent-ts': now },
                prefix: SERVER_PREFIX,
                command: 'CLEARMSG',
                params: [target, event.message.text],
              },
              true,
            );
          }
          break;
        case 'clear-user':
          if (c.caps.has('twitch.tv/commands')) {
            const tags: Record<string, string> = {};
            if (event.durationSeconds !== null) tags['ban-duration'] = String(event.durationSeconds);
            Object.assign(tags, { 'room-id': roomId, 'target-user-id': event.user.id, 'tmi-sent-ts': now });
            c.sendLine({ tags, prefix: SERVER_PREFIX, command: 'CLEARCHAT', params: [target, event.user.login] }, true);
          }
          if (c.user?.login === event.by) {
            c.notice(
              target,
              event.durationSeconds === null ? 'ban_success' : 'timeout_success',
              event.durationSeconds === null
                ? `${event.user.login} is now banned from this channel.`
                : `${event.user.login} has been timed out for ${event.durationSeconds} seconds.`,
            );
          }
          break;
        case 'clear-all':
          if (c.caps.has('twitch.tv/commands')) {
            c.sendLine({ tags: { 'room-id': roomId, 'tmi-sent-ts': now }, prefix: SERVER_PREFIX, command: 'CLEARCHAT', params: [target] });
          }
          break;
        case 'settings':
          if (c.caps.has('twitch.tv/commands')) {
            const tags = roomStateTags(event.changed);
            if (Object.keys(tags).length > 0) {
              c.sendLine({ tags: sortedTags({ ...tags, 'room-id': roomId }), prefix: SERVER_PREFIX, command: 'ROOMSTATE', params: [target] });
            }
            for (const [msgId, text] of settingsNotices(event.changed, event.settings)) c.notice(target, msgId, text);
          }
          break;
        case 'raid':
          if (c.caps.has('twitch.tv/commands')) c.sendLine(raidNoticeLine(event.raid));
          break;
        case 'unban':
        case 'warn':
          // Twitch sends nothing to IRC for these.
          break;
      }
    }
  }
}

/** The USERSTATE line Twitch sends a client about itself in a channel; `id`: of the sent message it confirms. */
function userStateLine(user: SandboxUser, target: string, badges: string, roles: ReadonlySet<Role>, id?: string): Parameters<typeof formatIrcLine>[0] {
  const mod = roles.has('moderator');
  return {
    tags: {
      'badge-info': '',
      badges,
      color: user.color,
      'display-name': user.displayName,
      'emote-sets': '0',
      ...(id ? { id } : {}),
      mod: mod ? '1' : '0',
      subscriber: '0',
      'user-type': mod ? 'mod' : '',
    },
    prefix: SERVER_PREFIX,
    command: 'USERSTATE',
    params: [target],
  };
}

/** Tags in alphabetical order, as Twitch sends them. */
function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** ROOMSTATE tags for the given (partial) settings, in Twitch's order. */
function roomStateTags(s: Partial<RoomSettings>): Record<string, string> {
  const tags: Record<string, string> = {};
  if (s.emoteOnly !== undefined) tags['emote-only'] = s.emoteOnly ? '1' : '0';
  if (s.followerOnly !== undefined || s.followerOnlyDelayMinutes !== undefined) {
    const on = s.followerOnly ?? true;
    tags['followers-only'] = on ? String(s.followerOnlyDelayMinutes ?? 0) : '-1';
  }
  if (s.uniqueChat !== undefined) tags['r9k'] = s.uniqueChat ? '1' : '0';
  if (s.slow !== undefined || s.slowDelaySeconds !== undefined) {
    const on = s.slow ?? true;
    tags['slow'] = on ? String(s.slowDelaySeconds ?? 30) : '0';
  }
  if (s.subscriberOnly !== undefined) tags['subs-only'] = s.subscriberOnly ? '1' : '0';
  return tags;
}

/** The NOTICEs Twitch sends when room modes change. */
function settingsNotices(changed: Partial<RoomSettings>, all: RoomSettings): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (changed.emoteOnly !== undefined)
    out.push(changed.emoteOnly ? ['emote_only_on', 'This room is now in emote-only mode.'] : ['emote_only_off', 'This room is no longer in emote-only mode.']);
  if (changed.subscriberOnly !== undefined)
    out.push(
      changed.subscriberOnly ? ['subs_on', 'This room is now in subscribers-only mode.'] : ['subs_off', 'This room is no longer in subscribers-only mode.'],
    );
  if (changed.uniqueChat !== undefined)
    out.push(changed.uniqueChat ? ['r9k_on', 'This room is now in unique-chat mode.'] : ['r9k_off', 'This room is no longer in unique-chat mode.']);
  if (changed.slow !== undefined || changed.slowDelaySeconds !== undefined) {
    out.push(
      all.slow
        ? ['slow_on', `This room is now in slow mode. You may send messages every ${all.slowDelaySeconds} seconds.`]
        : ['slow_off', 'This room is no longer in slow mode.'],
    );
  }
  if (changed.followerOnly !== undefined || changed.followerOnlyDelayMinutes !== undefined) {
    out.push(
      all.followerOnly
        ? all.followerOnlyDelayMinutes === 0
          ? ['followers_on_zero', 'This room is now in followers-only mode.']
          : ['followers_on', `This room is now in ${all.followerOnlyDelayMinutes} minutes followers-only mode.`]
        : ['followers_off', 'This room is no longer in followers-only mode.'],
    );
  }
  return out;
}

/** The PRIVMSG line Twitch would send for a message. */
export function privmsgLine(m: SandboxChatMessage): Parameters<typeof formatIrcLine>[0] {
  const sub = m.badges.has('subscriber') || m.badges.has('founder');
  const tags: Record<string, string> = {
    'badge-info': m.badges.has('subscriber') ? 'subscriber/14' : m.badges.has('founder') ? 'founder/14' : '',
    badges: badgeTag(m.badges),
    color: m.user.color,
    'display-name': m.user.displayName,
    emotes: emotesTag(m.emotes),
    'first-msg': m.firstMessage ? '1' : '0',
    flags: '',
    id: m.id,
    mod: m.roles.has('moderator') && !m.roles.has('broadcaster') ? '1' : '0',
  };
  if (m.replyParent) {
    Object.assign(tags, {
      'reply-parent-display-name': m.replyParent.displayName,
      'reply-parent-msg-body': m.replyParent.text,
      'reply-parent-msg-id': m.replyParent.id,
      'reply-parent-user-id': m.replyParent.userId,
      'reply-parent-user-login': m.replyParent.login,
      'reply-thread-parent-display-name': m.replyParent.displayName,
      'reply-thread-parent-msg-id': m.replyParent.id,
      'reply-thread-parent-user-id': m.replyParent.userId,
      'reply-thread-parent-user-login': m.replyParent.login,
    });
  }
  Object.assign(tags, {
    'returning-chatter': '0',
    'room-id': m.channelId,
  });
  if (m.sourceChannelId) {
    Object.assign(tags, {
      'source-badge-info': tags['badge-info'],
      'source-badges': tags['badges'],
      'source-id': m.id,
      'source-room-id': m.sourceChannelId,
    });
  }
  Object.assign(tags, {
    subscriber: sub ? '1' : '0',
    'tmi-sent-ts': String(m.timestamp),
    turbo: '0',
    'user-id': m.user.id,
    'user-type': m.roles.has('moderator') && !m.roles.has('broadcaster') ? 'mod' : '',
  });
  if (m.badges.has('vip')) tags['vip'] = '1';
  const text = m.action ? `\u0001ACTION ${m.text}\u0001` : m.text;
  return { tags, prefix: userPrefix(m.user.login), command: 'PRIVMSG', params: [`#${m.channel}`, text] };
}
