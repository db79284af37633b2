import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxAuth, TokenInfo } from './auth.js';
import type { RoomSettings } from './events.js';
import { Listeners } from './events.js';
import { STATUS_TEXT, type FaultQueue } from './faults.js';
import { ChatRejectedError, DELETE_MAX_AGE_MS, MAX_CHAT_LENGTH, type SandboxChannel, type SandboxHub } from './hub.js';
import type { BotMessage } from './irc-server.js';
import type { SandboxUser } from './users.js';

/** One request the local Helix/auth server answered. */
export interface HelixCall {
  method: string;
  /** Path without `/mock/`, e.g. `moderation/bans`; auth endpoints are `auth/validate`, `auth/token`... */
  path: string;
  /** Query parameters (repeated keys joined by `,`). */
  query: Record<string, string>;
  /** Parsed JSON body, if any. */
  body?: unknown;
  status: number;
  /** Login of the token's user, when the token was valid. */
  user?: string;
  /** True when the answer came from `failNext`. */
  injected: boolean;
  /** Error message returned, for failures. */
  error?: string;
  /** Time of the request (sandbox clock, ms). */
  time: number;
}

/** Options of {@link HelixServer}. */
export interface HelixServerOptions {
  hub: SandboxHub;
  auth: SandboxAuth;
  faults: FaultQueue;
  /** Called for chat messages sent through `POST chat/messages`. */
  onBotMessage: (message: BotMessage) => void;
  /** Calls kept in `calls` (oldest dropped first). */
  maxRecordedCalls: number;
}

