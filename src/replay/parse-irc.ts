import { rolesFromBadges, type Role } from '../chat/message.js';
import { parseBadges, parseEmotes, parseTags } from './irc-tags.js';
import type { LineParser, ParseIssue, ReplayRecord } from './record.js';
import { parseTime } from './time.js';

/** An optional log timestamp before the IRC message: `[2021-11-04 19:17:12] ` or `2021-11-04T19:17:12Z `. */
const LOG_PREFIX = /^\[([^\]]{8,40})\]\s+|^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+/;

/**
 * Raw Twitch IRC lines: `@tags :nick!nick@nick.tmi.twitch.tv PRIVMSG #channel :text`. Tags are
 * unescaped; `badges` give roles (the room owner is broadcaster), `tmi-sent-ts` the time, `/me`
 * (CTCP ACTION) becomes plain text. Other commands (PING, JOIN, CLEARCHAT, USERNOTICE...) are
 * counted as ignored. A line without `tmi-sent-ts` takes its log timestamp, else the time of
 * the previous message.
 */
export const parseIrc: LineParser = (lines) => {
  const records: ReplayRecord[] = [];
  const errors: ParseIssue[] = [];
  let blank = 0;
  let ignored = 0;
  let lastTime: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    let rest = lines[i]!.replace(/^\ufeff/, '').replace(/\r$/, '');
    const line = i + 1;
    if (rest.trim() === '') {
      blank++;
      continue;
    }
    // Optional log timestamp.
    let logTime: number | undefined;
    const pre = LOG_PREFIX.exec(rest);
    if (pre) {
      logTime = parseTime(pre[1] ?? pre[2]);
      rest = rest.slice(pre[0].length);
    }
    // Tags.
    let tags = new Map<string, string>();
    if (rest.startsWith('@')) {
      const sp = rest.indexOf(' ');
      if (sp < 0) {
        errors.push({ line, reason: 'IRC tags with no command after them' });
        continue;
      }
      tags = parseTags(rest.slice(1, sp));
      rest = rest.slice(sp + 1).trimStart();
    }
    // Prefix.
    let nick = '';
    if (rest.startsWith(':')) {
      const sp = rest.indexOf(' ');
      if (sp < 0) {
        errors.push({ line, reason: 'IRC prefix with no command after it' });
        continue;
      }
      const prefix = rest.slice(1, sp);
      nick = prefix.split('!')[0] ?? '';
      rest = rest.slice(sp + 1).trimStart();
    }
    const cmdMatch = /^([A-Z]+|\d{3})(?: |$)/.exec(rest);
    if (!cmdMatch) {
      errors.push({ line, reason: 'not an IRC line (expected "@tags :nick!nick@nick.tmi.twitch.tv PRIVMSG #channel :text")' });
      continue;
    }
    const command = cmdMatch[1]!.toUpperCase();
    if (command !== 'PRIVMSG') {
      ignored++;
      continue;
    }
    rest = rest.slice(cmdMatch[0].length);
    const m = /^(#\S+) :?([\s\S]*)$/.exec(rest);
    if (!m) {
      errors.push({ line, reason: 'PRIVMSG without "#channel :text"' });
      continue;
    }
    const channel = m[1]!.slice(1).toLowerCase();
    let text = m[2]!;
    // CTCP ACTION (/me).
    const action = /^\u0001ACTION ([\s\S]*?)\u0001?$/.exec(text);
    if (action) text = action[1]!;
    const login = (tags.get('login') || nick).toLowerCase();
    if (!login) {
      errors.push({ line, reason: 'PRIVMSG with no sender (no ":nick!..." prefix)' });
      continue;
    }
    const sentTs = tags.get('tmi-sent-ts');
    let time = sentTs ? parseTime(sentTs) : logTime;
    if (sentTs && time === undefined) {
      errors.push({ line, reason: `unreadable tmi-sent-ts ${JSON.stringify(sentTs.slice(0, 30))}` });
      continue;
    }
    time ??= lastTime;
    if (time === undefined) {
      errors.push({ line, reason: 'no time: no tmi-sent-ts tag, no log timestamp and no earlier message' });
      continue;
    }
    lastTime = time;

    const roles = rolesFromBadges(parseBadges(tags.get('badges')));
    const userId = tags.get('user-id') || undefined;
    const roomId = tags.get('room-id') || undefined;
    if (userId && roomId && userId === roomId) roles.add('broadcaster');
    if (tags.get('mod') === '1') roles.add('moderator');
    const record: ReplayRecord = { line, time, text, user: login, roles: [...roles] as Role[], channel };
    const displayName = tags.get('display-name');
    if (displayName && displayName !== login) record.displayName = displayName;
    if (userId) record.userId = userId;
    if (roomId) record.channelId = roomId;
    const source = tags.get('source-room-id');
    if (source) record.sourceChannelId = source;
    const id = tags.get('id');
    if (id) record.id = id;
    if (tags.get('first-msg') === '1') record.firstMessage = true;
    const emotes = parseEmotes(tags.get('emotes'), text);
    if (emotes.length) record.emotes = emotes;
    records.push(record);
  }
  return { format: 'irc', records, errors, ignored, blank };
};
