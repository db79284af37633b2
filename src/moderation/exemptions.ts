import type { ChatContext } from '../chat/context.js';
import { permissionLevelOf } from '../chat/permissions.js';
import type { ExemptRole, ModerationConfig } from './config.js';

/** Who a filter may act on, for one message. */
export interface Exemptions {
  /** Broadcaster, moderator (badge or trusted id) or an exempt user id: never acted on. */
  always: boolean;
  /** True when the filter must leave this user alone. */
  from(filter: { exemptRoles?: readonly ExemptRole[] | undefined }): boolean;
}

/** Exemptions of the message's author: roles from badges and user ids only, never names. */
export function exemptionsOf(ctx: ChatContext, cfg: ModerationConfig): Exemptions {
  const user = ctx.user;
  const level = permissionLevelOf(user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds ?? []);
  const always = level === 'broadcaster' || level === 'moderator' || cfg.exemptUserIds.includes(user.id);
  return {
    always,
    from: (filter) => always || (filter.exemptRoles ?? cfg.exemptRoles).some((r) => user.roles.has(r)),
  };
}

/** True when the message came through shared chat from another channel's room (not ours to act on). */
export function isFromOtherRoom(ctx: ChatContext): boolean {
  const m = ctx.message;
  return m.sourceChannelId !== undefined && m.sourceChannelId !== '' && m.sourceChannelId !== m.channelId;
}
