import type { ChatContext } from '../../chat/context.js';
import type { Command } from '../../commands/command.js';
import { hasPermission, permissionLevelOf } from '../../chat/permissions.js';
import { messagesFor } from '../messages.js';
import type { QuoteSearch } from '../search.js';
import type { Quote, QuoteStore } from '../store.js';

const MAX_TEXT = 400;

/** Options of {@link createQuoteCommand}. */
export interface QuoteCommandOptions {
  /** Uniform [0, 1) source for a random quote. */
  random: () => number;
}

/**
 * `!quote` (random), `!quote <n>`, `!quote <words>` (the quote closest in meaning),
 * `!quote add <text>`, `!quote del <n>` (aliases `!quotes`, `!citation`). Everyone may read;
 * adding and deleting need `quotes.addPermission` / `quotes.deletePermission`.
 */
export function createQuoteCommand(store: QuoteStore, search: QuoteSearch, options: QuoteCommandOptions): Command {
  return {
    name: 'quote',
    aliases: ['quotes', 'citation'],
    description: 'Les citations de la chaîne : au hasard, par numéro ou par sujet.',
    usage: '[n|words] | add <text> | del <n>',
    permission: 'everyone',
    cooldown: { globalSeconds: 5, userSeconds: 15 },
    async run(ctx, args) {
      const cfg = ctx.channel.config;
      const p = cfg.prefix;
      const t = messagesFor(cfg.language);
      const channel = ctx.channel.name;
      const sub = (args.list[0] ?? '').toLowerCase();
      if (sub === 'add' || sub === 'ajout' || sub === 'ajouter') {
        if (!allowed(ctx, cfg.quotes.addPermission)) return ctx.reply(t.denied(p, 'add', cfg.quotes.addPermission));
        const text = args.rest
          .slice(args.list[0]!.length)
          .trim()
          .replace(/^["«“]\s*|\s*["»”]$/gu, '');
        if (!text) return ctx.reply(t.noText(p));
        if (Array.from(text).length > MAX_TEXT) return ctx.reply(t.tooLong(MAX_TEXT));
        if (store.count(channel) >= cfg.quotes.maxQuotes) return ctx.reply(t.full(cfg.quotes.maxQuotes));
        const info = ctx.channel.actions.getStreamInfo ? await ctx.channel.actions.getStreamInfo().catch(() => null) : null;
        const quote = store.add({ channel, text, addedBy: ctx.user.login, game: info?.game ?? null, createdAt: ctx.now() });
        ctx.log.info('quote added', { channel, quote: quote.number, by: ctx.user.login });
        return ctx.reply(t.added(quote.number));
      }
      if (sub === 'del' || sub === 'delete' || sub === 'remove' || sub === 'suppr') {
        if (!allowed(ctx, cfg.quotes.deletePermission)) return ctx.reply(t.denied(p, 'del', cfg.quotes.deletePermission));
        const n = numberOf(args.list[1]);
        if (n === undefined) return ctx.reply(t.usage(p));
        if (!store.delete(channel, n)) return ctx.reply(t.notFound(p, n));
        ctx.log.info('quote deleted', { channel, quote: n, by: ctx.user.login });
        return ctx.reply(t.deleted(n));
      }
      const n = numberOf(args.list[0]);
      if (n !== undefined) {
        const q = store.get(channel, n);
        return q ? ctx.say(format(ctx, q)) : ctx.reply(t.notFound(p, n));
      }
      const all = store.list(channel);
      if (all.length === 0) return ctx.reply(t.none(p));
      if (args.rest === '') return ctx.say(format(ctx, all[Math.min(all.length - 1, Math.floor(options.random() * all.length))]!));
      const [best] = await search.rank(args.rest, all);
      if (!best || (best.score < cfg.quotes.searchThreshold && best.words < 0.5)) return ctx.reply(t.noMatch(p));
      return ctx.say(format(ctx, best.quote));
    },
  };
}

function allowed(ctx: ChatContext, level: Parameters<typeof hasPermission>[1]): boolean {
  return hasPermission(permissionLevelOf(ctx.user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds), level);
}

/** `12`, `#12` -> 12. */
function numberOf(arg: string | undefined): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(arg ?? '');
  return m ? Number(m[1]) : undefined;
}

function format(ctx: ChatContext, q: Quote): string {
  const date = new Date(q.createdAt).toISOString().slice(0, 10);
  return messagesFor(ctx.channel.config.language).format(q.number, q.text, q.game, date);
}
