import { randomUUID } from 'node:crypto';
import { BOT_SCOPES } from '../chat/scopes.js';
import type { SandboxHub } from './hub.js';
import type { SandboxUser } from './users.js';

/** Scopes a sandbox token has unless told otherwise: everything the bot asks for, and a few reads. */
export const DEFAULT_SCOPES: readonly string[] = [...BOT_SCOPES, 'moderator:read:chatters', 'user:write:chat'];

/** What `GET /auth/validate` reports about a token. */
export interface TokenInfo {
  user: SandboxUser;
  scopes: readonly string[];
  clientId: string;
  /** Seconds until expiry. */
  expiresIn: number;
}

/**
 * Sandbox tokens: any non-empty token is the bot's, unless revoked or registered for another user,
 * so a newcomer needs no credentials and tests can still exercise 401s.
 */
export class SandboxAuth {
  private readonly revoked = new Set<string>();
  private readonly custom = new Map<string, { login: string; scopes: readonly string[] }>();
  /** Authorization codes not redeemed yet (sign-in of a user on a web app, e.g. the dashboard). */
  private readonly codes = new Map<string, { login: string; scopes: readonly string[]; redirectUri: string }>();

  constructor(
    private readonly hub: SandboxHub,
    readonly clientId: string,
    private readonly botScopes: readonly string[],
  ) {}

  /** Resolves a token (without `oauth:`/`Bearer`); `null` when invalid or revoked. */
  validate(token: string | undefined): TokenInfo | null {
    if (!token || /\s/.test(token) || this.revoked.has(token)) return null;
    const custom = this.custom.get(token);
    const user = custom ? this.hub.users.ensure(custom.login) : this.hub.bot;
    return { user, scopes: custom?.scopes ?? this.botScopes, clientId: this.clientId, expiresIn: 14_400 };
  }

  /** Makes `token` invalid from now on (Helix answers 401, IRC login fails). */
  revoke(token: string): void {
    this.revoked.add(token);
  }

  /** Registers a token for another user (default scopes: the bot's). */
  addToken(token: string, login: string, scopes?: readonly string[]): void {
    this.custom.set(token, { login: login.toLowerCase(), scopes: scopes ?? this.botScopes });
    this.revoked.delete(token);
  }

  /** Authorization code flow: `login` approved the app; the code is redeemed once at `POST /oauth2/token`. */
  issueCode(login: string, scopes: readonly string[], redirectUri: string): string {
    const code = 'sandboxcode' + randomUUID().replace(/-/g, '');
    this.codes.set(code, { login: login.toLowerCase(), scopes, redirectUri });
    return code;
  }

  /** Redeems a code for a user token; null when unknown, used, or for another redirect URI (Twitch answers 400). */
  redeemCode(code: string, redirectUri: string | null): { accessToken: string; refreshToken: string; scopes: readonly string[]; expiresIn: number } | null {
    const c = this.codes.get(code);
    if (!c || (redirectUri !== null && redirectUri !== c.redirectUri)) return null;
    this.codes.delete(code);
    const accessToken = 'sandboxuser' + randomUUID().replace(/-/g, '');
    this.addToken(accessToken, c.login, c.scopes);
    return { accessToken, refreshToken: 'sandboxr' + randomUUID().replace(/-/g, ''), scopes: c.scopes, expiresIn: 14_400 };
  }

  /** A fresh access/refresh token pair for the bot (the `refresh_token` grant). */
  refresh(): { accessToken: string; refreshToken: string; scopes: readonly string[]; expiresIn: number } {
    return {
      accessToken: 'sandbox' + randomUUID().replace(/-/g, ''),
      refreshToken: 'sandboxr' + randomUUID().replace(/-/g, ''),
      scopes: this.botScopes,
      expiresIn: 14_400,
    };
  }
}
