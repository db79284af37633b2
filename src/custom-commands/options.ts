import { PERMISSION_LEVELS, type PermissionLevel } from '../chat/permissions.js';

/** Settings a `!cmd add|edit` line can carry before the response. */
export interface CommandOptions {
  permission?: PermissionLevel;
  globalCooldownSeconds?: number;
  userCooldownSeconds?: number;
  aliases?: string[];
}

/** Command names: letters (any script), digits, `_`, `-`; 1-25 characters. */
const NAME = /^[\p{L}\p{N}_-]{1,25}$/u;

/** A command name as typed (`!Discord`, `discord`) -> `discord`; undefined when not a valid name. */
export function commandName(raw: string | undefined, prefix: string): string | undefined {
  if (!raw) return undefined;
  const name = (raw.startsWith(prefix) ? raw.slice(prefix.length) : raw).toLowerCase();
  return NAME.test(name) ? name : undefined;
}

/** User levels of Nightbot and StreamElements, and ours. */
const LEVEL_NAMES: Record<string, PermissionLevel> = {
  everyone: 'everyone',
  all: 'everyone',
  subscriber: 'subscriber',
  sub: 'subscriber',
  regular: 'vip',
  vip: 'vip',
  moderator: 'moderator',
  mod: 'moderator',
  owner: 'broadcaster',
  broadcaster: 'broadcaster',
  admin: 'broadcaster',
};

/** `moderator`, `owner`, `regular`... -> a permission level; undefined when unknown. */
export function permissionFromName(name: string): PermissionLevel | undefined {
  const key = name.toLowerCase();
  return (PERMISSION_LEVELS as readonly string[]).includes(key) ? (key as PermissionLevel) : LEVEL_NAMES[key];
}

/**
 * Reads the leading `-ul=`/`-userlevel=`, `-cd=`, `-ucd=`, `-a=`/`-aliases=` words (Nightbot's
 * syntax) and returns them with the remaining words; `error` names the first bad option.
 */
export function parseOptions(words: readonly string[], prefix: string): { options: CommandOptions; rest: string[]; error?: string } {
  const options: CommandOptions = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^-([a-z]+)=(.*)$/i.exec(words[i]!);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key === 'ul' || key === 'userlevel' || key === 'level') {
      const level = permissionFromName(value);
      if (!level) return { options, rest: [], error: words[i]! };
      options.permission = level;
    } else if (key === 'cd' || key === 'cooldown' || key === 'ucd') {
      const n = Number(value.replace(/s$/i, ''));
      if (!Number.isInteger(n) || n < 0 || n > 86_400) return { options, rest: [], error: words[i]! };
      if (key === 'ucd') options.userCooldownSeconds = n;
      else options.globalCooldownSeconds = n;
    } else if (key === 'a' || key === 'alias' || key === 'aliases') {
      const names = value === '' ? [] : value.split(',').map((a) => commandName(a.trim(), prefix));
      if (names.some((n) => n === undefined)) return { options, rest: [], error: words[i]! };
      options.aliases = [...new Set(names as string[])];
    } else {
      return { options, rest: [], error: words[i]! };
    }
  }
  return { options, rest: words.slice(i) };
}
