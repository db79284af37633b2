import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Role } from '../chat/message.js';
import { truncateText } from '../chat/graphemes.js';
import type { SandboxChatMessage, SandboxEvent } from './events.js';
import type { HelixCall } from './helix-server.js';
import { ChatRejectedError, type SandboxHub, type SendAsInput } from './hub.js';
import type { RaidInput } from './raid.js';
import { loginFrom } from './users.js';

/** Messages per channel sent to a page when it connects. */
const HISTORY = 200;
/** Helix calls sent to a page when it connects. */
const HELIX_HISTORY = 50;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Options of {@link PageServer}. */
export interface PageServerOptions {
  hub: SandboxHub;
  /** Folder with index.html, app.js, style.css. */
  webDir: string;
  defaultChannel: string;
  helixCalls: () => readonly HelixCall[];
  onHelixCall: (fn: (call: HelixCall) => void) => () => void;
  sendAs: (input: SendAsInput) => string;
  /** Another channel raids (the page's "Simulate a raid" form). */
  raid: (input: RaidInput) => unknown;
  background: { available: boolean; running: () => boolean; set: (on: boolean) => void };
  /** Allowed `Origin` values for the page's WebSocket (the page's own URLs). */
  origins: () => string[];
}

/** A message as the page draws it. */
function pageMessage(m: SandboxChatMessage, botId: string): Record<string, unknown> {
  return {
    id: m.id,
    channel: m.channel,
    login: m.user.login,
    displayName: m.user.displayName,
    color: m.user.color,
    badges: [...m.badges.keys()],
    text: m.text,
    action: m.action,
    emotes: m.emotes.map((e) => ({ name: e.name, start: e.start, end: e.end })),
    time: m.timestamp,
    firstMessage: m.firstMessage,
    isBot: m.user.id === botId,
    reply: m.replyParent ? { login: m.replyParent.login, displayName: m.replyParent.displayName, text: m.replyParent.text } : null,
    deleted: m.deleted,
    source: m.source,
  };
}

/** One line describing a Helix call for the page's "bot actions" panel. */
export function describeCall(call: HelixCall, hub: SandboxHub): string {
  const body = (call.body ?? {}) as { data?: Record<string, unknown> } & Record<string, unknown>;
  const data = body.data ?? {};
  const who = (id: unknown): string => (typeof id === 'string' ? (hub.users.getById(id)?.login ?? id) : '?');
  const reason = (r: unknown): string => (typeof r === 'string' && r ? ` — ${r}` : '');
  switch (`${call.method} ${call.path}`) {
    case 'DELETE moderation/chat': {
      if (!call.query['message_id']) return 'clear the whole chat';
      const m = hub.findMessage(call.query['message_id']);
      return m ? `delete ${m.user.login}'s message "${truncateText(m.text, 60)}"` : `delete message ${call.query['message_id']}`;
    }
    case 'POST moderation/bans':
      return typeof data['duration'] === 'number'
        ? `timeout ${who(data['user_id'])} for ${data['duration']} s${reason(data['reason'])}`
        : `ban ${who(data['user_id'])}${reason(data['reason'])}`;
    case 'DELETE moderation/bans':
      return `unban ${who(call.query['user_id'])}`;
    case 'POST moderation/warnings':
      return `warn ${who(data['user_id'])}${reason(data['reason'])}`;
    case 'PATCH chat/settings':
      return (
        'chat settings: ' +
        Object.entries(body)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      );
    case 'POST chat/messages':
      return `send "${String(body['message'] ?? '').slice(0, 60)}"`;
    default:
      return `${call.method} ${call.path}`;
  }
}

/** Largest page request handled (a chat message is at most 500 characters). */
const MAX_REQUEST_BYTES = 16 * 1024;

/**
 * The sandbox's web page: static files plus a WebSocket (`/sandbox/ws`) streaming the channel
 * as JSON events and accepting messages typed by a person acting as any viewer.
 */
