import type { Command } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { formatDuration, loginOrUsage, parseDuration, tr } from './util.js';

/** `!permit <user> [seconds]`: lets one message with a link through within the time given. */
export function createPermitCommand(moderator: Moderator): Command {
  return {
    name: 'permit',
    description: 'Lets a user post one link within the next seconds (default from config).',
    usage: '<user> [seconds]',
    permission: 'moderator',
    async run(ctx, args) {
      const login = await loginOrUsage(ctx, args, 'Usage : !permit <pseudo> [secondes]', 'Usage: !permit <user> [seconds]');
      if (!login) return;
      const cfg = ctx.channel.config.moderation.links;
      const seconds = Math.min(3600, parseDuration(args.list[1]) ?? cfg.permitSeconds);
      moderator.state(ctx).permits.set(login, ctx.now() + seconds * 1000);
      await ctx.say(
        tr(ctx, `@${login} peut poster un lien dans les ${formatDuration(seconds)}.`, `@${login} may post one link within ${formatDuration(seconds)}.`),
      );
    },
  };
}
