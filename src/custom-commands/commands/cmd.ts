import type { ChatContext } from '../../bot/context.js';
import type { Command, CommandArgs } from '../../commands/command.js';
import { messagesFor } from '../messages.js';
import { commandName, parseOptions } from '../options.js';
import type { CustomCommandSource } from '../runner.js';
import type { CustomCommand, CustomCommandStore } from '../store.js';
import { startsAsCommand } from '../variables.js';

/** Longest stored response (a reply is cut to Twitch's 500 characters anyway). */
const MAX_RESPONSE = 500;

/**
 * `!cmd add|edit|del|list|show` (aliases `!command`, `!commande`): moderators manage the channel's
 * custom commands from chat. Options (Nightbot syntax) go before the response: `-ul=moderator`,
 * `-cd=30`, `-ucd=60`, `-a=dc,disc`.
 */
export function createCmdCommand(store: CustomCommandStore, source: CustomCommandSource): Command {
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
      const sub = (args.list[0] ?? '').toLowerCase();
      if (sub === 'list' || sub === 'liste') {
        return ctx.reply(t.list(store.list(ctx.channel.name).map((c) => p + c.name)));
      }
      const action = ACTIONS[sub];
      if (!action) return ctx.reply(t.usage(p));
      const name = commandName(args.list[1], p);
      if (!name) return ctx.reply(args.list[1] ? t.badName(p, args.list[1]) : t.usage(p));
      return action(ctx, { store, source, name, words: args.list.slice(2), args });
    },
  };
}

interface ActionInput {
  store: CustomCommandStore;
  source: CustomCommandSource;
  name: string;
  /** Words after the name. */
  words: string[];
  args: CommandArgs;
}

type Action = (ctx: ChatContext, input: ActionInput) => Promise<void>;

const add: Action = async (ctx, { store, source, name, words }) => {
  const cfg = ctx.channel.config;
  const p = cfg.prefix;
  const t = messagesFor(cfg.language);
  const channel = ctx.channel.name;
  if (source.isReserved(name)) return ctx.reply(t.reserved(p, name));
  if (store.find(channel, name)) return ctx.reply(t.exists(p, name));
  if (store.count(channel) >= cfg.customCommands.maxCommands) return ctx.reply(t.full(cfg.customCommands.maxCommands));
  const parsed = parseOptions(words, p);
  if (parsed.error) return ctx.reply(t.badOption(p, parsed.error));
  const response = parsed.rest.join(' ').trim();
  const problem = checkResponse(ctx, response);
  if (problem) return ctx.reply(problem);
  const aliasProblem = checkAliases(ctx, store, source, name, parsed.options.aliases ?? []);
  if (aliasProblem) return ctx.reply(aliasProblem);
  const now = ctx.now();
  store.save({
    channel,
    name,
    response,
    permission: parsed.options.permission ?? 'everyone',
    globalCooldownSeconds: parsed.options.globalCooldownSeconds ?? cfg.customCommands.defaultGlobalCooldownSeconds,
    userCooldownSeconds: parsed.options.userCooldownSeconds ?? cfg.customCommands.defaultUserCooldownSeconds,
    aliases: parsed.options.aliases ?? [],
    uses: 0,
    createdBy: ctx.user.login,
    createdAt: now,
    updatedAt: now,
  });
  ctx.log.info('custom command added', { channel, command: name, by: ctx.user.login });
  await ctx.reply(t.added(p, name));
};

const edit: Action = async (ctx, { store, source, name, words }) => {
  const cfg = ctx.channel.config;
  const p = cfg.prefix;
  const t = messagesFor(cfg.language);
  const current = store.find(ctx.channel.name, name);
  if (!current) return ctx.reply(t.missing(p, name));
  const parsed = parseOptions(words, p);
  if (parsed.error) return ctx.reply(t.badOption(p, parsed.error));
  const response = parsed.rest.join(' ').trim();
  const changesSomething = response !== '' || Object.keys(parsed.options).length > 0;
  if (!changesSomething) return ctx.reply(t.noResponse(p));
  if (response !== '') {
    const problem = checkResponse(ctx, response);
    if (problem) return ctx.reply(problem);
  }
  if (parsed.options.aliases) {
    const aliasProblem = checkAliases(ctx, store, source, current.name, parsed.options.aliases);
    if (aliasProblem) return ctx.reply(aliasProblem);
  }
  const next: CustomCommand = {
    ...current,
    response: response || current.response,
    permission: parsed.options.permission ?? current.permission,
    globalCooldownSeconds: parsed.options.globalCooldownSeconds ?? current.globalCooldownSeconds,
    userCooldownSeconds: parsed.options.userCooldownSeconds ?? current.userCooldownSeconds,
    aliases: parsed.options.aliases ?? current.aliases,
    updatedAt: Math.max(ctx.now(), current.updatedAt + 1),
  };
  store.save(next);
  ctx.log.info('custom command edited', { channel: ctx.channel.name, command: current.name, by: ctx.user.login });
  await ctx.reply(t.edited(p, current.name));
};

const del: Action = async (ctx, { store, name }) => {
  const cfg = ctx.channel.config;
  const t = messagesFor(cfg.language);
  const current = store.find(ctx.channel.name, name);
  if (!current) return ctx.reply(t.missing(cfg.prefix, name));
  store.delete(ctx.channel.name, current.name);
  ctx.log.info('custom command deleted', { channel: ctx.channel.name, command: current.name, by: ctx.user.login });
  await ctx.reply(t.deleted(cfg.prefix, current.name));
};

const show: Action = async (ctx, { store, name }) => {
  const cfg = ctx.channel.config;
  const t = messagesFor(cfg.language);
  const c = store.find(ctx.channel.name, name);
  if (!c) return ctx.reply(t.missing(cfg.prefix, name));
  await ctx.reply(t.show(cfg.prefix, c.name, c.permission, c.globalCooldownSeconds, c.aliases, c.uses, c.response));
};

const ACTIONS: Record<string, Action | undefined> = {
  add,
  ajout: add,
  ajouter: add,
  edit,
  modif: edit,
  modifier: edit,
  del,
  delete: del,
  remove: del,
  rm: del,
  suppr: del,
  supprimer: del,
  show,
  info: show,
  voir: show,
};

/** Why a response cannot be stored, or undefined. */
function checkResponse(ctx: ChatContext, response: string): string | undefined {
  const cfg = ctx.channel.config;
  const t = messagesFor(cfg.language);
  if (response === '') return t.noResponse(cfg.prefix);
  if (startsAsCommand(response)) return t.commandResponse(cfg.prefix);
  if (Array.from(response).length > MAX_RESPONSE) return t.tooLong(MAX_RESPONSE);
  return undefined;
}

/** Why these aliases cannot be given to `name`, or undefined. */
function checkAliases(ctx: ChatContext, store: CustomCommandStore, source: CustomCommandSource, name: string, aliases: readonly string[]): string | undefined {
  const cfg = ctx.channel.config;
  const t = messagesFor(cfg.language);
  for (const a of aliases) {
    if (a === name) continue;
    const owner = store.find(ctx.channel.name, a);
    if (source.isReserved(a) || (owner && owner.name !== name)) return t.aliasTaken(cfg.prefix, a);
  }
  return undefined;
}
