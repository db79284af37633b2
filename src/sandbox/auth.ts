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

  /** A fresh access/refresh token pair for the bot (the `refresh_token` grant). */
  refresh(): { accessToken: string; refreshToken: string; scopes: readonly string[]; expiresIn: number } {
    return { accessToken: 'sandbox' + randomUUID().replace(/-/g, ''), refreshToken: 'sandboxr' + randomUUID().replace(/-/g, ''), scopes: this.botScopes, expiresIn: 14_400 };
  }
}
