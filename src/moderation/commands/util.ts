import type { ChatContext } from '../../chat/context.js';
import type { CommandArgs } from '../../commands/command.js';

/** The text in the channel's language. */
export function tr(ctx: ChatContext, fr: string, en: string): string {
  return ctx.channel.config.language === 'fr' ? fr : en;
}

/**
 * The first argument (`@Name`, `name`) as a lowercase login; when it is missing or not
 * login-shaped, replies with the usage text and gives undefined.
 */
export async function loginOrUsage(ctx: ChatContext, args: CommandArgs, usageFr: string, usageEn: string): Promise<string | undefined> {
  const login = (args.list[0] ?? '').replace(/^@/, '').toLowerCase();
  if (/^[a-z0-9_]{1,25}$/.test(login)) return login;
  await ctx.reply(tr(ctx, usageFr, usageEn));
  return undefined;
}

/**
 * A duration argument in seconds: `90`, `90s`, `5m`, `2h`, `1d`, `1w` (undefined when not one).
 */
export function parseDuration(arg: string | undefined): number | undefined {
  if (!arg) return undefined;
  const m = /^(\d{1,7})(s|sec|m|min|h|d|j|w)?$/i.exec(arg.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const mult = unit === 'm' || unit === 'min' ? 60 : unit === 'h' ? 3600 : unit === 'd' || unit === 'j' ? 86_400 : unit === 'w' ? 604_800 : 1;
  const s = n * mult;
  return s > 0 ? s : undefined;
}

/** "12 s", "5 min", "2 h", "3 d". */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** Cuts a quoted text for chat. */
export function quote(text: string, max = 60): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}
