import type { ChatContext } from '../chat/context.js';
import type { ChatUser } from '../chat/message.js';
import { PERMISSION_LEVELS, type Command, type CommandArgs, type PermissionLevel, type PreconditionResult } from './command.js';

/**
 * A check run before a command (Sapphire style). Returns ok, or denied with an identifier
 * (`permission`, `userCooldown`...) and a short reason for logs and the optional denial reply.
 */
export type Precondition = (ctx: ChatContext, command: Command, args: CommandArgs) => PreconditionResult;

/** Identifiers of the built-in preconditions' denials. */
export type BuiltinDenial = 'disabled' | 'moderated' | 'permission' | 'globalCooldown' | 'userCooldown';

export const OK: PreconditionResult = { ok: true };

export function denied(identifier: string, message: string): PreconditionResult {
  return { ok: false, identifier, message };
}

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
