import type { Command } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { tr } from './util.js';

/** `!modmode [dry|enforce]`: shows or sets the channel's moderation mode (stored; survives restarts). */
export function createModmodeCommand(moderator: Moderator): Command {
  return {
    name: 'modmode',
    description: 'Shows or sets auto-moderation mode: dry (log only) or enforce (act).',
    usage: '[dry|enforce]',
    permission: 'moderator',
    async run(ctx, args) {
      const state = moderator.state(ctx);
      const cfg = ctx.channel.config.moderation;
      const arg = (args.list[0] ?? '').toLowerCase();
      const wanted =
        arg === 'dry' || arg === 'dryrun' || arg === 'dry-run' || arg === 'test' ? 'dry' : arg === 'enforce' || arg === 'on' ? 'enforce' : undefined;
      if (!wanted) {
        const { mode, source } = state.mode(cfg);
        await ctx.reply(
          mode === 'dry'
            ? tr(
                ctx,
                `Modération auto : mode test (dry-run, ${source === 'store' ? 'choisi avec !modmode' : 'défaut'}) : je note, je n'agis pas. !modmode enforce pour agir.`,
                `Auto-moderation: dry-run (${source === 'store' ? 'set with !modmode' : 'default'}): I log, I do not act. !modmode enforce to act.`,
              )
            : tr(
                ctx,
                'Modération auto : active (enforce). !modmode dry pour repasser en mode test.',
                'Auto-moderation: enforcing. !modmode dry to go back to dry-run.',
              ),
        );
        return;
      }
      state.setMode(wanted, ctx.user.login, ctx.now());
      ctx.log.info('moderation mode changed', { channel: ctx.channel.name, mode: wanted, by: ctx.user.login, userId: ctx.user.id });
      await ctx.reply(
        wanted === 'enforce'
          ? tr(ctx, 'Modération auto activée : les filtres agissent maintenant.', 'Auto-moderation enforcing: filters act from now on.')
          : tr(
              ctx,
              'Modération auto en mode test : je note ce que je ferais, sans agir.',
              'Auto-moderation in dry-run: I log what I would do and act on nothing.',
            ),
      );
    },
  };
}
