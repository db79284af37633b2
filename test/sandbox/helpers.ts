import { StaticAuthProvider } from '@twurple/auth';
import { ApiClient } from '@twurple/api';
import { ChatClient } from '@twurple/chat';
import WebSocket from 'ws';
import { setTwurpleMockApiPort } from '../../src/config/env.js';
import { startSandbox, type Sandbox, type SandboxEvent, type SandboxOptions } from '../../src/sandbox/index.js';

/** Quiet twurple loggers (set `DEBUG_TWURPLE=1`-style verbosity here when debugging). */
export const quiet = { minLevel: 'critical' as const };

/** Starts a sandbox and points twurple's Helix/auth calls at it. */
export async function sandboxForTest(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ channels: ['sandbox'], ...options });
  setTwurpleMockApiPort(sandbox.helixPort);
  return sandbox;
}

/** A real twurple ChatClient logged in as the sandbox bot, joined to the default channel. */
export async function connectChat(sandbox: Sandbox, token = 'testtoken'): Promise<ChatClient> {
  const chat = new ChatClient({
    authProvider: new StaticAuthProvider(sandbox.clientId, token),
    channels: [sandbox.defaultChannel],
    hostName: sandbox.ircHostName,
    ssl: false,
    webSocket: true,
    // The sandbox bot moderates its channel: no 1-message-per-1.2 s throttle.
    isAlwaysMod: true,
    logger: quiet,
  });
  const joined = sandbox.waitForJoin();
  chat.connect();
  await joined;
  // twurple counts the channel as joined once it has processed ROOMSTATE, a moment later.
  await until(() => chat.currentChannels.includes('#' + sandbox.defaultChannel), 'twurple to acknowledge the join');
  return chat;
}

/** A real twurple ApiClient with a sandbox token. */
export function apiClient(sandbox: Sandbox, token = 'testtoken'): ApiClient {
  return new ApiClient({ authProvider: new StaticAuthProvider(sandbox.clientId, token), logger: quiet });
}

/** Polls `condition` (no event exists for it) until true; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the first event matching `predicate` (rejects after `timeoutMs`). */
export function nextEvent<T extends SandboxEvent>(sandbox: Sandbox, predicate: (e: SandboxEvent) => e is T, timeoutMs?: number): Promise<T>;
export function nextEvent(sandbox: Sandbox, predicate: (e: SandboxEvent) => boolean, timeoutMs?: number): Promise<SandboxEvent>;
export function nextEvent(sandbox: Sandbox, predicate: (e: SandboxEvent) => boolean, timeoutMs = 10_000): Promise<SandboxEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no matching sandbox event within ' + timeoutMs + ' ms'));
    }, timeoutMs);
    const off = sandbox.onEvent((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Resolves with the arguments of the next call of a twurple event (rejects after `timeoutMs`). */
export function once<A extends unknown[]>(
  subscribe: (handler: (...args: A) => void) => { unbind(): void },
  predicate: (...args: A) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.unbind();
      reject(new Error('twurple event did not fire within ' + timeoutMs + ' ms'));
    }, timeoutMs);
    const listener = subscribe((...args: A) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      listener.unbind();
      resolve(args);
    });
  });
}

/** A raw IRC-over-WebSocket client that records every line it receives. */
export class RawIrc {
  readonly lines: string[] = [];
  private waiters: Array<{ pred: (line: string) => boolean; resolve: (line: string) => void }> = [];
  readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      for (const line of String(data).split('\r\n')) {
        if (!line) continue;
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(line)) return true;
          w.resolve(line);
          return false;
        });
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', () => resolve()));
  }

  static async connect(url: string): Promise<RawIrc> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawIrc(ws);
  }

  send(...lines: string[]): void {
    for (const l of lines) this.ws.send(l + '\r\n');
  }

  /** The first line (already received or future) matching `pred`. */
  waitFor(pred: (line: string) => boolean, timeoutMs = 5_000): Promise<string> {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching IRC line; got:\n' + this.lines.join('\n'))), timeoutMs);
      this.waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  /** Logs in anonymously (justinfan) with all capabilities and joins `channel`. */
  async joinAnonymously(channel: string): Promise<void> {
    this.send('CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership', 'NICK justinfan12345', `JOIN #${channel}`);
    await this.waitFor((l) => l.includes(` ROOMSTATE #${channel}`));
  }

  /** Closes the connection; resolves once the server has acknowledged it. */
  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}
