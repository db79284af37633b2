import type { Command } from '../../commands/command.js';
import { decayedStrikes, stepFor } from '../escalation.js';
import type { Moderator } from '../moderator.js';
import { formatDuration, loginOrUsage, tr } from './util.js';

/** `!strikes <user> [clear]`: a user's strikes after decay, and what the next one does. */
export function createStrikesCommand(moderator: Moderator): Command {
  return {
    name: 'strikes',
    description: "A user's moderation strikes and the next step of the ladder; `clear` resets them.",
    usage: '<user> [clear]',
    permission: 'moderator',
    async run(ctx, args) {
      const login = await loginOrUsage(ctx, args, 'Usage : !strikes <pseudo> [clear]', 'Usage: !strikes <user> [clear]');
      if (!login) return;
      const cfg = ctx.channel.config.moderation.escalation;
      const row = moderator.store.getStrikesByLogin(ctx.channel.name, login);
      const now = ctx.now();
      if ((args.list[1] ?? '').toLowerCase() === 'clear') {
        if (row) moderator.store.setStrikes(ctx.channel.name, { ...row, strikes: 0 });
        await ctx.reply(tr(ctx, `Strikes de ${login} remis à zéro.`, `${login}'s strikes cleared.`));
        return;
      }
      const strikes = row ? decayedStrikes(row.strikes, row.lastStrikeAt, now, cfg.decayMinutes) : 0;
      const next = stepFor(cfg.steps, strikes + 1);
      const nextText =
        next.action === 'timeout'
          ? `timeout ${formatDuration(next.seconds)}`
          : next.action === 'warn'
            ? tr(ctx, 'suppression + avertissement', 'delete + warning')
            : next.action;
      const ago = row ? formatDuration((now - row.lastStrikeAt) / 1000) : '';
      await ctx.reply(
        strikes === 0
          ? tr(ctx, `${login} : 0 strike. Prochaine sanction : ${nextText}.`, `${login}: 0 strikes. Next: ${nextText}.`)
          : tr(
              ctx,
              `${login} : ${strikes} strike(s), le dernier il y a ${ago} (un strike pardonné toutes les ${cfg.decayMinutes} min calmes). Prochaine sanction : ${nextText}.`,
              `${login}: ${strikes} strike(s), last one ${ago} ago (one forgiven per ${cfg.decayMinutes} quiet min). Next: ${nextText}.`,
            ),
      );
    },
  };
}
