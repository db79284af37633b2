/** OAuth scopes the bot asks for: chat, moderation actions, chat settings, warnings, and the start-up moderator check. */
export const BOT_SCOPES = [
  'chat:read',
  'chat:edit',
  'moderator:manage:chat_messages',
  'moderator:manage:banned_users',
  'moderator:manage:chat_settings',
  'moderator:manage:warnings',
  'user:read:moderated_channels',
] as const;
