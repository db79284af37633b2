import type { ChatContext } from '../chat/context.js';
import type { Command } from './command.js';

/** What `!commands` needs from the router. */
export interface CommandCatalog {
  /** Every command of a channel (registered and run-time ones). */
  commandsIn(channel: string): readonly Command[];
  mayUse(ctx: ChatContext, command: Command): boolean;
}

/**
 * `!commands` (alias `!help`, `!aide`): lists the commands the caller may use in this channel,
 * with the channel's prefix, in one reply (cut to 500 characters by the context). Cooldown: 10 s per
 * viewer and 5 s per channel: the answer is the same for everyone and stays visible in chat
 * (override with `commands.cooldowns.commands`).
 */
export function createCommandsCommand(catalog: CommandCatalog): Command {
  return {
    name: 'commands',
    aliases: ['help', 'aide', 'commandes'],
    description: 'Liste les commandes que vous pouvez utiliser.',
    permission: 'everyone',
    // One answer for a burst: a crowd typing it at once reads the same reply
    cooldown: { globalSeconds: 5, userSeconds: 10, globalPer: 'command' },
    async run(ctx) {
      const prefix = ctx.channel.config.prefix;
      const names = catalog
        .commandsIn(ctx.channel.name)
        .filter((c) => catalog.mayUse(ctx, c))
        .map((c) => prefix + c.name);
      const fr = ctx.channel.config.language === 'fr';
      await ctx.reply((fr ? 'Commandes : ' : 'Commands: ') + names.join(', '));
    },
  };
}
