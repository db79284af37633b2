import { exchangeDeviceCode, startDeviceCodeFlow, type AccessToken, type DeviceCodeInfo } from '@twurple/auth';
import { twitchMessage } from './helix-errors.js';
import type { StoredToken } from './token-file.js';
import { BOT_SCOPES } from '../chat/scopes.js';

/** What the user must do: open `verificationUri` and enter `userCode`. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  /** Seconds until the code expires. */
  expiresIn: number;
}

/** Options of {@link runDeviceCodeFlow}. */
export interface DeviceFlowOptions {
  clientId: string;
  /** Default {@link BOT_SCOPES}. */
  scopes?: readonly string[];
  /** Shows the code to the user. */
  onPrompt: (prompt: DeviceCodePrompt) => void;
  /** Waits between polls. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Time source for the expiry. Default `Date.now`. */
  now?: () => number;
  /** Gives up on one request to Twitch after this many ms (a silent network must not hang). Default 30000. */
  requestTimeoutMs?: number;
}

/** Why the device flow stopped without a token. */
export class DeviceFlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceFlowError';
  }
}

/**
 * Twitch's Device Code Grant flow (public client, no secret) with twurple's
 * `startDeviceCodeFlow`/`exchangeDeviceCode` (they reach `id.twitch.tv`, or a local server through
 * `TWURPLE_MOCK_API_PORT`): shows the user code and URL, then polls every `interval` seconds until
 * the user authorises (handles `authorization_pending`, `slow_down`, `expired_token`, `access_denied`).
 */
export async function runDeviceCodeFlow(options: DeviceFlowOptions): Promise<StoredToken> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const scopes = [...(options.scopes ?? BOT_SCOPES)];
  const timeoutMs = options.requestTimeoutMs ?? 30_000;

  // 1. Device code.
  let device: DeviceCodeInfo;
  try {
    device = await withDeadline(startDeviceCodeFlow(options.clientId, scopes), timeoutMs);
  } catch (err) {
    const f = twitchFailure(err);
    throw new DeviceFlowError(
      `Twitch refused to start the device flow (HTTP ${f.status}: ${f.message}). Fix: check TWITCH_CLIENT_ID, and that the application's client type is "Public" in the Twitch developer console.`,
    );
  }
  if (!device.deviceCode || !device.userCode || !device.verificationUri)
    throw new DeviceFlowError('Twitch answered the device request without a code. Try again later.');
  options.onPrompt({ userCode: device.userCode, verificationUri: device.verificationUri, expiresIn: device.expiresIn ?? 1800 });

  // 2. Poll until authorised, refused or expired.
  let interval = Math.max(1, device.interval ?? 5) * 1000;
  const deadline = now() + (device.expiresIn ?? 1800) * 1000;
  for (;;) {
    await sleep(interval);
    if (now() > deadline) throw new DeviceFlowError('The code expired before it was entered. Fix: run `npm run auth` again and enter the code sooner.');
    let token: AccessToken;
    try {
      token = await withDeadline(exchangeDeviceCode(options.clientId, device.deviceCode, scopes), timeoutMs);
    } catch (err) {
      const { status, message } = twitchFailure(err);
      if (message === 'authorization_pending') continue;
      if (message === 'slow_down') {
        interval += 5000;
        continue;
      }
      if (message === 'expired_token' || /invalid device code/i.test(message)) {
        throw new DeviceFlowError('The code expired before it was entered. Fix: run `npm run auth` again and enter the code sooner.');
      }
      if (message === 'access_denied') throw new DeviceFlowError('Authorisation was refused on Twitch. Fix: run `npm run auth` again and click "Authorize".');
      throw new DeviceFlowError(`Twitch refused the token request (HTTP ${status}: ${message}).`);
    }
    if (!token.accessToken) throw new DeviceFlowError('Twitch answered without an access token. Try again.');
    return { ...token, scope: token.scope.length ? token.scope : scopes, obtainmentTimestamp: now() };
  }
}

class NoAnswerError extends Error {}

/** Rejects with a {@link NoAnswerError} when `p` has not settled after `ms`. */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  const signal = AbortSignal.timeout(ms);
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new NoAnswerError(`no answer within ${ms / 1000} s`)), { once: true });
    p.then(resolve, reject);
  });
}

/**
 * Status and Twitch's `message` of a failed call; a network failure or a silent server is a
 * {@link DeviceFlowError} at once (never with the request URL, which holds the device code).
 */
function twitchFailure(err: unknown): { status: number; message: string } {
  const e = err as { statusCode?: unknown; body?: unknown; message?: unknown };
  if (typeof e?.statusCode !== 'number') {
    const why = err instanceof NoAnswerError ? err.message : String(e?.message ?? err).split('\n')[0];
    throw new DeviceFlowError(`Cannot reach Twitch (${why}). Fix: check the network connection (and any proxy or firewall), then run \`npm run auth\` again.`);
  }
  return { status: e.statusCode, message: twitchMessage(e.body) };
}
