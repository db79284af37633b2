import type { ChatContext } from '../../chat/context.js';
import type { Command, CommandArgs } from '../../commands/command.js';
import type { Moderator } from '../moderator.js';
import { liftsRuleFilters } from '../trust/levels.js';
import { messagesFor } from '../trust/messages.js';

/** The chatter named by the first argument, or a reply saying why not. */
async function target(ctx: ChatContext, moderator: Moderator, args: CommandArgs) {
  const t = messagesFor(ctx.channel.config.language);
  const login = (args.list[0] ?? '').replace(/^@/, '').toLowerCase();
  if (!/^[a-z0-9_]{1,25}$/.test(login)) {
    await ctx.reply(t.usage(ctx.channel.config.prefix));
    return undefined;
  }
  const found = moderator.trust.levelByLogin(ctx.channel, login, ctx.now());
  if (!found) await ctx.reply(t.unknown(login));
  return found;
}

/**
 * `!trust <user>` (rule filters no longer act on them), `!trust <user> auto` (back to the
 * automatic level), `!untrust <user>` (every filter applies whatever their history),
 * `!trustlevel <user>`. Moderators only.
 */
export function createTrustCommands(moderator: Moderator): Command[] {
  return [
    {
      name: 'trust',
      aliases: ['confiance'],
      description: 'Rend un viewer de confiance : les filtres de règles (liens, majuscules...) ne le visent plus.',
      usage: '<user> [auto]',
      permission: 'moderator',
      cooldown: { globalSeconds: 0, userSeconds: 0 },
      async run(ctx, args) {
        const found = await target(ctx, moderator, args);
        if (!found) return;
        const t = messagesFor(ctx.channel.config.language);
        const auto = /^(auto|reset)$/i.test(args.list[1] ?? '');
        moderator.trust.setOverride(ctx.channel.name, found.record, auto ? undefined : 'trusted', ctx.user.login, ctx.now());
        ctx.log.info(auto ? 'trust back to automatic' : 'user trusted', { channel: ctx.channel.name, userId: found.record.userId, by: ctx.user.login });
        if (!auto) return ctx.reply(t.trusted(ctx.channel.config.prefix, found.record.login));
        const now = moderator.trust.levelByLogin(ctx.channel, found.record.login, ctx.now());
        return ctx.reply(t.auto(found.record.login, now?.verdict.level ?? 'new'));
      },
    },
    {
      name: 'untrust',
      aliases: ['méfiance', 'mefiance'],
      description: 'Retire la confiance : tous les filtres visent de nouveau ce viewer.',
      usage: '<user>',
      permission: 'moderator',
      cooldown: { globalSeconds: 0, userSeconds: 0 },
      async run(ctx, args) {
        const found = await target(ctx, moderator, args);
        if (!found) return;
        moderator.trust.setOverride(ctx.channel.name, found.record, 'untrusted', ctx.user.login, ctx.now());
        ctx.log.info('user untrusted', { channel: ctx.channel.name, userId: found.record.userId, by: ctx.user.login });
        await ctx.reply(messagesFor(ctx.channel.config.language).untrusted(ctx.channel.config.prefix, found.record.login));
      },
    },
    {
      name: 'trustlevel',
      aliases: ['trustinfo'],
      description: "Niveau de confiance d'un viewer et pourquoi.",
      usage: '<user>',
      permission: 'moderator',
      cooldown: { globalSeconds: 0, userSeconds: 0 },
      async run(ctx, args) {
        const found = await target(ctx, moderator, args);
        if (!found) return;
        const { record, verdict } = found;
        const tc = ctx.channel.config.moderation.trust;
        await ctx.reply(
          messagesFor(ctx.channel.config.language).level(
            record.login,
            verdict.level,
            record.messages,
            record.daysSeen,
            verdict.reasons,
            !liftsRuleFilters(verdict.level, tc),
          ),
        );
      },
    },
  ];
}
