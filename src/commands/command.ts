import type { ChatContext } from '../chat/context.js';
import type { PermissionLevel } from '../chat/permissions.js';

/** Parsed arguments of a command invocation. */
export interface CommandArgs {
  /** The name or alias the user typed, lowercase, without prefix. */
  invokedAs: string;
  /** Whitespace-separated arguments. */
  list: string[];
  /** Everything after the command name, trimmed. */
  rest: string;
}

/** Cooldowns of a command, in seconds. 0 = none. */
export interface CommandCooldown {
  /** Time between two runs in a channel, by anyone. Default 0. */
  globalSeconds?: number;
  /** Time between two runs by the same user. Default 0. */
  userSeconds?: number;
}

/** A chat command (`!name args`). Commands act only through the context. */
export interface Command {
  /** Lowercase name without prefix. */
  name: string;
  aliases?: readonly string[];
  /** One line for `!commands` and docs. */
  description: string;
  /** Usage after the name, e.g. `<user> [seconds]`. */
  usage?: string;
  /** Default `everyone`. Moderators and the broadcaster bypass cooldowns. */
  permission?: PermissionLevel;
  cooldown?: CommandCooldown;
  run(ctx: ChatContext, args: CommandArgs): Promise<void> | void;
}

/** Result of a precondition (Sapphire style): ok, or denied with an identifier and a reason. */
export type PreconditionResult = { ok: true } | { ok: false; identifier: string; message: string };
