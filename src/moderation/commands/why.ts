import type { Command } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { filterName } from '../reasons.js';
import { formatDuration, loginOrUsage, quote, tr } from './util.js';

/** `!why <user>`: the last moderation decision about a user, with its reason and evidence. */
export function createWhyCommand(moderator: Moderator): Command {
  return {
    name: 'why',
    description: 'The last moderation decision about a user and its evidence.',
    usage: '<user>',
    permission: 'moderator',
    async run(ctx, args) {
      const login = await loginOrUsage(ctx, args, 'Usage : !why <pseudo>', 'Usage: !why <user>');
      if (!login) return;
      const [last] = moderator.store.recentLog(ctx.channel.name, { login, limit: 1 });
      if (!last) {
        await ctx.reply(tr(ctx, `Aucune décision de modération pour ${login}.`, `No moderation decision about ${login}.`));
        return;
      }
      const lang = ctx.channel.config.language;
      const action = last.action === 'timeout' && last.duration ? `timeout ${formatDuration(last.duration)}` : last.action;
      const status = !last.enforced
        ? tr(ctx, 'non appliqué (dry-run)', 'not enforced (dry-run)')
        : last.helixOk === false
          ? tr(ctx, `refusé par Twitch : ${quote(last.helixError ?? '?', 100)}`, `Twitch refused: ${quote(last.helixError ?? '?', 100)}`)
          : tr(ctx, 'appliqué', 'done');
      const head =
        `${login}: ${filterName(lang, last.filter)} (score ${last.score.toFixed(2)}) -> ${action}, ${status}, ` +
        tr(ctx, `il y a ${formatDuration((ctx.now() - last.time) / 1000)}`, `${formatDuration((ctx.now() - last.time) / 1000)} ago`) +
        `. ${tr(ctx, 'Raison', 'Reason')}: "${quote(last.reason, 120)}"` +
        `. ${tr(ctx, 'Message', 'Message')}: "${quote(last.text, 80)}"`;
      // Evidence as far as the 500-character chat limit allows
      let reply = head;
      for (const [i, e] of last.evidence.slice(0, 3).entries()) {
        const next = `${reply}${i === 0 ? `. ${tr(ctx, 'Preuves', 'Evidence')}: ` : ', '}"${quote(e.text, 50)}"`;
        if (Array.from(next).length > 500) break;
        reply = next;
      }
      await ctx.reply(reply);
    },
  };
}
