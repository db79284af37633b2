import type { EmoteOffset } from '../bot/message.js';

/** Undoes IRCv3 tag escaping (`\:` `;`, `\s` space, `\\`, `\r`, `\n`; other `\x` -> `x`). */
export function unescapeTagValue(value: string): string {
  if (!value.includes('\\')) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = value[++i];
    if (n === undefined) break; // a trailing lone backslash is dropped
    out += n === ':' ? ';' : n === 's' ? ' ' : n === 'r' ? '\r' : n === 'n' ? '\n' : n;
  }
  return out;
}

/** Parses `a=1;b=x\sy;c` (without the leading `@`) into a map of unescaped values. */
export function parseTags(raw: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of raw.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    tags.set(key, eq < 0 ? '' : unescapeTagValue(part.slice(eq + 1)));
  }
  return tags;
}

/** Parses `badges` (`moderator/1,subscriber/12`) into a name -> version map. */
export function parseBadges(raw: string | undefined): Map<string, string> {
  const badges = new Map<string, string>();
  if (!raw) return badges;
  for (const b of raw.split(',')) {
    const slash = b.indexOf('/');
    const name = slash < 0 ? b : b.slice(0, slash);
    if (name) badges.set(name, slash < 0 ? '' : b.slice(slash + 1));
  }
  return badges;
}

/**
 * Parses the `emotes` tag (`25:0-4,12-16/1902:6-10`). Twitch counts code points, inclusive; the
 * result uses UTF-16 ranges (end exclusive) of `text`. Out-of-range or malformed parts are skipped.
 */
export function parseEmotes(raw: string | undefined, text: string): EmoteOffset[] {
  if (!raw) return [];
  const cps = Array.from(text);
  // UTF-16 index of each code point, plus the end.
  const at: number[] = new Array(cps.length + 1);
  let u = 0;
  for (let i = 0; i < cps.length; i++) {
    at[i] = u;
    u += cps[i]!.length;
  }
  at[cps.length] = u;
  const out: EmoteOffset[] = [];
  for (const group of raw.split('/')) {
    const colon = group.indexOf(':');
    if (colon <= 0) continue;
    const id = group.slice(0, colon);
    for (const range of group.slice(colon + 1).split(',')) {
      const m = /^(\d+)-(\d+)$/.exec(range);
      if (!m) continue;
      const first = Number(m[1]);
      const last = Number(m[2]);
      if (last < first || last >= cps.length) continue;
      const start = at[first]!;
      const end = at[last + 1]!;
      out.push({ id, start, end, name: text.slice(start, end) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
