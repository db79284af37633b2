import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../chat/clock.js';

/** Who is signed in to the dashboard. */
export interface Session {
  id: string;
  /** Twitch login of the moderator, or `owner` for the login-token sign-in on this machine. */
  login: string;
  /** Twitch user id (absent for the login token). */
  userId: string | undefined;
  via: 'token' | 'twitch';
  /** Channels this session may see and change. */
  channels: readonly string[];
  /** Sent back in `X-CSRF-Token` by every state-changing request. */
  csrf: string;
  expiresAt: number;
}

/** A random URL-safe secret of `bytes` bytes. */
export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison (tokens, CSRF). */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Dashboard sessions, in memory (a restart signs everybody out, and a new login token is printed).
 * A session id is a 256-bit random cookie value; each session has its own CSRF token.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  create(s: Omit<Session, 'id' | 'csrf' | 'expiresAt'>): Session {
    this.prune();
    const session: Session = { ...s, id: secret(), csrf: secret(), expiresAt: this.clock.now() + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.clock.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

/** Cookies of a request, by name. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out.set(k, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // a malformed cookie is ignored
    }
  }
  return out;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax (the Twitch redirect back is a top-level navigation), Secure over HTTPS. */
export function cookie(name: string, value: string, o: { secure: boolean; maxAgeSeconds?: number; path?: string }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax'];
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`);
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}
