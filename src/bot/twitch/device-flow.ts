import type { StoredToken } from './token-file.js';

/** Scopes the bot asks for: chat, moderation actions, chat settings, warnings, and the start-up moderator check. */
export const BOT_SCOPES = [
  'chat:read',
  'chat:edit',
  'moderator:manage:chat_messages',
  'moderator:manage:banned_users',
  'moderator:manage:chat_settings',
  'moderator:manage:warnings',
  'user:read:moderated_channels',
] as const;

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
  /** Twitch's OAuth base URL. Default `https://id.twitch.tv/oauth2` (tests pass a local server). */
  baseUrl?: string;
  /** Shows the code to the user. */
  onPrompt: (prompt: DeviceCodePrompt) => void;
  /** Waits between polls. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Default global `fetch`. */
  fetch?: typeof fetch;
  /** Time source for the expiry. Default `Date.now`. */
  now?: () => number;
}

/** Why the device flow stopped without a token. */
export class DeviceFlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceFlowError';
  }
}

/**
 * Twitch's Device Code Grant flow (public client, no secret): asks for a device code, shows the
 * user code and URL, then polls the token endpoint every `interval` seconds until the user
 * authorises (handles `authorization_pending`, `slow_down`, `expired_token`, `access_denied`).
 */
export async function runDeviceCodeFlow(options: DeviceFlowOptions): Promise<StoredToken> {
  const base = (options.baseUrl ?? 'https://id.twitch.tv/oauth2').replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const scopes = (options.scopes ?? BOT_SCOPES).join(' ');

  // 1. Device code.
  const start = await post(doFetch, `${base}/device`, { client_id: options.clientId, scopes });
  if (start.status !== 200) {
    throw new DeviceFlowError(`Twitch refused to start the device flow (HTTP ${start.status}: ${messageOf(start.body)}). Fix: check TWITCH_CLIENT_ID, and that the application's client type is "Public" in the Twitch developer console.`);
  }
  const device = start.body as { device_code?: string; user_code?: string; verification_uri?: string; expires_in?: number; interval?: number };
  if (!device.device_code || !device.user_code || !device.verification_uri) throw new DeviceFlowError('Twitch answered the device request without a code. Try again later.');
  options.onPrompt({ userCode: device.user_code, verificationUri: device.verification_uri, expiresIn: device.expires_in ?? 1800 });

  // 2. Poll until authorised, refused or expired.
  let interval = Math.max(1, device.interval ?? 5) * 1000;
  const deadline = now() + (device.expires_in ?? 1800) * 1000;
  for (;;) {
    await sleep(interval);
    if (now() > deadline) throw new DeviceFlowError('The code expired before it was entered. Fix: run `npm run auth` again and enter the code sooner.');
    const r = await post(doFetch, `${base}/token`, {
      client_id: options.clientId,
      scopes,
      device_code: device.device_code,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    if (r.status === 200) {
      const t = r.body as { access_token?: string; refresh_token?: string; scope?: string[]; expires_in?: number };
      if (!t.access_token) throw new DeviceFlowError('Twitch answered without an access token. Try again.');
      return {
        accessToken: t.access_token,
        refreshToken: t.refresh_token ?? null,
        scope: t.scope ?? [...(options.scopes ?? BOT_SCOPES)],
        expiresIn: t.expires_in ?? null,
        obtainmentTimestamp: now(),
      };
    }
    const msg = messageOf(r.body);
    if (msg === 'authorization_pending') continue;
    if (msg === 'slow_down') {
      interval += 5000;
      continue;
    }
    if (msg === 'expired_token' || /invalid device code/i.test(msg)) {
      throw new DeviceFlowError('The code expired before it was entered. Fix: run `npm run auth` again and enter the code sooner.');
    }
    if (msg === 'access_denied') throw new DeviceFlowError('Authorisation was refused on Twitch. Fix: run `npm run auth` again and click "Authorize".');
    throw new DeviceFlowError(`Twitch refused the token request (HTTP ${r.status}: ${msg}).`);
  }
}

async function post(doFetch: typeof fetch, url: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await doFetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  } catch (err) {
    throw new DeviceFlowError(`Cannot reach ${new URL(url).origin} (${(err as Error).message}). Fix: check the network connection.`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Non-JSON body: kept as text for the error message.
  }
  return { status: res.status, body };
}

function messageOf(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: unknown };
    return String(b.message ?? b.error ?? '');
  }
  return String(body).slice(0, 200);
}
