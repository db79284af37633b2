import { getTokenInfo, RefreshingAuthProvider, type AccessToken } from '@twurple/auth';
import type { Logger } from '../chat/logger.js';
import { ConfigError } from '../config/errors.js';
import { BOT_SCOPES } from '../chat/scopes.js';
import { failureText } from './helix-errors.js';
import { readTokenFile, writeTokenFile, type StoredToken } from './token-file.js';

/** Options of {@link createAuth}. */
export interface AuthOptions {
  clientId: string;
  /** Only for confidential applications; device-flow (public) apps refresh without it. Default none. */
  clientSecret?: string;
  /** Token file read at start and rewritten on every refresh. Required unless `token` is given. */
  tokenFile?: string;
  /** An in-memory token (local mode); nothing is written. */
  token?: StoredToken;
  /** Expected bot login (`TWITCH_BOT_LOGIN`); a mismatch with the token is an error. Default: any. */
  expectedLogin?: string;
  log: Logger;
}

/** The authenticated bot account. */
export interface BotAuth {
  provider: RefreshingAuthProvider;
  userId: string;
  login: string;
  scopes: string[];
  /** The latest token (updated on every refresh), for {@link AuthMonitor} retries. */
  currentToken: () => AccessToken;
}

/**
 * A `RefreshingAuthProvider` holding the bot's user token (intent `chat`). Each refresh is
 * persisted to the token file (atomic, 0600). Validates the token once (through
 * `id.twitch.tv/oauth2/validate`, or the sandbox) to learn the bot's id, login and scopes,
 * and warns about missing scopes. Tokens are never logged.
 */
export async function createAuth(options: AuthOptions): Promise<BotAuth> {
  const { log } = options;
  const file = options.tokenFile;
  const stored = options.token ?? (file ? readTokenFile(file) : undefined);
  if (!stored) throw new Error('createAuth needs tokenFile or token');
  const provider = new RefreshingAuthProvider({ clientId: options.clientId, clientSecret: options.clientSecret });
  let known: { userId?: string; login?: string } = { userId: stored.userId, login: stored.login };
  const { userId: _su, login: _sl, ...storedToken } = stored;
  let current: AccessToken = storedToken;
  provider.onRefresh((_userId, token) => {
    current = token;
  });
  if (file && !options.token) {
    provider.onRefresh((userId, token) => {
      try {
        writeTokenFile(file, { ...token, scope: token.scope ?? [], userId, login: known.login });
        log.debug('token refreshed and saved', { file });
      } catch (err) {
        log.error('could not save the refreshed token; the next start may need `npm run auth`', { file, error: err });
      }
    });
  }
  // Refresh failures are classified (outage vs revoked) and logged by AuthMonitor.

  let userId: string;
  try {
    // Refreshes first when the stored access token has expired.
    // An empty scope list means "unknown": twurple then reads the scopes from the validation.
    const { userId: _u, login: _l, ...initial } = stored;
    userId = await provider.addUserForToken(initial.scope.length ? initial : { ...initial, scope: undefined }, ['chat']);
  } catch (err) {
    // The message never includes the request URL (it may hold the refresh token).
    const status = (err as { statusCode?: unknown }).statusCode;
    const why = failureText(err);
    if (typeof status !== 'number' && ((err as Error).name === 'TypeError' || /fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/i.test(why))) {
      throw new ConfigError(`Cannot reach Twitch to check the bot token (${why}). Fix: check the network connection, then start again.`, { cause: err });
    }
    if (typeof status === 'number' && (status === 429 || status >= 500)) {
      throw new ConfigError(`Twitch could not check the bot token right now (${why}). Fix: start again in a few minutes (see https://status.twitch.tv).`, {
        cause: err,
      });
    }
    throw new ConfigError(`The bot token was refused by Twitch (${why}). Fix: run \`npm run auth\` to obtain a new token.`, { cause: err });
  }
  const fresh = await provider.getAccessTokenForUser(userId);
  const info = await getTokenInfo(fresh!.accessToken, options.clientId);
  const login = info.userName ?? known.login ?? '';
  known = { userId, login };
  if (options.expectedLogin && login && options.expectedLogin.toLowerCase() !== login.toLowerCase()) {
    throw new ConfigError(
      `The token belongs to "${login}" but TWITCH_BOT_LOGIN is "${options.expectedLogin}". Fix: run \`npm run auth\` logged in as the bot account, or correct TWITCH_BOT_LOGIN.`,
    );
  }
  const missing = BOT_SCOPES.filter((s) => !info.scopes.includes(s));
  if (missing.length && !options.token) {
    log.warn('the token lacks scopes; the matching actions will fail. Fix: run `npm run auth`', { missing });
  }
  // Keep who the token belongs to in the file, for the next start.
  if (file && !options.token && (stored.userId !== userId || stored.login !== login))
    writeTokenFile(file, { ...stored, ...fresh!, scope: fresh!.scope ?? [], userId, login });
  return { provider, userId, login, scopes: info.scopes, currentToken: () => current };
}
