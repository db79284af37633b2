import type { EmoteOffset } from '../chat/message.js';
import { unescapeTagValue } from '../sandbox/irc-line.js';
import { emoteOffsetsFromTag } from '../twitch/convert.js';

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
  const offsets = new Map<string, string[]>();
  for (const group of raw.split('/')) {
    const colon = group.indexOf(':');
    if (colon <= 0) continue;
    const id = group.slice(0, colon);
    offsets.set(id, [...(offsets.get(id) ?? []), ...group.slice(colon + 1).split(',')]);
  }
  return emoteOffsetsFromTag(text, offsets);
}
