import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SystemClock, type Clock } from '../chat/clock.js';
import { silentLogger, type Logger } from '../chat/logger.js';
import { sandboxSourceDir } from './assets.js';
import { DEFAULT_SCOPES, SandboxAuth } from './auth.js';
import { BackgroundChat, type BackgroundChatOptions } from './background-chat.js';
import { DEFAULT_EMOTES, type SandboxEmote } from './emote-offsets.js';
import { Listeners, type RoomSettings, type SandboxChatMessage, type SandboxEvent, type StreamState } from './events.js';
import { FaultQueue, type EndpointMatcher, type FaultOptions } from './faults.js';
import { HelixServer, type HelixCall } from './helix-server.js';
import { SandboxHub, type SendAsInput } from './hub.js';
import { IrcServer, type BotMessage } from './irc-server.js';
import { PageServer } from './page-server.js';
import { raidChannel, type RaidInput, type SandboxRaid } from './raid.js';
import { moderateAs, type ModerateInput } from './moderate.js';

export { ChatRejectedError, type SendAsInput } from './hub.js';
export type { BotMessage } from './irc-server.js';
export type { HelixCall } from './helix-server.js';
export type { EndpointMatcher, FaultOptions } from './faults.js';
export type { SandboxEmote } from './emote-offsets.js';
export type { RoomSettings, SandboxChatMessage, SandboxEvent, StreamState } from './events.js';
export type { BackgroundChatOptions } from './background-chat.js';
export type { RaidInput, SandboxRaid } from './raid.js';
export type { ModerateInput } from './moderate.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** TCP port of the sandbox (chat WebSocket, Helix mock and web page share it). Default 0: a free port. Bound to 127.0.0.1 only. */
  port?: number;
  /** Channels that exist from the start (more are created when a client joins them). Default `['sandbox']`. */
  channels?: string[];
  /** Login of the bot account that every sandbox token belongs to. Default `'semanticbot'`. */
  botLogin?: string;
  /** Display name of the bot. Default: `botLogin`. */
  botDisplayName?: string;
  /** User id of the bot. Default: derived from the login. */
  botUserId?: string;
  /** Whether the bot moderates every channel (Helix moderation needs it). Default true. */
  botIsModerator?: boolean;
  /** Scopes reported for the bot's token. Default: the bot's scopes plus `user:read:moderated_channels` and `user:write:chat`. */
  botScopes?: readonly string[];
  /** Client id of the (pretend) Twitch app; Helix requests must send it as `Client-Id`. Default `'sandboxclientid'`. */
  clientId?: string;
  /** Emotes recognised in messages (`emotes` tag). Default: the Backseat channel emotes and some Twitch globals. */
  emotes?: readonly SandboxEmote[];
  /** Plays a bundled excerpt of real chat in the first channel: `true` or options. Default false (tests stay deterministic). */
  backgroundChat?: boolean | BackgroundChatOptions;
  /** Interval of the server's keep-alive PINGs to chat clients, ms (0 = never). Default 240000 (like Twitch, ~4 min). */
  pingIntervalMs?: number;
  /** A chat client that does not answer a PING within this many ms is disconnected. Default 10000. */
  pongTimeoutMs?: number;
  /** Messages kept per channel (for deletes, replies and the page). Default 1000. */
  historySize?: number;
  /** Helix calls kept in `helixCalls`. Default 10000. */
  maxRecordedCalls?: number;
  /** Time source for message timestamps, timeouts and timers. Default: wall clock. */
  clock?: Clock;
  /** Default: silent. */
  logger?: Logger;
}

/** A running local Twitch stand-in. */
export interface Sandbox {
  /** The port everything listens on (127.0.0.1). */
  readonly port: number;
  /** Address of the web page, e.g. `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** WebSocket URL of the chat server (any path works; twurple asks for `/:80`). */
  readonly ircUrl: string;
  /** What to give twurple's `ChatClient` as `hostName` (with `ssl: false`, WebSocket mode). */
  readonly ircHostName: string;
  /** Value for `TWURPLE_MOCK_API_PORT` (Helix at `http://localhost:PORT/mock/`, auth at `/auth/`). */
  readonly helixPort: number;
  /** The client id Helix expects in `Client-Id`. */
  readonly clientId: string;
  /** The bot account every sandbox token resolves to. */
  readonly bot: { readonly login: string; readonly id: string; readonly displayName: string };
  /** The first channel (the page's default). */
  readonly defaultChannel: string;
  /** Every Helix/auth call answered, oldest first. */
  readonly helixCalls: readonly HelixCall[];
  /** Every chat message the bot sent (IRC or Helix), including refused ones (`rejected`). */
  readonly botMessages: readonly BotMessage[];

