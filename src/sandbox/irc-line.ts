/** One IRC line, as Twitch sends and receives them (IRCv3 tags, prefix, command, params). */
export interface IrcLine {
  tags: Map<string, string>;
  /** `nick!user@host` or `tmi.twitch.tv`; absent when the line has no prefix. */
  prefix?: string;
  /** Upper-cased command or numeric. */
  command: string;
  /** Middle params followed by the trailing param (without its `:`). */
  params: string[];
}

/** Escapes a tag value (IRCv3 message-tags: `;` space `\` CR LF). */
export function escapeTagValue(value: string): string {
  return value.replace(/[\\; \r\n]/g, (c) => (c === '\\' ? '\\\\' : c === ';' ? '\\:' : c === ' ' ? '\\s' : c === '\r' ? '\\r' : '\\n'));
}

/** Reverses {@link escapeTagValue}; an unknown escape keeps the escaped character, a trailing `\` is dropped. */
export function unescapeTagValue(value: string): string {
  return value.replace(/\\(.?)/g, (_, c: string) => (c === ':' ? ';' : c === 's' ? ' ' : c === 'r' ? '\r' : c === 'n' ? '\n' : c));
}

/** Parses one line (without CR LF). Returns `null` for an empty or malformed line. */
export function parseIrcLine(raw: string): IrcLine | null {
  let rest = raw.replace(/[\r\n\0]+$/g, '');
  const tags = new Map<string, string>();
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    for (const part of rest.slice(1, space).split(';')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      if (eq < 0) tags.set(part, '');
      else tags.set(part.slice(0, eq), unescapeTagValue(part.slice(eq + 1)));
    }
    rest = rest.slice(space + 1).replace(/^ +/, '');
  }
  let prefix: string | undefined;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    if (space < 0) return null;
    prefix = rest.slice(1, space);
    rest = rest.slice(space + 1).replace(/^ +/, '');
  }
  const params: string[] = [];
  let command = '';
  while (rest.length > 0) {
    if (command && rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    const word = space < 0 ? rest : rest.slice(0, space);
    if (!command) command = word.toUpperCase();
    else params.push(word);
    rest = space < 0 ? '' : rest.slice(space + 1).replace(/^ +/, '');
  }
  if (!command) return null;
  return prefix === undefined ? { tags, command, params } : { tags, prefix, command, params };
}

/**
 * Formats one line. The last param is sent as trailing (`:`-prefixed) when `trailing` is true or
 * when it is empty, starts with `:` or contains a space.
 */
export function formatIrcLine(
  line: { tags?: ReadonlyMap<string, string> | Record<string, string>; prefix?: string; command: string; params?: readonly string[] },
  trailing = false,
): string {
  let out = '';
  const entries = line.tags instanceof Map ? [...line.tags.entries()] : Object.entries(line.tags ?? {});
  if (entries.length > 0) out += '@' + entries.map(([k, v]) => (v === '' ? `${k}=` : `${k}=${escapeTagValue(v)}`)).join(';') + ' ';
  if (line.prefix) out += ':' + line.prefix + ' ';
  out += line.command;
  const params = line.params ?? [];
  params.forEach((p, i) => {
    const last = i === params.length - 1;
    const safe = p.replace(/[\r\n\0]/g, ' ');
    out += last && (trailing || safe === '' || safe.startsWith(':') || safe.includes(' ')) ? ' :' + safe : ' ' + safe;
  });
  return out;
}

/** The `nick!nick@nick.tmi.twitch.tv` prefix of a user. */
export function userPrefix(login: string): string {
  return `${login}!${login}@${login}.tmi.twitch.tv`;
}

/** Twitch's server prefix. */
export const SERVER_PREFIX = 'tmi.twitch.tv';
