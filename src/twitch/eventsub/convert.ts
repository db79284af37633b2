import { rolesFromBadges, type ChatMessage, type EmoteOffset } from '../../chat/message.js';
import type { ChannelEvent, ModeratorActionEvent } from '../../bot/module.js';
import type {
  ChatFragment,
  ChatMessagePayload,
  ChatNotificationPayload,
  ClearUserMessagesPayload,
  MessageDeletePayload,
  ModeratePayload,
  SuspiciousUserMessagePayload,
} from './payloads.js';

/**
 * Emote offsets from EventSub fragments: the fragments, concatenated, are the text, so each emote
 * fragment covers the UTF-16 range where it falls. Fragments that do not line up with the text are dropped.
 */
export function emotesFromFragments(text: string, fragments: readonly ChatFragment[]): EmoteOffset[] {
  const out: EmoteOffset[] = [];
  let at = 0;
  for (const f of fragments) {
    const t = typeof f.text === 'string' ? f.text : '';
    if (text.startsWith(t, at)) {
      if (f.type === 'emote' && f.emote?.id && t.length > 0) out.push({ id: f.emote.id, start: at, end: at + t.length, name: t });
      at += t.length;
    }
  }
  return out;
}

/**
 * Our {@link ChatMessage} from `channel.chat.message`. EventSub has no `first-msg` flag (the chatter
 * registry decides) and no send time (`receivedAt` stands in).
 */
export function chatMessageFromEventSub(e: ChatMessagePayload, receivedAt: number): ChatMessage {
  const badges: Record<string, string> = {};
  for (const b of e.badges ?? []) badges[b.set_id] = b.id;
  const text = e.message?.text ?? '';
  const source = e.source_broadcaster_user_id;
  return {
    id: e.message_id,
    channel: e.broadcaster_user_login.toLowerCase(),
    channelId: e.broadcaster_user_id,
    ...(source && source !== e.broadcaster_user_id ? { sourceChannelId: source } : {}),
    user: {
      id: e.chatter_user_id,
      login: e.chatter_user_login.toLowerCase(),
      displayName: e.chatter_user_name,
      roles: rolesFromBadges(badges),
      firstMessage: false,
    },
    text,
    emotes: emotesFromFragments(text, e.message?.fragments ?? []),
    timestamp: receivedAt,
  };
}

/** The incoming raid of a `channel.chat.notification` with `notice_type: raid`, else undefined. */
export function raidFromNotification(e: ChatNotificationPayload): Extract<ChannelEvent, { kind: 'raid' }> | undefined {
  if (e.notice_type !== 'raid' || !e.raid) return undefined;
  const viewers = Number(e.raid.viewer_count);
  return {
    kind: 'raid',
    fromLogin: e.raid.user_login.toLowerCase(),
    fromUserId: e.raid.user_id,
    fromDisplayName: e.raid.user_name,
    viewers: Number.isFinite(viewers) && viewers >= 0 ? viewers : 0,
  };
}

/** A deletion from `channel.chat.message_delete` (no moderator, no text). */
export function actionFromMessageDelete(e: MessageDeletePayload): ModeratorActionEvent {
  return { kind: 'moderator-action', action: 'delete', target: { id: e.target_user_id, login: e.target_user_login.toLowerCase() }, messageId: e.message_id };
}

/** A timeout or ban from `channel.chat.clear_user_messages`: Twitch does not say which, reported as a timeout of unknown length. */
export function actionFromClearUserMessages(e: ClearUserMessagesPayload): ModeratorActionEvent {
  return { kind: 'moderator-action', action: 'timeout', target: { id: e.target_user_id, login: e.target_user_login.toLowerCase() } };
}

/**
 * A moderator action from `channel.moderate` v2 (delete, timeout, untimeout, ban, unban, clear);
 * undefined for the other actions (slow mode, vip...) and for shared-chat actions of other channels.
 * `now` turns the timeout's `expires_at` into a duration.
 */
export function actionFromModerate(e: ModeratePayload, now: number): ModeratorActionEvent | undefined {
  if (e.source_broadcaster_user_id && e.source_broadcaster_user_id !== e.broadcaster_user_id) return undefined;
  const moderator = { id: e.moderator_user_id, login: e.moderator_user_login.toLowerCase() };
  const target = (u: { user_id: string; user_login: string }) => ({ id: u.user_id, login: u.user_login.toLowerCase() });
  switch (e.action) {
    case 'delete':
      return e.delete
        ? {
            kind: 'moderator-action',
            action: 'delete',
            moderator,
            target: target(e.delete),
            messageId: e.delete.message_id,
            messageText: e.delete.message_body,
          }
        : undefined;
    case 'timeout': {
      if (!e.timeout) return undefined;
      const until = Date.parse(e.timeout.expires_at);
      return {
        kind: 'moderator-action',
        action: 'timeout',
        moderator,
        target: target(e.timeout),
        ...(Number.isFinite(until) ? { durationSeconds: Math.max(1, Math.round((until - now) / 1000)) } : {}),
        ...(e.timeout.reason ? { reason: e.timeout.reason } : {}),
      };
    }
    case 'ban':
      return e.ban
        ? { kind: 'moderator-action', action: 'ban', moderator, target: target(e.ban), ...(e.ban.reason ? { reason: e.ban.reason } : {}) }
        : undefined;
    case 'untimeout':
      return e.untimeout ? { kind: 'moderator-action', action: 'untimeout', moderator, target: target(e.untimeout) } : undefined;
    case 'unban':
      return e.unban ? { kind: 'moderator-action', action: 'unban', moderator, target: target(e.unban) } : undefined;
    case 'clear':
      return { kind: 'moderator-action', action: 'clear', moderator };
    default:
      return undefined;
  }
}

/** Whether a suspicious-user message makes the author count as new (restricted or monitored, or a likely ban evader). */
export function isSuspicious(e: SuspiciousUserMessagePayload): boolean {
  return e.low_trust_status === 'restricted' || e.low_trust_status === 'active_monitoring' || e.ban_evasion_evaluation === 'likely';
}
