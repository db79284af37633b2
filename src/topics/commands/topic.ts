import type { ChatContext } from '../../chat/context.js';
import type { Command, CommandCooldown } from '../../commands/command.js';

/** Where `!topic` gets its answer (the topics module). */
export interface TopicAnswerSource {
  /**
   * The answer for the caller's channel over the last `minutes` (undefined: the channel's
   * horizon), at most 500 characters, never empty.
   */
  answer(ctx: ChatContext, minutes: number | undefined): string;
}

/** Options of {@link createTopicCommand}. */
export interface TopicCommandOptions {
  /**
   * Cooldown; moderators bypass it, and a channel can override it with
   * `commands.cooldowns.topic`. Default 30 s per channel, 60 s per user.
   */
  cooldown?: CommandCooldown;
}

/** `5`, `5m`, `5min`, `5mn` -> 5; anything else -> undefined. */
export function parseMinutes(arg: string | undefined): number | undefined {
  const m = /^(\d{1,4})\s*(?:m|mn|min|mins|minutes?)?$/iu.exec(arg?.trim() ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? n : undefined;
}

/**
 * `!topic [minutes]` (aliases `!topics`, `!sujet`, `!sujets`): what chat is talking about, as the
 * top clusters of the last minutes in one message. Everyone may use it by default.
 */
export function createTopicCommand(source: TopicAnswerSource, options: TopicCommandOptions = {}): Command {
  return {
    name: 'topic',
    aliases: ['topics', 'sujet', 'sujets'],
    description: 'De quoi parle le chat : les sujets des dernières minutes.',
    usage: '[minutes]',
    permission: 'everyone',
    cooldown: options.cooldown ?? { globalSeconds: 30, userSeconds: 60 },
    async run(ctx, args) {
      await ctx.say(source.answer(ctx, parseMinutes(args.list[0])));
    },
  };
}
