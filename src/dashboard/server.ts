import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../chat/clock.js';
import type { HealthReport } from '../bot/health.js';
import type { Logger } from '../chat/logger.js';
import type { LiveFeed, LiveMessage } from './live-feed.js';
import type { BotMetrics } from './metrics.js';
import { DashboardError, matchPath, type DashboardPage, type DashboardReply } from './routes.js';
import { Sessions, cookie, parseCookies, sameSecret, secret, type Session } from './sessions.js';
import { authorizeUrl, completeSignIn, type SignedInUser, type TwitchSignInOptions } from './twitch-signin.js';

/** Options of {@link DashboardServer}. */
export interface DashboardServerOptions {
  /** Address to bind. Loopback (`127.0.0.1`, `localhost`, `::1`) without a public URL allows the login token. */
  host: string;
  /** 0 = any free port. */
  port: number;
  /** Public address when exposed (`https://...`): redirect URI base, Secure cookies, allowed Origin. */
  publicUrl: string | null;
  /** Channels the bot serves (a login-token session gets them all). */
  channels: readonly string[];
  feed: LiveFeed;
  metrics: BotMetrics;
  /** Sign in with Twitch; absent: not offered. */
  twitch: TwitchSignInOptions | undefined;
  sessionHours: number;
  clock: Clock;
  log: Logger;
  /** Answer of the health endpoint (`GET /healthz`): 503 when `down`, like the health server. */
  health: () => HealthReport;
  /** Tests: replaces the Twitch sign-in check (no network). */
  signIn?: (code: string, redirectUri: string) => Promise<SignedInUser>;
}

const SESSION_COOKIE = 'dash_session';
const STATE_COOKIE = 'dash_oauth';
const MAX_BODY = 64 * 1024;
const STATE_TTL_MS = 10 * 60_000;

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');

const STATIC: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** The dashboard's web folder (src/dashboard/web, shipped with the app). */
export function dashboardWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'dashboard', 'web');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`Dashboard web files not found above ${fileURLToPath(import.meta.url)}: src/dashboard/web must ship with the app.`);
    dir = up;
  }
}

/** Preact + htm in one ES module, from the `htm` npm package (served locally, never from a CDN). */
function vendorFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('htm/package.json')), 'preact', 'standalone.module.js');
}

/**
 * The dashboard's HTTP server (node:http + `ws`): sign-in (login token on this machine, Twitch
 * authorization code when exposed), sessions with CSRF tokens, the pages' JSON APIs under
 * `/api/c/<channel>/<page>/...`, the Live WebSocket, `/metrics`, and `/healthz` (the only thing
 * served without sign-in besides the sign-in page).
 */
export class DashboardServer {
  /** Printed at start; signs in on this machine (`/login?token=`). Undefined when exposed. */
  readonly loginToken: string | undefined;
  private readonly sessions: Sessions;
  private readonly pages = new Map<string, DashboardPage>();
  private readonly states = new Map<string, number>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly sockets = new Map<WebSocket, { session: Session; channel: string }>();
  private readonly webDir = dashboardWebDir();
  private readonly offFeed: () => void;
  private secureCookies: boolean;
  private boundPort = 0;

