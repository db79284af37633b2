import type { ChatMessage as TwurpleMessage, ClearChat, ClearMsg } from '@twurple/chat';
import { rolesFromBadges, type ChatMessage, type EmoteOffset } from '../chat/message.js';
import type { ModeratorActionEvent } from '../bot/module.js';

/**
 * Twitch's `emotes` tag counts Unicode code points with an inclusive end (`25:0-4,6-10`);
 * {@link EmoteOffset} uses UTF-16 code units with an exclusive end. Ranges outside the text are dropped.
 */
export function emoteOffsetsFromTag(text: string, offsets: ReadonlyMap<string, readonly string[]>): EmoteOffset[] {
  if (offsets.size === 0) return [];
  // Code point index -> code unit index.
  const units: number[] = [];
  for (let i = 0; i < text.length;) {
    units.push(i);
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
  }
  units.push(text.length);
  const out: EmoteOffset[] = [];
  for (const [id, ranges] of offsets) {
    for (const r of ranges) {
      const m = /^(\d+)-(\d+)$/.exec(r);
      if (!m) continue;
      const a = Number(m[1]);
      const b = Number(m[2]) + 1;
      if (a >= b || b >= units.length) continue;
      const start = units[a]!;
      const end = units[b]!;
      out.push({ id, start, end, name: text.slice(start, end) });
    }
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Our {@link ChatMessage} from twurple's PRIVMSG (tags: id, user-id, badges, first-msg, emotes, tmi-sent-ts, room-id, source-room-id). `receivedAt` stands in for a missing `tmi-sent-ts`. */
export function toChatMessage(channel: string, text: string, msg: TwurpleMessage, receivedAt: number): ChatMessage {
  const info = msg.userInfo;
  const channelId = msg.channelId ?? '';
  const source = msg.sourceChannelId;
  const sentTs = Number(msg.tags.get('tmi-sent-ts'));
  return {
    id: msg.id,
    channel: channel.replace(/^#/, '').toLowerCase(),
    channelId,
    ...(source && source !== channelId ? { sourceChannelId: source } : {}),
    user: {
      id: info.userId,
      login: info.userName.toLowerCase(),
      displayName: info.displayName,
      roles: rolesFromBadges(info.badges),
      firstMessage: msg.isFirst,
    },
    text,
    emotes: emoteOffsetsFromTag(text, msg.emoteOffsets),
    timestamp: Number.isFinite(sentTs) && sentTs > 0 ? sentTs : receivedAt,
  };
}

/** A deletion seen over IRC (`CLEARMSG`: login, target-msg-id, the text; never the moderator). */
export function deletionFromClearMsg(msg: ClearMsg): ModeratorActionEvent {
  return {
    kind: 'moderator-action',
    action: 'delete',
    target: { login: msg.userName.toLowerCase() },
    messageId: msg.targetMessageId,
    messageText: msg.text,
  };
}

/**
 * A timeout, ban or whole-chat clear seen over IRC (`CLEARCHAT`): with a user and `ban-duration`
 * a timeout, with a user only a ban, without a user a clear.
 */
export function actionFromClearChat(msg: ClearChat): ModeratorActionEvent {
  const login = msg.user?.toLowerCase();
  if (!login) return { kind: 'moderator-action', action: 'clear' };
  const id = msg.targetUserId ?? undefined;
  const target = { ...(id ? { id } : {}), login };
  const duration = Number(msg.tags.get('ban-duration'));
  if (msg.tags.has('ban-duration') && Number.isFinite(duration)) return { kind: 'moderator-action', action: 'timeout', target, durationSeconds: duration };
  return { kind: 'moderator-action', action: 'ban', target };
}
