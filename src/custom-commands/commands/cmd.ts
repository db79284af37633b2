import type { ChatContext } from '../../chat/context.js';
import type { Command } from '../../commands/command.js';
import { messagesFor, type CustomCommandMessages } from '../messages.js';
import { commandName, parseOptions } from '../options.js';
import type { CommandEditResult, CustomCommandService } from '../service.js';

/**
 * `!cmd add|edit|del|list|show` (aliases `!command`, `!commande`): moderators manage the channel's
 * custom commands from chat. Options (Nightbot syntax) go before the response: `-ul=moderator`,
 * `-cd=30`, `-ucd=60`, `-a=dc,disc`.
 */
export function createCmdCommand(service: CustomCommandService): Command {
  const { store } = service;
  return {
    name: 'cmd',
    aliases: ['command', 'commande'],
    description: 'Ajoute, modifie, supprime ou liste les commandes personnalisées.',
    usage: 'add|edit|del|list|show <name> [options] <response>',
    permission: 'moderator',
    cooldown: { globalSeconds: 0, userSeconds: 0 },
    async run(ctx, args) {
      const cfg = ctx.channel.config;
      const p = cfg.prefix;
      const t = messagesFor(cfg.language);
      const channel = ctx.channel.name;
      const sub = (args.list[0] ?? '').toLowerCase();
      if (sub === 'list' || sub === 'liste') return ctx.reply(t.list(store.list(channel).map((c) => p + c.name)));
      const action = ACTIONS[sub];
      if (!action) return ctx.reply(t.usage(p));
      const name = commandName(args.list[1], p);
      if (!name) return ctx.reply(args.list[1] ? t.badName(p, args.list[1]) : t.usage(p));
      const words = args.list.slice(2);
      if (action === 'del') {
        const gone = service.remove(channel, name);
        if (!gone) return ctx.reply(t.missing(p, name));
        ctx.log.info('custom command deleted', { channel, command: gone.name, by: ctx.user.login });
        return ctx.reply(t.deleted(p, gone.name));
      }
      if (action === 'show') {
        const c = store.find(channel, name);
        if (!c) return ctx.reply(t.missing(p, name));
        return ctx.reply(t.show(p, c.name, c.permission, c.globalCooldownSeconds, c.aliases, c.uses, c.response));
      }
      const parsed = parseOptions(words, p);
      if (parsed.error) return ctx.reply(t.badOption(p, parsed.error));
      const response = parsed.rest.join(' ').trim();
      const res =
        action === 'add'
          ? service.add(channel, cfg.customCommands, name, response, parsed.options, ctx.user.login, ctx.now())
          : service.edit(channel, name, response, parsed.options, ctx.now());
      if (!res.ok) return ctx.reply(problemText(ctx, t, res));
      ctx.log.info(`custom command ${action === 'add' ? 'added' : 'edited'}`, { channel, command: res.command.name, by: ctx.user.login });
      return ctx.reply(action === 'add' ? t.added(p, res.command.name) : t.edited(p, res.command.name));
    },
  };
}

const ACTIONS: Record<string, 'add' | 'edit' | 'del' | 'show' | undefined> = {
  add: 'add',
  ajout: 'add',
  ajouter: 'add',
  edit: 'edit',
  modif: 'edit',
  modifier: 'edit',
  del: 'del',
  delete: 'del',
  remove: 'del',
  rm: 'del',
  suppr: 'del',
  supprimer: 'del',
  show: 'show',
  info: 'show',
  voir: 'show',
};

function problemText(ctx: ChatContext, t: CustomCommandMessages, res: Extract<CommandEditResult, { ok: false }>): string {
  const p = ctx.channel.config.prefix;
  const d = res.detail ?? '';
  switch (res.problem) {
    case 'reserved':
      return t.reserved(p, d);
    case 'exists':
      return t.exists(p, d);
    case 'missing':
      return t.missing(p, d);
    case 'no-response':
      return t.noResponse(p);
    case 'command-response':
      return t.commandResponse(p);
    case 'too-long':
      return t.tooLong(Number(d));
    case 'alias-taken':
      return t.aliasTaken(p, d);
    case 'full':
      return t.full(Number(d));
  }
}
