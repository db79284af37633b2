import type { ChatContext } from '../chat/context.js';
import type { Command, CommandArgs, PreconditionResult } from './command.js';

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
