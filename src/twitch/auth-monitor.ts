import type { AccessToken, RefreshingAuthProvider } from '@twurple/auth';
import type { CancelTimer, Clock } from '../chat/clock.js';
import type { HealthCheck } from '../bot/health.js';
import type { Logger } from '../chat/logger.js';
import { failureText } from './helix-errors.js';

/** Where the bot's user token stands. */
export type AuthState = 'ok' | 'refresh-failing' | 'revoked';

/** Options of {@link AuthMonitor}. */
export interface AuthMonitorOptions {
  provider: RefreshingAuthProvider;
  userId: string;
  /** The last token known good (with its refresh token): re-added to the provider to retry. */
  currentToken: () => AccessToken;
  /** Wall time. */
  clock: Clock;
  log: Logger;
  /** First wait before retrying a failed refresh, ms. Default 2000. */
  firstRetryMs?: number;
  /** Longest wait between two retries, ms. Default 60000. */
  maxRetryMs?: number;
  /** Called once the token is known revoked (Twitch refused the refresh token). */
  onRevoked: (message: string) => void;
  /** Called after a refresh succeeded again (reconnect chat...). */
  onHealed?: () => void;
}

/** Statuses of the token endpoint that mean "this refresh token is dead", not "try again". */
const REVOKED_STATUSES = new Set([400, 401, 403]);

/**
 * Keeps the bot's user token alive. twurple's `RefreshingAuthProvider` remembers ANY failed
 * refresh (even a 500 from Twitch) and refuses the user from then on, so one bad minute of the
 * token endpoint would stop chat and Helix for good. This monitor classifies each failure:
 * Twitch refusing the refresh token (400/401/403) is a revocation (reported through `onRevoked`:
 * the process should exit so a supervisor restarts it after `npm run auth`); anything else
 * (5xx, 429, network) is an outage: the user is re-added to the provider (which clears its
 * remembered failure) and the refresh retried with exponential backoff until it works.
 */
export class AuthMonitor {
  private stateValue: AuthState = 'ok';
  private since: number;
  private failures = 0;
  private lastError = '';
  private retryTimer: CancelTimer | undefined;
  private retrying = false;
  private closed = false;
  private readonly listeners = new Set<(state: AuthState) => void>();

  constructor(private readonly o: AuthMonitorOptions) {
    this.since = o.clock.now();
    o.provider.onRefreshFailure((userId, err) => {
      if (userId === o.userId) this.failed(err);
    });
    o.provider.onRefresh((userId) => {
      if (userId === o.userId && this.stateValue === 'refresh-failing' && !this.retrying) this.healed();
    });
  }

  get state(): AuthState {
    return this.stateValue;
  }

  /** Called on every change of state (dashboard, tests). Returns the unsubscribe function. */
  onStateChange(fn: (state: AuthState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves when the state is `state` (at once if it already is). */
  when(state: AuthState): Promise<void> {
    if (this.stateValue === state) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onStateChange((s) => {
        if (s !== state) return;
        off();
        resolve();
      });
    });
  }

  /** For `/healthz`. */
  health(): HealthCheck {
    const since = new Date(this.since).toISOString();
    if (this.stateValue === 'ok') return { status: 'ok', detail: 'token valid', since };
    if (this.stateValue === 'revoked') return { status: 'down', detail: `token revoked or invalid (${this.lastError}); run \`npm run auth\``, since };
    return {
      status: 'degraded',
      detail: `token refresh failing since ${since} (${this.failures} attempts, last: ${this.lastError}); retrying, chat and moderation resume by themselves`,
      since,
    };
  }

  /** Stops retrying. */
  close(): void {
    this.closed = true;
    this.retryTimer?.();
    this.retryTimer = undefined;
  }

  private failed(err: unknown): void {
    if (this.closed || this.stateValue === 'revoked') return;
    const status = (err as { statusCode?: unknown })?.statusCode;
    this.lastError = failureText(err);
    this.failures++;
    if (typeof status === 'number' && REVOKED_STATUSES.has(status)) {
      this.set('revoked');
      this.retryTimer?.();
      const message = `Twitch refused the bot's refresh token (${this.lastError}): the token was revoked or is no longer valid. Fix: run \`npm run auth\`, then start the bot again.`;
      this.o.log.error(message);
      this.o.onRevoked(message);
      return;
    }
    if (this.stateValue === 'ok') {
      this.set('refresh-failing');
      this.o.log.warn(
        "token refresh failed: Twitch's token endpoint is unreachable or failing (not a problem with the token). Retrying with backoff; chat and moderation resume by themselves",
        { error: this.lastError },
      );
    } else {
      this.o.log.debug('token refresh still failing', { attempts: this.failures, error: this.lastError });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.retryTimer || this.closed) return;
    const first = this.o.firstRetryMs ?? 2000;
    const wait = Math.min(this.o.maxRetryMs ?? 60_000, first * 2 ** Math.max(0, this.failures - 1));
    this.retryTimer = this.o.clock.setTimer(wait, () => {
      this.retryTimer = undefined;
      void this.retry();
    });
  }

  private async retry(): Promise<void> {
    if (this.closed || this.stateValue !== 'refresh-failing') return;
    const { provider, userId } = this.o;
    this.retrying = true;
    try {
      // Re-adding the user clears twurple's remembered failure; then refresh for real
      provider.addUser(userId, this.o.currentToken(), ['chat']);
      await provider.refreshAccessTokenForUser(userId);
      this.retrying = false;
      this.healed();
    } catch {
      // onRefreshFailure already classified it and scheduled the next attempt
      this.retrying = false;
      if (this.stateValue === 'refresh-failing') this.schedule();
    }
  }

  private healed(): void {
    const downFor = Math.round((this.o.clock.now() - this.since) / 1000);
    this.o.log.info(`token refresh works again after ${downFor} s (${this.failures} failed attempts); chat and moderation resume`);
    this.failures = 0;
    this.set('ok');
    this.o.onHealed?.();
  }

  private set(state: AuthState): void {
    this.stateValue = state;
    this.since = this.o.clock.now();
    for (const fn of this.listeners) fn(state);
  }
}