  /** Posts a message as any viewer; returns its id. Throws `ChatRejectedError` when Twitch would refuse it. */
  sendAs(input: SendAsInput): string;
  /** Another broadcaster raids a channel: clients get Twitch's USERNOTICE `msg-id=raid`. Throws on a bad login or count. */
  raid(input: RaidInput): SandboxRaid;
  /** Another moderator (not the bot) deletes, times out, bans, unbans or clears chat. Throws on a bad input. */
  moderate(input: ModerateInput): void;
  /** Calls `fn` for each chat message the bot sends; returns an unsubscribe function. */
  onBotMessage(fn: (message: BotMessage) => void): () => void;
  /** Resolves with the next delivered bot message matching `predicate`; rejects after `timeoutMs` (default 10000). */
  waitForBotMessage(predicate?: (message: BotMessage) => boolean, timeoutMs?: number): Promise<BotMessage>;
  /** Calls `fn` for each Helix call; returns an unsubscribe function. */
  onHelixCall(fn: (call: HelixCall) => void): () => void;
  /** Resolves with the next Helix call matching `predicate`; rejects after `timeoutMs` (default 10000). */
  waitForHelixCall(predicate?: (call: HelixCall) => boolean, timeoutMs?: number): Promise<HelixCall>;
  /** Every event (messages, deletions, timeouts, settings, joins); returns an unsubscribe function. */
  onEvent(fn: (event: SandboxEvent) => void): () => void;
  /** Resolves when a logged-in chat client (default: the bot) is in `channel` (default: the first channel). */
  waitForJoin(channel?: string, login?: string, timeoutMs?: number): Promise<void>;
  /** The next `count` (default 1) Helix requests matching `matcher` fail with `status` (429 adds `Ratelimit-*` headers). */
  failNext(matcher: EndpointMatcher, status: number, count?: number, options?: FaultOptions): void;
  /**
   * Fails every matching Helix/auth request with `status` until the returned function is called
   * (an outage: "token endpoint 500 for 2 minutes", "Helix 429 for a while").
   */
  failUntilCleared(matcher: EndpointMatcher, status: number, options?: FaultOptions): () => void;
  /** Closes every chat connection abruptly (a network failure); returns how many were dropped. */
  dropConnections(): number;
  /** Sends PING to every logged-in chat client; resolves with their number once all answered PONG. */
  pingClients(): Promise<number>;
  /** Logged-in chat clients. */
  readonly chatClientCount: number;
  /** Logins of logged-in chat clients in `channel`. */
  membersOf(channel?: string): string[];
  /** Current chat settings of a channel. */
  chatSettings(channel?: string): RoomSettings;
  /** Live status, title and category of a channel (what Helix `GET streams`/`GET channels` answer). */
  stream(channel?: string): StreamState;
  /** Switches a channel live/offline or changes its title/category (like the page's live toggle). */
  setStream(patch: Partial<Omit<StreamState, 'startedAt'>>, channel?: string): StreamState;
  /** Recent messages of a channel, oldest first. */
  messages(channel?: string): readonly SandboxChatMessage[];
  /** Active ban/timeout of a user: `null` = permanent, a number = end time (ms), `undefined` = none. */
  banOf(login: string, channel?: string): number | null | undefined;
  /** Makes a token invalid (Helix 401, chat login refused). */
  revokeToken(token: string): void;
  /** Starts or stops the background chat (no-op when it was not configured). */
  setBackgroundChat(on: boolean): void;
  /** Stops everything and frees the port. */
  close(): Promise<void>;
}