/** Thrown by handlers: becomes Twitch's JSON error. */
class HelixError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Request {
  method: string;
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface Answer {
  status: number;
  body?: unknown;
}

const MAX_BODY = 1024 * 1024;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The sandbox's stand-in for Twitch's authorize page (`GET /oauth2/authorize`): instead of a
 * Twitch login, the person types which sandbox user they are, then is sent back to the app's
 * `redirect_uri` with a code (`/oauth2/authorize/confirm`), as Twitch does after "Authorize".
 */
function authorizePage(auth: SandboxAuth, hub: SandboxHub, confirm: boolean, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const redirectUri = q.get('redirect_uri') ?? '';
  const fail = (text: string) => {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  if (q.get('client_id') !== auth.clientId) return fail(`Unknown client_id (the sandbox's is "${auth.clientId}").`);
  if (q.get('response_type') !== 'code' || !/^https?:\/\//.test(redirectUri)) return fail('Expected response_type=code and an http(s) redirect_uri.');
  if (confirm) {
    const login = (q.get('login') ?? '').trim().toLowerCase();
    if (!/^[a-z0-9_]{2,25}$/.test(login)) return fail('Type a login: 2-25 letters, digits or _.');
    hub.users.ensure(login);
    const back = new URL(redirectUri);
    back.searchParams.set('code', auth.issueCode(login, (q.get('scope') ?? '').split(/\s+/).filter(Boolean), redirectUri));
    back.searchParams.set('scope', q.get('scope') ?? '');
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
    res.writeHead(302, { Location: back.toString() });
    res.end();
    return;
  }
  const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
    .join('');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sandbox: authorize</title>
<body style="font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">
<h1>Local Twitch stand-in</h1><p>An application asks who you are (scopes: ${escapeHtml(q.get('scope') ?? 'none')}).
Sign in as a sandbox user:</p>
<form method="get" action="/oauth2/authorize/confirm">${hidden}<input name="login" id="login" placeholder="login" autofocus required> <button id="authorize">Authorize</button></form></body>`);
}
const MAX_TIMEOUT_SECONDS = 1_209_600;
const RATE_LIMIT = 800;

/**
 * The Helix endpoints the bot uses, at `http://localhost:PORT/mock/...` as twurple's
 * `TWURPLE_MOCK_API_PORT` expects, plus `auth/validate|token|revoke`. Validates like Twitch
 * (token, client id, scopes, moderator rights, body limits), records every call, reflects effects
 * into chat and answers injected faults.
 */
export class HelixServer {
  /** Every call answered, oldest first. */
  readonly calls: HelixCall[] = [];
  readonly onCall = new Listeners<HelixCall>();

  constructor(private readonly options: HelixServerOptions) {}

  /** The Helix endpoints (behind a valid token), by `METHOD path`. */
  private readonly endpoints = new Map<string, (this: HelixServer, r: Request, user: TokenInfo) => Answer>([
    ['GET users', this.getUsers],
    ['GET channels', this.getChannels],
    ['GET streams', this.getStreams],
    ['GET moderation/channels', this.getModeratedChannels],
    ['GET moderation/moderators', this.getModerators],
    ['DELETE moderation/chat', this.deleteChat],
    ['POST moderation/bans', this.ban],
    ['DELETE moderation/bans', this.unban],
    ['POST moderation/warnings', this.warn],
    ['GET chat/settings', this.getSettings],
    ['PATCH chat/settings', this.patchSettings],
    ['POST chat/messages', this.sendMessage],
  ]);

  /** Handles `/mock/*` and `/auth/*`; returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    // twurple's mock mode uses /mock/ (Helix) and /auth/ (OAuth); /oauth2/ is Twitch's own OAuth path.
    const auth = /^\/(auth|oauth2)\//.exec(url.pathname);
    const isMock = url.pathname.startsWith('/mock/');
    if (!isMock && !auth) return false;
    const path = auth ? 'auth/' + url.pathname.slice(auth[0].length) : url.pathname.slice('/mock/'.length);
    if (auth && req.method === 'GET' && (path === 'auth/authorize' || path === 'auth/authorize/confirm')) {
      authorizePage(this.options.auth, this.options.hub, path === 'auth/authorize/confirm', url, res);
      return true;
    }
    const { hub } = this.options;
    const call: HelixCall = { method: req.method ?? 'GET', path, query: {}, status: 0, injected: false, time: hub.clock.now() };
    for (const key of new Set(url.searchParams.keys())) call.query[key] = url.searchParams.getAll(key).join(',');
    let answer: Answer;
    try {
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          if (!(req.headers['content-type'] ?? '').includes('json')) body = raw;
          else throw new HelixError(400, 'The request body is not valid JSON.');
        }
        call.body = body;
      }
      const request: Request = { method: call.method, path, params: url.searchParams, headers: req.headers, body };
      const token = this.tokenOf(request);
      if (token) call.user = token.user.login;
      const fault = this.options.faults.take({ method: call.method, path });
      if (fault) {
        call.injected = true;
        answer = this.faultAnswer(res, fault.status, fault.options.message, fault.options.retryAfterSeconds ?? 1);
      } else {
        answer = this.route(request, token);
      }
    } catch (error) {
      if (error instanceof HelixError) answer = errorAnswer(error.status, error.message);
      else {
        hub.log.error('sandbox Helix: handler failed', { path, error });
        answer = errorAnswer(500, 'Internal sandbox error: ' + (error instanceof Error ? error.message : String(error)));
      }
    }
    call.status = answer.status;
    if (answer.status >= 400) call.error = (answer.body as { message?: string } | undefined)?.message ?? '';
    this.record(call);
    this.send(res, answer);
    return true;
  }

  private record(call: HelixCall): void {
    this.calls.push(call);
    if (this.calls.length > this.options.maxRecordedCalls) this.calls.splice(0, this.calls.length - this.options.maxRecordedCalls);
    this.onCall.emit(call, (error) => this.options.hub.log.error('sandbox Helix listener failed', { error }));
  }

  private send(res: ServerResponse, answer: Answer): void {
    if (!res.hasHeader('Ratelimit-Limit')) {
      const reset = Math.ceil(this.options.hub.clock.now() / 1000) + 60;
      res.setHeader('Ratelimit-Limit', String(RATE_LIMIT));
      res.setHeader('Ratelimit-Remaining', String(RATE_LIMIT - 1));
      res.setHeader('Ratelimit-Reset', String(reset));
    }
    if (answer.body === undefined) {
      res.writeHead(answer.status);
      res.end();
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private faultAnswer(res: ServerResponse, status: number, message: string | undefined, retryAfterSeconds: number): Answer {
    if (status === 429) {
      res.setHeader('Ratelimit-Limit', String(RATE_LIMIT));
      res.setHeader('Ratelimit-Remaining', '0');
      res.setHeader('Ratelimit-Reset', String(Math.ceil(this.options.hub.clock.now() / 1000 + retryAfterSeconds)));
    }
    return errorAnswer(status, message ?? (status === 429 ? 'Too Many Requests' : `Injected failure (${status})`));
  }

  private tokenOf(request: Request): TokenInfo | null {
    const header = String(request.headers['authorization'] ?? '');
    const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
    return m ? this.options.auth.validate(m[1]) : null;
  }

  private route(r: Request, token: TokenInfo | null): Answer {
    const key = `${r.method} ${r.path.replace(/\/+$/, '')}`;
    switch (key) {
      case 'GET auth/validate':
        return this.validate(r, token);
      case 'POST auth/token':
        return this.token(r);
      case 'POST auth/revoke': {
        const t = r.params.get('token');
        if (t) this.options.auth.revoke(t);
        return { status: 200 };
      }
    }
    if (r.path.startsWith('auth/')) throw new HelixError(404, `The sandbox does not implement ${r.method} /oauth2/${r.path.slice(5)}.`);
    const user = this.requireToken(r, token);
    const endpoint = this.endpoints.get(key);
    if (!endpoint) throw new HelixError(404, `The sandbox does not implement ${r.method} /helix/${r.path}.`);
    return endpoint.call(this, r, user);
  }

  private validate(r: Request, token: TokenInfo | null): Answer {
    if (!r.headers['authorization']) throw new HelixError(401, 'missing authorization token');
    if (!token) throw new HelixError(401, 'invalid access token');
    return {
      status: 200,
      body: { client_id: token.clientId, login: token.user.login, scopes: [...token.scopes], user_id: token.user.id, expires_in: token.expiresIn },
    };
  }

  private token(r: Request): Answer {
    const grant = r.params.get('grant_type');
    if (grant === 'authorization_code') {
      if (r.params.get('client_id') !== this.options.auth.clientId) throw new HelixError(400, 'invalid client');
      if (!r.params.get('client_secret')) throw new HelixError(400, 'missing client secret');
      const t = this.options.auth.redeemCode(r.params.get('code') ?? '', r.params.get('redirect_uri'));
      if (!t) throw new HelixError(400, 'Invalid authorization code');
      return {
        status: 200,
        body: { access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: t.expiresIn, scope: [...t.scopes], token_type: 'bearer' },
      };
    }
    if (grant !== 'refresh_token') throw new HelixError(400, `The sandbox only supports grant_type=refresh_token, not ${grant ?? '(missing)'}.`);
    if (!r.params.get('refresh_token')) throw new HelixError(400, 'Invalid refresh token');
    const t = this.options.auth.refresh();
    return {
      status: 200,
      body: { access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: t.expiresIn, scope: [...t.scopes], token_type: 'bearer' },
    };
  }

  private requireToken(r: Request, token: TokenInfo | null): TokenInfo {
    const clientId = r.headers['client-id'];
    if (!r.headers['authorization']) throw new HelixError(401, 'OAuth token is missing');
    if (!token) throw new HelixError(401, 'Invalid OAuth token');
    if (!clientId) throw new HelixError(401, 'Client ID is missing');
    if (clientId !== token.clientId) {
      throw new HelixError(401, `Client ID and OAuth token do not match (the sandbox's client id is "${token.clientId}").`);
    }
    return token;
  }

  private requireScope(token: TokenInfo, ...anyOf: string[]): void {
    if (!anyOf.some((s) => token.scopes.includes(s))) throw new HelixError(401, `Missing scope: ${anyOf.join(' or ')}`);
  }

  private requireChannel(r: Request): SandboxChannel {
    const id = r.params.get('broadcaster_id');
    if (!id) throw new HelixError(400, 'Missing required parameter "broadcaster_id"');
    const channel = this.options.hub.channelById(id);
    if (!channel) throw new HelixError(400, `The broadcaster_id "${id}" is not a channel of the sandbox.`);
    return channel;
  }

  /** The acting moderator: `moderator_id` must be the token's user and moderate the channel. */
  private requireModerator(r: Request, token: TokenInfo, channel: SandboxChannel): SandboxUser {
    const id = r.params.get('moderator_id');
    if (!id) throw new HelixError(400, 'Missing required parameter "moderator_id"');
    if (id !== token.user.id) throw new HelixError(403, "The ID in moderator_id must match the user ID found in the request's OAuth token.");
    const roles = channel.channelRoles(id);
    if (!roles.has('broadcaster') && !roles.has('moderator')) {
      throw new HelixError(403, "The user in moderator_id is not one of the broadcaster's moderators.");
    }
    return token.user;
  }

  private targetUser(id: unknown): SandboxUser {
    if (typeof id !== 'string' || !id) throw new HelixError(400, 'Missing required parameter "user_id"');
    const user = this.options.hub.users.getById(id);
    if (!user) throw new HelixError(400, `The user_id "${id}" does not exist.`);
    return user;
  }

  private getUsers(r: Request, token: TokenInfo): Answer {
    const ids = r.params.getAll('id');
    const logins = r.params.getAll('login');
    if (ids.length + logins.length > 100) throw new HelixError(400, 'The request may specify at most 100 ids and logins together.');
    const { users } = this.options.hub;
    const found =
      ids.length + logins.length === 0
        ? [token.user]
        : [...ids.map((id) => users.getById(id)), ...logins.map((l) => users.getByLogin(l))].filter((u): u is SandboxUser => !!u);
    const unique = [...new Map(found.map((u) => [u.id, u])).values()];
    return {
      status: 200,
      body: {
        data: unique.map((u) => ({
          id: u.id,
          login: u.login,
          display_name: u.displayName,
          type: '',
          broadcaster_type: '',
          description: 'A sandbox user.',
          profile_image_url: '',
          offline_image_url: '',
          view_count: 0,
          created_at: new Date(u.createdAt).toISOString(),
        })),
      },
    };
  }

  private getChannels(r: Request): Answer {
    const ids = r.params.getAll('broadcaster_id');
    if (ids.length === 0) throw new HelixError(400, 'Missing required parameter "broadcaster_id"');
    const data = ids
      .map((id) => this.options.hub.channelById(id))
      .filter((c): c is SandboxChannel => !!c)
      .map((c) => ({
        broadcaster_id: c.id,
        broadcaster_login: c.login,
        broadcaster_name: c.broadcaster.displayName,
        broadcaster_language: 'fr',
        game_id: gameId(c.stream.game),
        game_name: c.stream.game,
        title: c.stream.title,
        delay: 0,
        tags: ['Sandbox'],
        content_classification_labels: [],
        is_branded_content: false,
      }));
    return { status: 200, body: { data } };
  }

  /** Live channels among `user_id`/`user_login` (offline ones are left out, like Twitch). */
  private getStreams(r: Request): Answer {
    const { hub } = this.options;
    const ids = r.params.getAll('user_id');
    const logins = r.params.getAll('user_login').map((l) => l.toLowerCase());
    if (ids.length + logins.length > 100) throw new HelixError(400, 'The request may specify at most 100 user ids and logins together.');
    const all = [...hub.channels.values()];
    const wanted = ids.length + logins.length === 0 ? all : all.filter((c) => ids.includes(c.id) || logins.includes(c.login));
    const data = wanted
      .filter((c) => c.stream.live)
      .map((c) => ({
        id: `stream-${c.id}-${c.stream.startedAt}`,
        user_id: c.id,
        user_login: c.login,
        user_name: c.broadcaster.displayName,
        game_id: gameId(c.stream.game),
        game_name: c.stream.game,
        type: 'live',
        title: c.stream.title,
        tags: ['Sandbox'],
        viewer_count: c.seen.size,
        started_at: new Date(c.stream.startedAt).toISOString(),
        language: 'fr',
        thumbnail_url: '',
        tag_ids: [],
        is_mature: false,
      }));
    return { status: 200, body: { data, pagination: {} } };
  }

  private getModeratedChannels(r: Request, token: TokenInfo): Answer {
    this.requireScope(token, 'user:read:moderated_channels');
    const userId = r.params.get('user_id');
    if (!userId) throw new HelixError(400, 'Missing required parameter "user_id"');
    if (userId !== token.user.id) throw new HelixError(400, "The user_id must match the user ID in the request's OAuth token.");
    const data = [...this.options.hub.channels.values()]
      .filter((c) => c.moderators.has(userId))
      .map((c) => ({ broadcaster_id: c.id, broadcaster_login: c.login, broadcaster_name: c.broadcaster.displayName }));
    return { status: 200, body: { data, pagination: {} } };
  }

  private getModerators(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    if (token.user.id !== channel.id) throw new HelixError(403, "The broadcaster_id must match the user ID in the request's OAuth token.");
    const filter = r.params.getAll('user_id');
    const data = [...channel.moderators]
      .filter((id) => filter.length === 0 || filter.includes(id))
      .map((id) => this.options.hub.users.getById(id))
      .filter((u): u is SandboxUser => !!u)
      .map((u) => ({ user_id: u.id, user_login: u.login, user_name: u.displayName }));
    return { status: 200, body: { data, pagination: {} } };
  }

  private deleteChat(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'moderator:manage:chat_messages');
    const moderator = this.requireModerator(r, token, channel);
    const { hub } = this.options;
    const messageId = r.params.get('message_id');
    if (!messageId) {
      hub.clearChat(channel, moderator.login);
      return { status: 204 };
    }
    const message = channel.messages.get(messageId);
    if (!message || message.deleted || hub.clock.now() - message.timestamp > DELETE_MAX_AGE_MS) {
      throw new HelixError(404, 'The ID in message_id was not found, or the message was created more than 6 hours ago.');
    }
    if (message.user.id !== moderator.id) {
      if (message.roles.has('broadcaster')) throw new HelixError(400, "You may not delete the broadcaster's messages.");
      if (message.roles.has('moderator')) throw new HelixError(400, "You may not delete another moderator's messages.");
    }
    hub.deleteMessage(channel, message, moderator.login);
    return { status: 204 };
  }

  private ban(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'moderator:manage:banned_users');
    const moderator = this.requireModerator(r, token, channel);
    const data = dataOf(r.body);
    const user = this.targetUser(data['user_id']);
    const duration = data['duration'];
    if (duration !== undefined && duration !== null) {
      if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > MAX_TIMEOUT_SECONDS) {
        throw new HelixError(400, `The value in the duration field is not valid: use whole seconds from 1 to ${MAX_TIMEOUT_SECONDS} (14 days).`);
      }
    }
    const reason = data['reason'] ?? '';
    if (typeof reason !== 'string') throw new HelixError(400, 'The reason field must be a string.');
    if (Array.from(reason).length > 500) throw new HelixError(400, 'The text in the reason field is too long (at most 500 characters).');
    const roles = channel.channelRoles(user.id);
    if (user.id === moderator.id || roles.has('broadcaster') || (roles.has('moderator') && moderator.id !== channel.id)) {
      throw new HelixError(400, 'The user specified in the user_id field may not be banned.');
    }
    const { hub } = this.options;
    if (channel.activeBan(user.id, hub.clock.now())?.until === null) {
      throw new HelixError(400, 'The user specified in the user_id field is already banned.');
    }
    const entry = hub.banUser(channel, user, typeof duration === 'number' ? duration : null, reason, moderator.login);
    return {
      status: 200,
      body: {
        data: [
          {
            broadcaster_id: channel.id,
            moderator_id: moderator.id,
            user_id: user.id,
            created_at: new Date(entry.createdAt).toISOString(),
            end_time: entry.until === null ? null : new Date(entry.until).toISOString(),
          },
        ],
      },
    };
  }

  private unban(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'moderator:manage:banned_users');
    const moderator = this.requireModerator(r, token, channel);
    const user = this.targetUser(r.params.get('user_id'));
    if (!channel.activeBan(user.id, this.options.hub.clock.now())) {
      throw new HelixError(400, 'The user specified in the user_id field is not banned.');
    }
    this.options.hub.unbanUser(channel, user, moderator.login);
    return { status: 204 };
  }