  constructor(private readonly o: DashboardServerOptions) {
    this.sessions = new Sessions(o.clock, o.sessionHours * 3_600_000);
    // With a public URL, a proxy may forward the world to a loopback address: exposed all the same
    this.loginToken = isLoopback(o.host) && !o.publicUrl ? secret() : undefined;
    this.secureCookies = (o.publicUrl ?? '').startsWith('https:');
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        o.log.error('dashboard request failed', { path: req.url, error: err });
        if (!res.headersSent) this.json(res, 500, { error: 'Internal error; see the bot log.' });
        else res.end();
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as import('node:net').Socket, head));
    this.offFeed = o.feed.onChange((m) => this.broadcast(m));
  }

  /** Adds a page (its API routes, and its script when it has one). Ids are unique. */
  addPage(page: DashboardPage): void {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(page.id)) throw new Error(`Dashboard page id "${page.id}": use lowercase letters, digits and "-".`);
    if (this.pages.has(page.id)) throw new Error(`Dashboard page "${page.id}" is already registered.`);
    this.pages.set(page.id, page);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new Error(`port ${this.o.port} is in use`) : err);
      this.server.once('error', onError);
      this.server.listen(this.o.port, this.o.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Base address: the public URL, or `http://host:port`. */
  get url(): string {
    if (this.o.publicUrl) return this.o.publicUrl.replace(/\/+$/, '');
    const host = this.o.host === '::1' ? '[::1]' : this.o.host === '0.0.0.0' ? '127.0.0.1' : this.o.host;
    return `http://${host}:${this.boundPort}`;
  }

  /** The link that signs in on this machine, when the login token is on. */
  get loginUrl(): string | undefined {
    return this.loginToken ? `${this.url}/login?token=${this.loginToken}` : undefined;
  }

  async close(): Promise<void> {
    this.offFeed();
    for (const ws of this.sockets.keys()) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- HTTP ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      const h = this.o.health();
      return this.json(res, h.status === 'down' ? 503 : 200, h);
    }
    if (path === '/login' && method === 'GET') return this.tokenLogin(req, res, url);
    if (path === '/auth/twitch' && method === 'GET') return this.twitchStart(req, res);
    if (path === '/auth/twitch/callback' && method === 'GET') return this.twitchCallback(req, res, url);

    const session = this.sessionOf(req);
    if (path === '/metrics' && method === 'GET') {
      if (!session && !this.bearerOk(req)) return this.json(res, 401, { error: 'Sign in, or send Authorization: Bearer <login token>.' });
      const text = await this.o.metrics.scrape();
      res.writeHead(200, { 'Content-Type': this.o.metrics.contentType });
      res.end(text);
      return;
    }
    if (!session) {
      if (path === '/' && method === 'GET') return this.signInPage(res);
      if (path === '/style.css' || path === '/favicon.svg') return this.static(res, path);
      return this.json(res, 401, { error: 'Sign in first.' });
    }
    // Every state-changing request: same origin and the session's CSRF token
    if (method !== 'GET' && method !== 'HEAD') {
      if (!this.originOk(req)) return this.json(res, 403, { error: 'Cross-site request refused.' });
      if (!sameSecret(String(req.headers['x-csrf-token'] ?? ''), session.csrf))
        return this.json(res, 403, { error: 'Missing or wrong CSRF token. Reload the page.' });
    }
    if (path === '/logout' && method === 'POST') {
      this.sessions.delete(session.id);
      res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', { secure: this.secureCookies, maxAgeSeconds: 0 }));
      return this.json(res, 200, { ok: true });
    }
    if (path === '/api/session' && method === 'GET') {
      return this.json(res, 200, {
        login: session.login,
        via: session.via,
        channels: session.channels,
        csrf: session.csrf,
        pages: [...this.pages.values()].map((p) => ({ id: p.id, title: p.title, script: p.script ? `/pages/${p.id}.js` : null })),
      });
    }
    if (path.startsWith('/api/c/')) return this.api(req, res, url, session);
    if (path === '/vendor/preact-htm.js' && method === 'GET') return this.file(res, vendorFile(), 'text/javascript; charset=utf-8');
    const pageScript = /^\/pages\/([a-z][a-z0-9-]*)\.js$/.exec(path);
    if (pageScript && method === 'GET') {
      const page = this.pages.get(pageScript[1]!);
      if (!page?.script) return this.json(res, 404, { error: 'No such page.' });
      return this.file(res, page.script, 'text/javascript; charset=utf-8');
    }
    if (method === 'GET' && STATIC[path]) return this.static(res, path);
    return this.json(res, 404, { error: 'Not found.' });
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, session: Session): Promise<void> {
    const [, , , channelRaw, pageId, ...rest] = url.pathname.split('/');
    let channel: string;
    try {
      channel = decodeURIComponent(channelRaw ?? '').toLowerCase();
    } catch {
      return this.json(res, 400, { error: 'Bad channel.' });
    }
    if (!session.channels.includes(channel)) return this.json(res, 403, { error: `You may not manage #${channel}.` });
    const page = this.pages.get(pageId ?? '');
    if (!page) return this.json(res, 404, { error: 'No such page.' });
    const sub = rest.join('/');
    const method = req.method ?? 'GET';
    for (const route of page.routes) {
      if (route.method !== method) continue;
      const params = matchPath(route.path, sub);
      if (!params) continue;
      let body: unknown;
      try {
        body = await readJson(req);
        const reply = await route.handle({ method, channel, params, query: url.searchParams, body, session });
        return this.reply(res, reply);
      } catch (err) {
        if (err instanceof DashboardError)
          return this.json(res, err.status, { error: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
        throw err;
      }
    }
    return this.json(res, 404, { error: `No ${method} /${sub} on page ${page.id}.` });
  }

  private reply(res: ServerResponse, r: DashboardReply): void {
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    if (r.text !== undefined) {
      res.writeHead(r.status ?? 200, { 'Content-Type': r.contentType ?? 'text/plain; charset=utf-8' });
      res.end(r.text);
      return;
    }
    this.json(res, r.status ?? 200, r.body ?? {});
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private async static(res: ServerResponse, path: string): Promise<void> {
    const [name, type] = STATIC[path]!;
    return this.file(res, join(this.webDir, name), type);
  }

  private async file(res: ServerResponse, file: string, type: string): Promise<void> {
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return this.json(res, 404, { error: 'Not found.' });
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': content.length });
    res.end(content);
  }

  private async signInPage(res: ServerResponse): Promise<void> {
    const html = (await readFile(join(this.webDir, 'signin.html'), 'utf8'))
      .replace('{{twitch}}', this.o.twitch ? '<a class="button twitch" href="/auth/twitch">Sign in with Twitch</a>' : '')
      .replace(
        '{{token}}',
        this.loginToken
          ? '<p>On the machine running the bot, open the <b>login link</b> the bot printed when it started.</p>'
          : "<p>Only the moderators and the broadcaster of the bot's channels can sign in.</p>",
      );
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  }

  // --- Sign-in ---

  private sessionOf(req: IncomingMessage): Session | undefined {
    return this.sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  }

  private bearerOk(req: IncomingMessage): boolean {
    const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers['authorization'] ?? ''));
    return !!m && !!this.loginToken && sameSecret(m[1], this.loginToken);
  }

  /** Allowed origins: the public URL, or what the browser used to reach us (loopback only). */
  private originOk(req: IncomingMessage): boolean {
    const origin = req.headers['origin'];
    const host = req.headers['host'];
    if (origin === undefined) {
      // Browsers send Origin on cross-site POSTs; a missing one is a non-browser client with the CSRF token
      return true;
    }
    if (this.o.publicUrl && origin === new URL(this.o.publicUrl).origin) return true;
    return !this.o.publicUrl && host !== undefined && origin === `http://${host}`;
  }

  private startSession(res: ServerResponse, s: Omit<Session, 'id' | 'csrf' | 'expiresAt'>): void {
    const session = this.sessions.create(s);
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, session.id, { secure: this.secureCookies, maxAgeSeconds: this.o.sessionHours * 3600 }));
  }

  private redirect(res: ServerResponse, to: string): void {
    res.writeHead(303, { Location: to });
    res.end();
  }

  private tokenLogin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!this.loginToken || !sameSecret(url.searchParams.get('token') ?? '', this.loginToken)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Wrong or expired login link. Use the one the bot printed at its last start.');
      return;
    }
    this.startSession(res, { login: 'owner', userId: undefined, via: 'token', channels: [...this.o.channels] });
    this.o.log.info('dashboard: signed in with the login token');
    this.redirect(res, '/');
  }

  private redirectUri(req: IncomingMessage): string {
    if (this.o.publicUrl) return `${this.o.publicUrl.replace(/\/+$/, '')}/auth/twitch/callback`;
    return `http://${req.headers['host'] ?? `127.0.0.1:${this.boundPort}`}/auth/twitch/callback`;
  }

  private twitchStart(req: IncomingMessage, res: ServerResponse): void {
    if (!this.o.twitch) return this.json(res, 404, { error: 'Sign in with Twitch is not configured.' });
    const now = this.o.clock.now();
    for (const [s, at] of this.states) if (at < now - STATE_TTL_MS) this.states.delete(s);
    const state = secret(24);
    this.states.set(state, now);
    res.setHeader('Set-Cookie', cookie(STATE_COOKIE, state, { secure: this.secureCookies, maxAgeSeconds: STATE_TTL_MS / 1000, path: '/auth/twitch' }));
    this.redirect(res, authorizeUrl(this.o.twitch, this.redirectUri(req), state));
  }

  private async twitchCallback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const page = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!this.o.twitch) return page(404, 'Sign in with Twitch is not configured.');
    const state = url.searchParams.get('state') ?? '';
    const issued = this.states.get(state);
    const cookieState = parseCookies(req.headers.cookie).get(STATE_COOKIE);
    if (issued === undefined || issued < this.o.clock.now() - STATE_TTL_MS || !sameSecret(cookieState, state)) {
      return page(400, 'This sign-in link expired or was not started here. Go back to the dashboard and sign in again.');
    }
    this.states.delete(state);
    const code = url.searchParams.get('code');
    if (!code) return page(400, `Twitch did not sign you in (${url.searchParams.get('error_description') ?? url.searchParams.get('error') ?? 'no code'}).`);
    let user: SignedInUser;
    try {
      user = await (this.o.signIn ?? ((c, r) => completeSignIn(this.o.twitch!, c, r, this.o.channels)))(code, this.redirectUri(req));
    } catch (err) {
      this.o.log.warn('dashboard: Twitch sign-in failed', { error: err });
      return page(502, 'Twitch sign-in failed; try again. (Details are in the bot log.)');
    }
    if (user.channels.length === 0) {
      this.o.log.warn('dashboard: sign-in refused (not a moderator)', { login: user.login, userId: user.userId });
      return page(403, `${user.login} is neither a moderator nor the broadcaster of ${this.o.channels.map((c) => '#' + c).join(', ')}: access refused.`);
    }
    this.startSession(res, { login: user.login, userId: user.userId, via: 'twitch', channels: user.channels });
    this.o.log.info('dashboard: signed in with Twitch', { login: user.login, userId: user.userId, channels: user.channels });
    this.redirect(res, '/');
  }

  // --- Live WebSocket ---

  private upgrade(req: IncomingMessage, socket: import('node:net').Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const session = this.sessionOf(req);
    const channel = (url.searchParams.get('channel') ?? '').toLowerCase();
    if (url.pathname !== '/ws' || !session || !this.originOk(req) || !session.channels.includes(channel)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.set(ws, { session, channel });
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('error', () => this.sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'backlog', messages: this.o.feed.recent(channel) }));
    });
  }

  private broadcast(m: LiveMessage): void {
    let text: string | undefined;
    for (const [ws, sub] of this.sockets) {
      if (sub.channel !== m.channel) continue;
      if (!this.sessions.get(sub.session.id)) {
        ws.close(4001, 'signed out');
        continue;
      }
      text ??= JSON.stringify({ type: 'message', message: m });
      ws.send(text);
    }
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new DashboardError(413, 'Request too large.');
    chunks.push(c as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new DashboardError(400, 'The body is not valid JSON.');
  }
}
