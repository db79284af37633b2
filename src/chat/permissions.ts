import type { ChatUser } from './message.js';

/** Who may run a command, lowest first. Each level includes the ones above it. */
export const PERMISSION_LEVELS = ['everyone', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/**
 * The highest permission level a user holds in the message's channel, from roles (badges) and user
 * ids only: the channel's own user id is the broadcaster; `trustedModeratorIds` count as
 * moderators. The display name never matters.
 */
export function permissionLevelOf(user: ChatUser, channelId: string, trustedModeratorIds: readonly string[] = []): PermissionLevel {
  if (user.roles.has('broadcaster') || (channelId !== '' && user.id === channelId)) return 'broadcaster';
  if (user.roles.has('moderator') || trustedModeratorIds.includes(user.id)) return 'moderator';
  if (user.roles.has('vip')) return 'vip';
  if (user.roles.has('subscriber')) return 'subscriber';
  return 'everyone';
}

/** True when `held` is at least `required` (everyone < subscriber < vip < moderator < broadcaster). */
export function hasPermission(held: PermissionLevel, required: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(held) >= PERMISSION_LEVELS.indexOf(required);
}