  private warn(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'moderator:manage:warnings');
    const moderator = this.requireModerator(r, token, channel);
    const data = dataOf(r.body);
    const user = this.targetUser(data['user_id']);
    const reason = data['reason'];
    if (typeof reason !== 'string' || reason.trim() === '') throw new HelixError(400, 'Missing required parameter "reason"');
    if (Array.from(reason).length > 500) throw new HelixError(400, 'The text in the reason field is too long (at most 500 characters).');
    const roles = channel.channelRoles(user.id);
    if (user.id === moderator.id || roles.has('broadcaster') || roles.has('moderator')) {
      throw new HelixError(400, 'The user specified in the user_id field may not be warned.');
    }
    this.options.hub.warnUser(channel, user, reason, moderator.login);
    return { status: 200, body: { data: [{ broadcaster_id: channel.id, user_id: user.id, moderator_id: moderator.id, reason }] } };
  }

  private settingsBody(channel: SandboxChannel, privileged: string | null): Record<string, unknown> {
    const s = channel.settings;
    return {
      broadcaster_id: channel.id,
      emote_mode: s.emoteOnly,
      follower_mode: s.followerOnly,
      follower_mode_duration: s.followerOnly ? s.followerOnlyDelayMinutes : null,
      moderator_id: privileged,
      non_moderator_chat_delay: privileged ? s.nonModeratorChatDelay : null,
      non_moderator_chat_delay_duration: privileged && s.nonModeratorChatDelay ? s.nonModeratorChatDelaySeconds : null,
      slow_mode: s.slow,
      slow_mode_wait_time: s.slow ? s.slowDelaySeconds : null,
      subscriber_mode: s.subscriberOnly,
      unique_chat_mode: s.uniqueChat,
    };
  }

  private getSettings(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    let moderator: string | null = null;
    if (r.params.get('moderator_id')) {
      this.requireScope(token, 'moderator:read:chat_settings', 'moderator:manage:chat_settings');
      moderator = this.requireModerator(r, token, channel).id;
    }
    return { status: 200, body: { data: [this.settingsBody(channel, moderator)] } };
  }

  private patchSettings(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'moderator:manage:chat_settings');
    const moderator = this.requireModerator(r, token, channel);
    if (typeof r.body !== 'object' || r.body === null || Array.isArray(r.body)) throw new HelixError(400, 'The request body must be a JSON object.');
    const b = r.body as Record<string, unknown>;
    const patch: Partial<RoomSettings> = {};
    const bool = (field: string, key: keyof RoomSettings): void => {
      const v = b[field];
      if (v === undefined || v === null) return;
      if (typeof v !== 'boolean') throw new HelixError(400, `The ${field} field must be true or false.`);
      (patch as Record<string, unknown>)[key] = v;
    };
    const int = (field: string, key: keyof RoomSettings, ok: (n: number) => boolean, rule: string): void => {
      const v = b[field];
      if (v === undefined || v === null) return;
      if (typeof v !== 'number' || !Number.isInteger(v) || !ok(v)) throw new HelixError(400, `The value in the ${field} field is not valid: ${rule}.`);
      (patch as Record<string, unknown>)[key] = v;
    };
    bool('emote_mode', 'emoteOnly');
    bool('follower_mode', 'followerOnly');
    int('follower_mode_duration', 'followerOnlyDelayMinutes', (n) => n >= 0 && n <= 129_600, 'minutes from 0 to 129600 (3 months)');
    bool('non_moderator_chat_delay', 'nonModeratorChatDelay');
    int('non_moderator_chat_delay_duration', 'nonModeratorChatDelaySeconds', (n) => n === 2 || n === 4 || n === 6, 'use 2, 4 or 6 seconds');
    bool('slow_mode', 'slow');
    int('slow_mode_wait_time', 'slowDelaySeconds', (n) => n >= 3 && n <= 120, 'seconds from 3 to 120');
    bool('subscriber_mode', 'subscriberOnly');
    bool('unique_chat_mode', 'uniqueChat');
    const p = patch as Record<string, unknown>;
    if (p['slow'] === false) delete p['slowDelaySeconds'];
    if (p['followerOnly'] === false) delete p['followerOnlyDelayMinutes'];
    if (Object.keys(p).length === 0) throw new HelixError(400, 'The request must update at least one chat setting.');
    this.options.hub.updateSettings(channel, patch, moderator.login);
    return { status: 200, body: { data: [this.settingsBody(channel, moderator.id)] } };
  }

  private sendMessage(r: Request, token: TokenInfo): Answer {
    const channel = this.requireChannel(r);
    this.requireScope(token, 'user:write:chat');
    const sender = r.params.get('sender_id');
    if (!sender) throw new HelixError(400, 'Missing required parameter "sender_id"');
    if (sender !== token.user.id) throw new HelixError(403, "The sender_id must match the user ID in the request's OAuth token.");
    const b = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    const text = b['message'];
    if (typeof text !== 'string' || text === '') throw new HelixError(400, 'Missing required parameter "message"');
    if (Array.from(text).length > MAX_CHAT_LENGTH) throw new HelixError(400, `The message is too long (at most ${MAX_CHAT_LENGTH} characters).`);
    const replyTo = typeof b['reply_parent_message_id'] === 'string' ? (b['reply_parent_message_id'] as string) : undefined;
    const { hub, onBotMessage } = this.options;
    const record: BotMessage = {
      channel: channel.login,
      login: token.user.login,
      text,
      action: false,
      via: 'helix',
      timestamp: hub.clock.now(),
      ...(replyTo ? { replyParentId: replyTo } : {}),
    };
    const dropped = (code: string, message: string): Answer => {
      record.rejected = code;
      onBotMessage(record);
      return { status: 200, body: { data: [{ message_id: '', is_sent: false, drop_reason: { code, message } }] } };
    };
    if (/^[/.]/.test(text)) return dropped('unrecognized_cmd', 'Chat commands cannot be sent through the API.');
    try {
      const message = hub.postAsClient(token.user, channel.login, text, { source: 'helix', ...(replyTo ? { replyTo } : {}) });
      record.id = message.id;
      onBotMessage(record);
      return { status: 200, body: { data: [{ message_id: message.id, is_sent: true, drop_reason: null }] } };
    } catch (error) {
      if (error instanceof ChatRejectedError) return dropped(error.reason, error.message);
      throw error;
    }
  }
}

/** A stable made-up category id (Just Chatting keeps Twitch's). */
function gameId(name: string): string {
  if (name === 'Just Chatting') return '509658';
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return String(100_000 + (h % 900_000));
}

function dataOf(body: unknown): Record<string, unknown> {
  const data = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['data'] : undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HelixError(400, 'Missing required parameter "data"');
  return data as Record<string, unknown>;
}

function errorAnswer(status: number, message: string): Answer {
  return { status, body: { error: STATUS_TEXT[status] ?? 'Error', status, message } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HelixError(413, 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
