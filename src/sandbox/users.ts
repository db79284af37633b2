import type { Role } from '../chat/message.js';

/** A user the sandbox knows about (chatters, broadcasters, the bot). */
export interface SandboxUser {
  /** Numeric Twitch-style user id, stable for a login within one sandbox. */
  id: string;
  /** Lowercase login. */
  login: string;
  displayName: string;
  /** Name colour `#RRGGBB`. */
  color: string;
  createdAt: number;
}

/** Twitch's default name colours (users who never picked one get one of these). */
const PALETTE = [
  '#FF0000',
  '#0000FF',
  '#008000',
  '#B22222',
  '#FF7F50',
  '#9ACD32',
  '#FF4500',
  '#2E8B57',
  '#DAA520',
  '#D2691E',
  '#5F9EA0',
  '#1E90FF',
  '#FF69B4',
  '#8A2BE2',
  '#00FF7F',
];

/** FNV-1a 32-bit hash of a string (deterministic ids and colours). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Twitch login rules: 1-25 characters of `a-z`, `0-9` and `_` (we also accept 2-char legacy names). */
export const LOGIN_PATTERN = /^[a-z0-9_]{1,25}$/;

/** Turns a display name into a valid login (lowercased, invalid characters dropped). */
export function loginFrom(name: string): string {
  const login = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 25);
  return login;
}

/** Known users by login and id; ids derive from the login so a restart gives the same ids. */
export class UserRegistry {
  private readonly byLogin = new Map<string, SandboxUser>();
  private readonly byId = new Map<string, SandboxUser>();

  constructor(private readonly now: () => number) {}

  /** Returns the user, creating it on first sight. `login` must match {@link LOGIN_PATTERN}. */
  ensure(login: string, opts: { displayName?: string; id?: string; color?: string; createdAt?: number } = {}): SandboxUser {
    const key = login.toLowerCase();
    if (!LOGIN_PATTERN.test(key)) {
      throw new Error(`Invalid login "${login}": use 1-25 characters among a-z, 0-9 and _.`);
    }
    let user = this.byLogin.get(key);
    if (!user) {
      let id = opts.id ?? String(100_000_000 + (fnv1a(key) % 800_000_000));
      while (!opts.id && this.byId.has(id)) id = String(Number(id) + 1);
      user = {
        id,
        login: key,
        displayName: key,
        color: opts.color ?? PALETTE[fnv1a('c' + key) % PALETTE.length]!,
        createdAt: opts.createdAt ?? this.now(),
      };
      this.byLogin.set(key, user);
      this.byId.set(id, user);
    }
    // Display names may only differ from the login in letter case on Twitch; the sandbox is
    // lenient (tests spoof display names such as "Moderator") but keeps it to one line.
    if (opts.displayName !== undefined) {
      const shown = opts.displayName
        .replace(/[\s\p{C}]+/gu, ' ')
        .trim()
        .slice(0, 25);
      if (shown) user.displayName = shown;
    }
    if (opts.color) user.color = opts.color;
    return user;
  }

  getByLogin(login: string): SandboxUser | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  getById(id: string): SandboxUser | undefined {
    return this.byId.get(id);
  }
}

/** Badges (ordered like Twitch: broadcaster, moderator, vip, subscriber) for a set of roles. */
export function badgesFor(roles: ReadonlySet<Role>, extra: Record<string, string> = {}): Map<string, string> {
  const badges = new Map<string, string>();
  if (roles.has('broadcaster')) badges.set('broadcaster', '1');
  if (roles.has('moderator') && !roles.has('broadcaster')) badges.set('moderator', '1');
  if (roles.has('vip') && !roles.has('moderator') && !roles.has('broadcaster')) badges.set('vip', '1');
  if (roles.has('subscriber')) badges.set('subscriber', '12');
  for (const [k, v] of Object.entries(extra)) badges.set(k, v);
  return badges;
}

/** Formats badges as the `badges` tag value (`moderator/1,subscriber/12`). */
export function badgeTag(badges: ReadonlyMap<string, string>): string {
  return [...badges].map(([k, v]) => `${k}/${v}`).join(',');
}
