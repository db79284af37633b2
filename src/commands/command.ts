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
  /**
   * What the channel-wide cooldown counts: `arguments` (default): identical invocations (same
   * arguments, so the same answer); `command`: any run of the command.
   */
  globalPer?: 'arguments' | 'command';
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

/**
 * Commands that exist per channel and change at run time (custom commands added from chat). The
 * router asks a source after its own commands, so built-in names always win; permissions,
 * cooldowns and `commands.disabled` apply to them like to any command.
 */
export interface CommandSource {
  /** The command `name` (or alias, lowercase, no prefix) stands for in `channel`, if any. */
  resolve(channel: string, name: string): Command | undefined;
  /** Every command of the channel (for `!commands`). */
  list(channel: string): readonly Command[];
  /** Called once by the router: `isReserved(name)` is true for names its own commands hold. */
  attach?(isReserved: (name: string) => boolean): void;
}

/** Result of a precondition (Sapphire style): ok, or denied with an identifier and a reason. */
export type PreconditionResult = { ok: true } | { ok: false; identifier: string; message: string };