export class PageServer {
  // Frames up to 1 MB are read so that an oversized request gets an answer instead of a closed socket.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly clients = new Set<WebSocket>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly options: PageServerOptions) {
    this.unsubscribe.push(options.hub.events.add((e) => this.onEvent(e)));
    this.unsubscribe.push(options.onHelixCall((call) => this.broadcast({ type: 'helix', call: this.helixView(call) })));
  }

  /** Serves the page's static files; false for other paths. */
  async serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    if (!/^[a-z-]+\.(html|js|css|svg)$/.test(name)) return false;
    let content: Buffer;
    try {
      content = await readFile(join(this.options.webDir, name));
    } catch {
      return false;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
    });
    res.end(req.method === 'HEAD' ? undefined : content);
    return true;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = req.headers.origin;
    if (origin && !this.options.origins().includes(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    for (const ws of this.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const { hub, defaultChannel, background } = this.options;
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', (data: RawData) => {
      try {
        this.onClientMessage(ws, data);
      } catch (error) {
        hub.log.error('sandbox page: request failed', { error });
      }
    });
    hub.channel(defaultChannel);
    const channels = [...hub.channels.values()].map((c) => ({
      login: c.login,
      id: c.id,
      settings: c.settings,
      stream: c.stream,
      history: [...c.messages.values()].slice(-HISTORY).map((m) => pageMessage(m, hub.bot.id)),
    }));
    this.send(ws, {
      type: 'hello',
      defaultChannel,
      bot: { login: hub.bot.login, displayName: hub.bot.displayName },
      channels,
      helix: this.options
        .helixCalls()
        .slice(-HELIX_HISTORY)
        .map((c) => this.helixView(c)),
      background: { available: background.available, running: background.running() },
    });
  }

  private onClientMessage(ws: WebSocket, data: RawData): void {
    const raw = String(data);
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.send(ws, { type: 'error', text: 'Malformed request.', nonce: null });
    }
    if (typeof msg !== 'object' || msg === null) return this.send(ws, { type: 'error', text: 'Malformed request.', nonce: null });
    const nonce = msg['nonce'] ?? null;
    if (Buffer.byteLength(raw) > MAX_REQUEST_BYTES) {
      return this.send(ws, {
        type: 'rejected',
        reason: 'too_large',
        text: `Request too large (over ${MAX_REQUEST_BYTES / 1024} KB); chat messages are at most 500 characters.`,
        nonce,
      });
    }
    if (msg['type'] === 'background' && typeof msg['on'] === 'boolean') {
      this.options.background.set(msg['on']);
      this.broadcast({ type: 'background', running: this.options.background.running() });
      return;
    }
    if (msg['type'] === 'stream' && typeof msg['live'] === 'boolean') {
      const channel = typeof msg['channel'] === 'string' ? msg['channel'] : this.options.defaultChannel;
      const found = this.options.hub.channels.get(channel.toLowerCase());
      if (found) this.options.hub.setStream(found, { live: msg['live'] }, 'page');
      return;
    }
    if (msg['type'] === 'raid') {
      const viewers = Number(msg['viewers']);
      const from = typeof msg['from'] === 'string' ? msg['from'].trim().slice(0, 25) : '';
      try {
        this.options.raid({
          channel: typeof msg['channel'] === 'string' ? msg['channel'] : this.options.defaultChannel,
          fromLogin: loginFrom(from),
          ...(from ? { fromDisplayName: from } : {}),
          viewers: Number.isFinite(viewers) ? Math.max(0, Math.floor(viewers)) : 0,
        });
      } catch (error) {
        this.send(ws, { type: 'rejected', reason: 'bad_raid', text: error instanceof Error ? error.message : String(error), nonce });
      }
      return;
    }
    if (msg['type'] !== 'send') return;
    const text = typeof msg['text'] === 'string' ? msg['text'] : '';
    const displayName = typeof msg['name'] === 'string' ? msg['name'].trim().slice(0, 25) : '';
    const role = typeof msg['role'] === 'string' ? msg['role'] : 'viewer';
    const channel = typeof msg['channel'] === 'string' ? msg['channel'] : this.options.defaultChannel;
    const roles: Role[] = [];
    let login = loginFrom(displayName);
    if (role === 'broadcaster') {
      roles.push('broadcaster');
      login = channel;
    } else if (role === 'moderator' || role === 'vip' || role === 'subscriber') {
      roles.push(role);
    }
    if (!login) return this.send(ws, { type: 'rejected', reason: 'bad_name', text: 'Pick a name with letters or digits first.', nonce });
    try {
      const input: SendAsInput = { login, displayName: role === 'broadcaster' ? channel : displayName, roles, text, channel };
      if (typeof msg['replyTo'] === 'string' && msg['replyTo']) input.replyTo = msg['replyTo'];
      const id = this.options.sendAs(input);
      this.send(ws, { type: 'sent', id, nonce });
    } catch (error) {
      const reason = error instanceof ChatRejectedError ? error.reason : 'error';
      this.send(ws, { type: 'rejected', reason, text: error instanceof Error ? error.message : String(error), nonce });
    }
  }

  private helixView(call: HelixCall): Record<string, unknown> {
    return {
      method: call.method,
      path: call.path,
      status: call.status,
      injected: call.injected,
      error: call.error ?? null,
      time: call.time,
      summary: describeCall(call, this.options.hub),
    };
  }

  private onEvent(e: SandboxEvent): void {
    const { hub } = this.options;
    switch (e.type) {
      case 'message':
        return this.broadcast({ type: 'message', message: pageMessage(e.message, hub.bot.id) });
      case 'delete':
        return this.broadcast({ type: 'delete', channel: e.channel, id: e.message.id, by: e.by });
      case 'clear-user':
        return this.broadcast({
          type: 'clear-user',
          channel: e.channel,
          login: e.user.login,
          displayName: e.user.displayName,
          duration: e.durationSeconds,
          reason: e.reason,
          by: e.by,
        });
      case 'clear-all':
        return this.broadcast({ type: 'clear-all', channel: e.channel, by: e.by });
      case 'unban':
        return this.broadcast({ type: 'unban', channel: e.channel, login: e.user.login, displayName: e.user.displayName, by: e.by });
      case 'warn':
        return this.broadcast({ type: 'warn', channel: e.channel, login: e.user.login, displayName: e.user.displayName, reason: e.reason, by: e.by });
      case 'settings':
        return this.broadcast({ type: 'settings', channel: e.channel, settings: e.settings, changed: e.changed, by: e.by });
      case 'stream':
        return this.broadcast({ type: 'stream', channel: e.channel, stream: e.stream, by: e.by });
      case 'raid':
        return this.broadcast({
          type: 'raid',
          channel: e.raid.channel,
          login: e.raid.from.login,
          displayName: e.raid.from.displayName,
          viewers: e.raid.viewers,
        });
      case 'join':
      case 'part':
        return this.broadcast({ type: e.type, channel: e.channel, login: e.login });
    }
  }

  private send(ws: WebSocket, value: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(value));
  }

  private broadcast(value: unknown): void {
    const text = JSON.stringify(value);
    for (const ws of this.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }
}
