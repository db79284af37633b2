import type { Role } from '../chat/message.js';

const ALIASES: Record<string, Role> = {
  broadcaster: 'broadcaster',
  streamer: 'broadcaster',
  owner: 'broadcaster',
  moderator: 'moderator',
  mod: 'moderator',
  lead_moderator: 'moderator',
  vip: 'vip',
  subscriber: 'subscriber',
  sub: 'subscriber',
  founder: 'subscriber',
};

/**
 * Reads recorded roles: an array, or text separated by commas, semicolons, pipes or spaces.
 * Twitch badge spellings (`moderator/1`, `founder/0`) and short forms (`mod`, `sub`) are accepted;
 * unknown names are ignored. Never throws.
 */
export function parseRoles(value: unknown): Role[] {
  const names: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;|\s]+/) : [];
  const roles = new Set<Role>();
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const key = n.trim().toLowerCase().split('/')[0] ?? '';
    const role = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
    if (role) roles.add(role);
  }
  return [...roles];
}