/** Starts the local Twitch stand-in: chat (IRC over WebSocket), Helix mock and web page on one 127.0.0.1 port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? new SystemClock();
  const log = options.logger ?? silentLogger;
  const channels = (options.channels ?? ['sandbox']).map((c) => c.toLowerCase().replace(/^#/, ''));
  if (channels.length === 0) throw new Error('startSandbox: give at least one channel (option "channels").');
  const botLogin = (options.botLogin ?? 'semanticbot').toLowerCase();
  const hub = new SandboxHub({
    clock,
    log,
    emotes: options.emotes ?? DEFAULT_EMOTES,
    bot: { login: botLogin, displayName: options.botDisplayName ?? botLogin, ...(options.botUserId ? { id: options.botUserId } : {}) },
    botIsModerator: options.botIsModerator ?? true,
    historySize: options.historySize ?? 1000,
  });
  for (const c of channels) hub.channel(c);
  const defaultChannel = channels[0]!;
  const clientId = options.clientId ?? 'sandboxclientid';
  const auth = new SandboxAuth(hub, clientId, options.botScopes ?? DEFAULT_SCOPES);
  const faults = new FaultQueue();
  const botMessages: BotMessage[] = [];
  const botListeners = new Listeners<BotMessage>();
  const onBotMessage = (m: BotMessage): void => {
    botMessages.push(m);
    if (botMessages.length > 10_000) botMessages.shift();
    if (m.rejected) log.warn('sandbox: bot message refused', { channel: m.channel, reason: m.rejected });
    botListeners.emit(m, (error) => log.error('sandbox bot-message listener failed', { error }));
  };
  const irc = new IrcServer({ hub, auth, pingIntervalMs: options.pingIntervalMs ?? 240_000, pongTimeoutMs: options.pongTimeoutMs ?? 10_000, onBotMessage });
  const helix = new HelixServer({ hub, auth, faults, onBotMessage, maxRecordedCalls: options.maxRecordedCalls ?? 10_000 });
  const sourceDir = sandboxSourceDir();
  const sendAs = (input: SendAsInput, source: 'api' | 'page' | 'background' = 'api'): string => hub.postAsViewer(input, defaultChannel, source).id;

  let background: BackgroundChat | undefined;
  if (options.backgroundChat) {
    const bgOptions = options.backgroundChat === true ? {} : options.backgroundChat;
    background = new BackgroundChat(clock, (input) => sendAs(input, 'background'), log, join(sourceDir, 'assets', 'backseat-excerpt.tsv'), bgOptions);
  }
  let port = 0;
  const page = new PageServer({
    hub,
    webDir: join(sourceDir, 'web'),
    defaultChannel,
    helixCalls: () => helix.calls,
    onHelixCall: (fn) => helix.onCall.add(fn),
    sendAs: (input) => sendAs(input, 'page'),
    raid: (input) => raidChannel(hub, input, defaultChannel),
    background: { available: !!background, running: () => background?.running ?? false, set: (on) => (on ? background?.start() : background?.stop()) },
    origins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (await helix.handle(req, res, url)) return;
      if (await page.serveStatic(req, res, url)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found. The sandbox serves its page at /, Helix at /mock/ and Twitch auth at /auth/.');
    })().catch((error: unknown) => {
      log.error('sandbox HTTP handler failed', { error });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/sandbox/ws') page.handleUpgrade(req, socket, head);
    else irc.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Sandbox port ${options.port} is in use: pick another port or 0 for a free one.`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  background?.start();
  log.info('sandbox listening', { url: `http://127.0.0.1:${port}/` });

  const waitFor = <T>(subscribe: (fn: (v: T) => void) => () => void, predicate: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const off = subscribe((v) => {
        if (!predicate(v)) return;
        off();
        cancel();
        resolve(v);
      });
      const cancel = clock.setTimer(timeoutMs, () => {
        off();
        reject(new Error(`Sandbox: timed out after ${timeoutMs} ms waiting for ${what}.`));
      });
    });

  const channelOf = (name?: string) => hub.channel(name ?? defaultChannel);
  let closed = false;

  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    ircUrl: `ws://127.0.0.1:${port}/`,
    ircHostName: `127.0.0.1:${port}/`,
    helixPort: port,
    clientId,
    bot: { login: hub.bot.login, id: hub.bot.id, displayName: hub.bot.displayName },
    defaultChannel,
    helixCalls: helix.calls,
    botMessages,
    sendAs: (input) => sendAs(input, 'api'),
    raid: (input) => raidChannel(hub, input, defaultChannel),
    moderate: (input) => moderateAs(hub, input, defaultChannel),
    onBotMessage: (fn) => botListeners.add(fn),
    waitForBotMessage: (predicate = () => true, timeoutMs = 10_000) =>
      waitFor<BotMessage>(
        (fn) => botListeners.add(fn),
        (m) => !m.rejected && predicate(m),
        timeoutMs,
        'a bot message',
      ),
    onHelixCall: (fn) => helix.onCall.add(fn),
    waitForHelixCall: (predicate = () => true, timeoutMs = 10_000) => waitFor<HelixCall>((fn) => helix.onCall.add(fn), predicate, timeoutMs, 'a Helix call'),
    onEvent: (fn) => hub.events.add(fn),
    waitForJoin: async (channel, login, timeoutMs = 10_000) => {
      const name = (channel ?? defaultChannel).toLowerCase().replace(/^#/, '');
      const who = (login ?? hub.bot.login).toLowerCase();
      if (irc.membersOf(name).includes(who)) return;
      await waitFor<SandboxEvent>(
        (fn) => hub.events.add(fn),
        (e) => e.type === 'join' && e.channel === name && e.login === who,
        timeoutMs,
        `${who} to join #${name}`,
      );
    },
    failNext: (matcher, status, count = 1, faultOptions = {}) => void faults.add(matcher, status, count, faultOptions),
    failUntilCleared: (matcher, status, faultOptions = {}) => faults.add(matcher, status, Infinity, faultOptions),
    dropConnections: () => irc.dropAll(),
    pingClients: () => irc.pingAll(),
    get chatClientCount() {
      return irc.clientCount;
    },
    membersOf: (channel) => irc.membersOf((channel ?? defaultChannel).toLowerCase()),
    chatSettings: (channel) => ({ ...channelOf(channel).settings }),
    stream: (channel) => ({ ...channelOf(channel).stream }),
    setStream: (patch, channel) => hub.setStream(channelOf(channel), patch, 'api'),
    messages: (channel) => [...channelOf(channel).messages.values()],
    banOf: (login, channel) => {
      const user = hub.users.getByLogin(login);
      const ban = user ? channelOf(channel).activeBan(user.id, clock.now()) : undefined;
      return ban ? ban.until : undefined;
    },
    revokeToken: (token) => auth.revoke(token),
    setBackgroundChat: (on) => (on ? background?.start() : background?.stop()),
    close: async () => {
      if (closed) return;
      closed = true;
      background?.stop();
      await Promise.all([irc.close(), page.close()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
