/**
 * EventSub event payloads as Twitch documents them (the `event` object of a notification), limited
 * to the fields the bot reads. The sandbox produces these shapes and the runtime reads them with
 * twurple's `getRawData`, so both sides follow Twitch's reference, not a library's wrappers.
 */

/** One part of a chat message (`message.fragments`). */
export interface ChatFragment {
  type: 'text' | 'cheermote' | 'emote' | 'mention';
  text: string;
  emote?: { id: string; emote_set_id?: string } | null;
  mention?: { user_id: string; user_login: string; user_name: string } | null;
}

/** A chat badge (`set_id` like `moderator`, `subscriber`). */
export interface ChatBadge {
  set_id: string;
  id: string;
  info: string;
}

/** Broadcaster fields shared by every channel event. */
export interface BroadcasterFields {
  broadcaster_user_id: string;
  broadcaster_user_login: string;
  broadcaster_user_name: string;
}

/** `channel.chat.message` v1. */
export interface ChatMessagePayload extends BroadcasterFields {
  chatter_user_id: string;
  chatter_user_login: string;
  chatter_user_name: string;
  message_id: string;
  message: { text: string; fragments: ChatFragment[] };
  message_type: string;
  badges: ChatBadge[];
  color: string;
  reply: { parent_message_id: string; thread_message_id: string } | null;
  source_broadcaster_user_id?: string | null;
}

/** `channel.chat.notification` v1 (only what raids need). */
export interface ChatNotificationPayload extends BroadcasterFields {
  chatter_user_id: string;
  chatter_user_login: string;
  chatter_user_name: string;
  notice_type: string;
  message_id: string;
  raid?: { user_id: string; user_login: string; user_name: string; viewer_count: number } | null;
}

/** `channel.chat.message_delete` v1. */
export interface MessageDeletePayload extends BroadcasterFields {
  target_user_id: string;
  target_user_login: string;
  target_user_name: string;
  message_id: string;
}

/** `channel.chat.clear_user_messages` v1 (a timeout or a ban; it does not say which). */
export interface ClearUserMessagesPayload extends BroadcasterFields {
  target_user_id: string;
  target_user_login: string;
  target_user_name: string;
}

interface ModeratedUser {
  user_id: string;
  user_login: string;
  user_name: string;
}

/** `channel.moderate` v2 (the actions the bot reads; others are ignored). */
export interface ModeratePayload extends BroadcasterFields {
  source_broadcaster_user_id?: string | null;
  moderator_user_id: string;
  moderator_user_login: string;
  moderator_user_name: string;
  action: string;
  ban?: (ModeratedUser & { reason: string | null }) | null;
  unban?: ModeratedUser | null;
  timeout?: (ModeratedUser & { reason: string | null; expires_at: string }) | null;
  untimeout?: ModeratedUser | null;
  delete?: (ModeratedUser & { message_id: string; message_body: string }) | null;
}

/** `automod.message.hold` v1. */
export interface AutoModHoldPayload extends BroadcasterFields {
  user_id: string;
  user_login: string;
  user_name: string;
  message_id: string;
  message: { text: string; fragments: ChatFragment[] };
  category: string;
  level: number;
  held_at: string;
}

/** `channel.suspicious_user.message` v1. */
export interface SuspiciousUserMessagePayload extends BroadcasterFields {
  user_id: string;
  user_login: string;
  user_name: string;
  /** `none`, `active_monitoring` or `restricted`. */
  low_trust_status: string;
  /** `manual`, `ban_evader_detector`, `shared_channel_ban`. */
  types: string[];
  /** `unknown`, `possible`, `likely`. */
  ban_evasion_evaluation: string;
  message: { message_id: string; text: string; fragments: ChatFragment[] };
}
