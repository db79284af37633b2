/** Which Twitch interface the bot reads chat with (per process). */
export type TransportKind = 'irc' | 'eventsub';

/** Scopes of both transports: moderation actions, chat settings, warnings, the start-up moderator check. */
const MODERATION_SCOPES = [
  'moderator:manage:chat_messages',
  'moderator:manage:banned_users',
  'moderator:manage:chat_settings',
  'moderator:manage:warnings',
  'user:read:moderated_channels',
] as const;

/** IRC: read and write chat over IRC. */
export const IRC_SCOPES: readonly string[] = ['chat:read', 'chat:edit', ...MODERATION_SCOPES];

/**
 * EventSub: read chat (`user:read:chat`), send through Helix (`user:write:chat`), the Chat Bot badge
 * (`user:bot`; the broadcaster grants `channel:bot` separately, or makes the bot a moderator),
 * `channel.moderate` v2 (the moderator:read:* it requires), held AutoMod messages, suspicious users.
 */
export const EVENTSUB_SCOPES: readonly string[] = [
  'user:read:chat',
  'user:write:chat',
  'user:bot',
  ...MODERATION_SCOPES,
  'moderator:read:blocked_terms',
  'moderator:read:unban_requests',
  'moderator:read:moderators',
  'moderator:read:vips',
  'moderator:manage:automod',
  'moderator:read:suspicious_users',
];

/** Scopes the bot's token needs for a transport. */
export function scopesFor(transport: TransportKind): readonly string[] {
  return transport === 'eventsub' ? EVENTSUB_SCOPES : IRC_SCOPES;
}

/** What each missing scope costs, for the start-up check. */
export function missingScopeEffect(scope: string): string {
  if (scope === 'chat:read' || scope === 'user:read:chat') return 'the bot cannot read chat';
  if (scope === 'chat:edit' || scope === 'user:write:chat') return 'the bot cannot send messages';
  if (scope === 'user:bot') return 'no Chat Bot badge (messages are sent as the bot user)';
  if (scope === 'moderator:manage:automod') return 'AutoMod-held messages are not seen';
  if (scope === 'moderator:read:suspicious_users') return 'suspicious users are not flagged as new';
  if (scope.startsWith('moderator:read:')) return "other moderators' actions arrive without their names";
  if (scope === 'user:read:moderated_channels') return 'the moderator check waits for chat badges';
  return 'the matching moderation actions fail';
}

/** Scopes `npm run auth` asks for by default (IRC; see {@link scopesFor}). */
export const BOT_SCOPES = IRC_SCOPES;
