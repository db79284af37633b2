import type { Command } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { quote, tr } from './util.js';

/** Examples shown per `!spam list` page (one chat message). */
const PAGE = 6;

/** `!spam add <text> | del <id> | list [page]`: the channel's semantic blocklist. */
export function createSpamCommand(moderator: Moderator): Command {
  return {
    name: 'spam',
    description: 'Semantic blocklist: add an example of spam, delete one by id, list them.',
    usage: 'add <text> | del <id> | list [page]',
    permission: 'moderator',
    async run(ctx, args) {
      const state = moderator.state(ctx);
      const cfg = ctx.channel.config.moderation;
      await state.blocklist.load(cfg.blocklist.seed, ctx.now());
      const sub = (args.list[0] ?? '').toLowerCase();
      if (sub === 'add') {
        const text = args.rest.replace(/^\S+\s*/, '').trim();
        if (text.length < 6) {
          await ctx.reply(tr(ctx, 'Usage : !spam add <exemple de spam> (6 caractères au moins)', 'Usage: !spam add <spam example> (at least 6 characters)'));
          return;
        }
        const id = await state.blocklist.add(text.slice(0, 500), ctx.user.login, ctx.now());
        await ctx.reply(
          tr(
            ctx,
            `Exemple #${id} ajouté : les messages semblables seront traités comme du spam.`,
            `Example #${id} added: similar messages will be treated as spam.`,
          ),
        );
        return;
      }
      if (sub === 'del' || sub === 'delete' || sub === 'rm') {
        const id = Number((args.list[1] ?? '').replace(/^#/, ''));
        if (!Number.isInteger(id) || id <= 0) {
          await ctx.reply(tr(ctx, 'Usage : !spam del <id> (ids : !spam list)', 'Usage: !spam del <id> (ids: !spam list)'));
          return;
        }
        const ok = state.blocklist.delete(id);
        await ctx.reply(ok ? tr(ctx, `Exemple #${id} supprimé.`, `Example #${id} deleted.`) : tr(ctx, `Pas d'exemple #${id}.`, `No example #${id}.`));
        return;
      }
      if (sub === 'list' || sub === '') {
        const all = state.blocklist.list();
        const pages = Math.max(1, Math.ceil(all.length / PAGE));
        const page = Math.min(pages, Math.max(1, Number(args.list[1] ?? '1') || 1));
        const items = all.slice((page - 1) * PAGE, page * PAGE).map((e) => `#${e.id} ${quote(e.text, 60)}`);
        await ctx.reply(
          all.length === 0
            ? tr(ctx, 'La liste de spam est vide. !spam add <texte>', 'The spam list is empty. !spam add <text>')
            : `${tr(ctx, 'Spam', 'Spam')} (${all.length}, ${page}/${pages}) : ${items.join(' | ')}`,
        );
        return;
      }
      await ctx.reply(tr(ctx, 'Usage : !spam add <texte> | del <id> | list [page]', 'Usage: !spam add <text> | del <id> | list [page]'));
    },
  };
}
