import type { Command } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { quote, tr } from './util.js';

/** Examples shown per `!spam list` page (one chat message). */
const PAGE = 6;

/**
 * `!spam add [text] | del <id> | list [page] | offers`: the channel's semantic blocklist. `add`
 * with no text confirms the newest message a moderator removed (offered by moderation).
 */
export function createSpamCommand(moderator: Moderator): Command {
  return {
    name: 'spam',
    description: 'Semantic blocklist: add an example of spam, delete one by id, list them.',
    usage: 'add [text] | del <id> | list [page] | offers',
    permission: 'moderator',
    async run(ctx, args) {
      const state = moderator.state(ctx);
      const cfg = ctx.channel.config.moderation;
      await state.blocklist.load(cfg.blocklist.seed, ctx.now());
      const sub = (args.list[0] ?? '').toLowerCase();
      if (sub === 'add') {
        const text = args.rest.replace(/^\S+\s*/, '').trim();
        const p = ctx.channel.config.prefix;
        if (text.length === 0) {
          // No text: the newest message a moderator removed, offered as an example
          const offer = state.offers.take();
          if (!offer) {
            await ctx.reply(
              tr(
                ctx,
                `Rien à ajouter : aucun message supprimé par un modo récemment. Usage : ${p}spam add <exemple de spam>`,
                `Nothing to add: no message removed by a moderator lately. Usage: ${p}spam add <spam example>`,
              ),
            );
            return;
          }
          const id = await state.blocklist.add(offer.text, ctx.user.login, ctx.now());
          const by = offer.taughtBy ?? tr(ctx, 'un modo', 'a moderator');
          ctx.log.info('blocklist example learned from a moderator action', {
            channel: ctx.channel.name,
            module: 'moderation',
            id,
            taughtBy: offer.taughtBy ?? 'unknown moderator',
            action: offer.action,
            confirmedBy: ctx.user.login,
            text: offer.text.slice(0, 200),
          });
          await ctx.reply(
            tr(
              ctx,
              `Exemple #${id} ajouté (message retiré par ${by}) : "${quote(offer.text, 60)}"`,
              `Example #${id} added (message removed by ${by}): "${quote(offer.text, 60)}"`,
            ),
          );
          return;
        }
        if (text.length < 6) {
          await ctx.reply(
            tr(
              ctx,
              `Usage : ${p}spam add <exemple de spam> (6 caractères au moins), ou ${p}spam add seul pour le dernier message retiré par un modo`,
              `Usage: ${p}spam add <spam example> (at least 6 characters), or ${p}spam add alone for the last message a moderator removed`,
            ),
          );
          return;
        }
        const id = await state.blocklist.add(text.slice(0, 500), ctx.user.login, ctx.now());
        ctx.log.info('blocklist example added', { channel: ctx.channel.name, module: 'moderation', id, taughtBy: ctx.user.login, text: text.slice(0, 200) });
        await ctx.reply(
          tr(
            ctx,
            `Exemple #${id} ajouté : les messages semblables seront traités comme du spam.`,
            `Example #${id} added: similar messages will be treated as spam.`,
          ),
        );
        return;
      }
      if (sub === 'offers') {
        const offers = state.offers.list().slice(0, PAGE);
        await ctx.reply(
          offers.length === 0
            ? tr(ctx, 'Aucun message retiré par un modo en attente.', 'No message removed by a moderator is waiting.')
            : `${tr(ctx, 'Proposés', 'Offered')} (${ctx.channel.config.prefix}spam add) : ${offers.map((o) => `${o.taughtBy ?? tr(ctx, 'un modo', 'a moderator')}: ${quote(o.text, 50)}`).join(' | ')}`,
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
      const p = ctx.channel.config.prefix;
      await ctx.reply(
        tr(ctx, `Usage : ${p}spam add [texte] | del <id> | list [page] | offers`, `Usage: ${p}spam add [text] | del <id> | list [page] | offers`),
      );
    },
  };
}
