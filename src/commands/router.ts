import type { ChatContext } from '../chat/context.js';
import type { Logger } from '../chat/logger.js';
import type { Middleware } from '../chat/middleware.js';
import type { Command, CommandArgs, CommandSource, PreconditionResult } from './command.js';
import { createCommandsCommand } from './builtins.js';
import { hasPermission, permissionLevelOf } from '../chat/permissions.js';
import { OK, denied, type Precondition } from './preconditions.js';

/** Options of {@link CommandRouter}. */
export interface CommandRouterOptions {
  /** Commands of every module. Built-ins (`!commands`) are added unless `builtins` is false. */
  commands: readonly Command[];
  /** Adds the built-in `!commands`. Default true. */
  builtins?: boolean;
  /** Per-channel commands that change at run time (custom commands), asked after `commands`. Default none. */
  sources?: readonly CommandSource[];
  /** Extra preconditions run after the built-in ones, in order. Default none. */
  preconditions?: readonly Precondition[];
  /** Default: the channel's logger. */
  log?: Logger;
}

/** Control, zero-width, bidi-control and tag characters, removed before parsing. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/g;

/** Longest command name the router looks up (longer first words are not commands). */
const MAX_NAME_LENGTH = 32;

/** The cooldown state of one channel: last run times by key, in ms of the bot's clock. */
type CooldownTable = Map<string, number>;

/** Parses `!name args...` with the channel's prefix; null when the text is not a command. */
export function parseCommand(text: string, prefix: string): { name: string; args: CommandArgs } | null {
  // Chat clients add invisible characters (e.g. U+E0000 to dodge Twitch's duplicate check).
  const trimmed = text.replace(INVISIBLE, '').trimStart();
  if (!trimmed.startsWith(prefix)) return null;
  const body = trimmed.slice(prefix.length);
  const match = /^(\S+)\s*([\s\S]*)$/.exec(body);
  if (!match) return null;
  const name = match[1]!.toLowerCase();
  if (name.length > MAX_NAME_LENGTH) return null;
  const rest = match[2]!.trim();
  return { name, args: { invokedAs: name, list: rest ? rest.split(/\s+/) : [], rest } };
}

/**
 * The command stage of the pipeline. Resolves `prefix + name` (or alias) per channel, runs the
 * preconditions (disabled in channel, message moderated, permission from roles and user ids,
 * global then per-user cooldown; moderators and the broadcaster bypass cooldowns), then the
 * command, and records a `command` decision with what the bot sent. A message that is a known
 * command is handled here (later stages do not see it); unknown commands pass on silently.
 */
export class CommandRouter {
  private readonly byName = new Map<string, Command>();
  private readonly all: Command[] = [];
  private readonly cooldowns = new Map<string, CooldownTable>();
  private readonly extra: readonly Precondition[];
  private lastPrune = 0;

  constructor(private readonly options: CommandRouterOptions) {
    const commands = [...options.commands];
    if (options.builtins ?? true) commands.push(createCommandsCommand(this));
    for (const c of commands) this.add(c);
    for (const s of options.sources ?? []) s.attach?.((name) => this.isReserved(name));
    this.extra = options.preconditions ?? [];
  }

  /** Every registered command, in registration order. */
  get commands(): readonly Command[] {
    return this.all;
  }

  /** The command a name or alias points to (case-insensitive); with `channel`, its run-time commands too. */
  resolve(name: string, channel?: string): Command | undefined {
    const key = name.toLowerCase();
    const fixed = this.byName.get(key);
    if (fixed || channel === undefined) return fixed;
    for (const s of this.options.sources ?? []) {
      const c = s.resolve(channel, key);
      if (c) return c;
    }
    return undefined;
  }

  /** True when `name` is taken by a command that is not a run-time one (custom commands must not shadow it). */
  isReserved(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Registered commands followed by the channel's run-time ones. */
  commandsIn(channel: string): readonly Command[] {
    const extra = (this.options.sources ?? []).flatMap((s) => s.list(channel));
    return extra.length === 0 ? this.all : [...this.all, ...extra];
  }

  /** The pipeline stage. */
  readonly middleware: Middleware = async (ctx, next) => {
    const parsed = parseCommand(ctx.text, ctx.channel.config.prefix);
    const command = parsed ? this.resolve(parsed.name, ctx.channel.name) : undefined;
    if (!parsed || !command) return next();
    // Commands from moderated messages never run, and the message is not passed on either.
    if (ctx.moderated) return;
    await this.dispatch(ctx, command, parsed.args);
  };

  /** Preconditions in order (disabled, extra ones, permission, cooldowns); the first denial wins. Does not start cooldowns. */
  check(ctx: ChatContext, command: Command, args: CommandArgs): PreconditionResult {
    for (const p of [this.isEnabled, ...this.extra, this.isPermitted, this.isOffCooldown]) {
      const r = p(ctx, command, args);
      if (!r.ok) return r;
    }
    return OK;
  }

  /** True when the caller may run `command` in this channel (permission and not disabled). */
  mayUse(ctx: ChatContext, command: Command): boolean {
    const args: CommandArgs = { invokedAs: command.name, list: [], rest: '' };
    return [this.isEnabled, this.isPermitted, ...this.extra].every((p) => p(ctx, command, args).ok);
  }

  private add(command: Command): void {
    const names = [command.name, ...(command.aliases ?? [])].map((n) => n.toLowerCase());
    for (const n of names) {
      const other = this.byName.get(n);
      if (other) throw new Error(`Command name "${n}" is used by both "${other.name}" and "${command.name}". Fix: rename one of them or drop the alias.`);
      this.byName.set(n, command);
    }
    this.all.push(command);
  }

  private async dispatch(ctx: ChatContext, command: Command, args: CommandArgs): Promise<void> {
    const log = this.options.log ?? ctx.log;
    const verdict = this.check(ctx, command, args);
    if (!verdict.ok) {
      log.debug('command denied', { channel: ctx.channel.name, command: command.name, userId: ctx.user.id, reason: verdict.identifier });
      if (verdict.identifier === 'permission' && ctx.channel.config.commands.replyWhenDenied) await this.replyDenied(ctx, command);
      return;
    }
    this.startCooldowns(ctx, command);
    ctx.command = command.name;
    const sentBefore = ctx.sent.length;
    try {
      await command.run(ctx, args);
    } catch (err) {
      // The message was a command: it is handled (logged), not passed on to FAQ/topics.
      log.error('command failed', { channel: ctx.channel.name, command: command.name, messageId: ctx.message.id, error: err });
    } finally {
      ctx.record({
        kind: 'command',
        channel: ctx.channel.name,
        messageId: ctx.message.id,
        userId: ctx.user.id,
        userLogin: ctx.user.login,
        command: command.name,
        response: ctx.sent.length > sentBefore ? ctx.sent.slice(sentBefore).join('\n') : null,
        time: ctx.now(),
      });
    }
  }

  /** "Reserved for moderators", at most once per user cooldown of the command. */
  private async replyDenied(ctx: ChatContext, command: Command): Promise<void> {
    const table = this.table(ctx.channel.name);
    const key = `denied\u0000${command.name}\u0000${ctx.user.id}`;
    const last = table.get(key);
    const wait = Math.max(5, this.cooldownOf(ctx, command).userSeconds) * 1000;
    if (last !== undefined && ctx.now() - last < wait) return;
    table.set(key, ctx.now());
    const level = this.permissionOf(ctx, command);
    const fr = ctx.channel.config.language === 'fr';
    const who = fr ? FR_LEVELS[level] : EN_LEVELS[level];
    await ctx.reply(
      fr ? `La commande ${ctx.channel.config.prefix}${command.name} est réservée ${who}.` : `${ctx.channel.config.prefix}${command.name} is for ${who} only.`,
    );
  }

  private readonly isEnabled: Precondition = (ctx, command, args) => {
    const off = ctx.channel.config.commands.disabled.map((n) => n.toLowerCase());
    if (off.includes(command.name) || off.includes(args.invokedAs)) return denied('disabled', `${command.name} is disabled in #${ctx.channel.name}`);
    return OK;
  };

  private readonly isPermitted: Precondition = (ctx, command) => {
    const required = this.permissionOf(ctx, command);
    const held = permissionLevelOf(ctx.user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds);
    return hasPermission(held, required) ? OK : denied('permission', `${command.name} needs ${required}, user is ${held}`);
  };

  private readonly isOffCooldown: Precondition = (ctx, command) => {
    const held = permissionLevelOf(ctx.user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds);
    if (hasPermission(held, 'moderator')) return OK;
    const table = this.table(ctx.channel.name);
    const { globalSeconds, userSeconds } = this.cooldownOf(ctx, command);
    const now = ctx.now();
    const lastGlobal = table.get(globalKey(command, ctx));
    if (globalSeconds > 0 && lastGlobal !== undefined && now - lastGlobal < globalSeconds * 1000) {
      return denied('globalCooldown', `${command.name} is on cooldown in #${ctx.channel.name}`);
    }
    const lastUser = table.get(userKey(command, ctx.user.id));
    if (userSeconds > 0 && lastUser !== undefined && now - lastUser < userSeconds * 1000) {
      return denied('userCooldown', `${command.name} is on cooldown for ${ctx.user.login}`);
    }
    return OK;
  };

  private permissionOf(ctx: ChatContext, command: Command) {
    return ctx.channel.config.commands.permissions[command.name] ?? command.permission ?? 'everyone';
  }

  private cooldownOf(ctx: ChatContext, command: Command): { globalSeconds: number; userSeconds: number } {
    const cfg = ctx.channel.config.commands;
    const override = cfg.cooldowns[command.name];
    return {
      globalSeconds: override?.globalSeconds ?? command.cooldown?.globalSeconds ?? cfg.globalCooldownSeconds,
      userSeconds: override?.userSeconds ?? command.cooldown?.userSeconds ?? cfg.userCooldownSeconds,
    };
  }

  private startCooldowns(ctx: ChatContext, command: Command): void {
    const table = this.table(ctx.channel.name);
    const now = ctx.now();
    table.set(globalKey(command, ctx), now);
    table.set(userKey(command, ctx.user.id), now);
    this.prune(now);
  }

  private table(channel: string): CooldownTable {
    let t = this.cooldowns.get(channel);
    if (!t) this.cooldowns.set(channel, (t = new Map()));
    return t;
  }

  /** Drops entries older than a day so per-user state stays bounded on a long stream. */
  private prune(now: number): void {
    if (now - this.lastPrune < 600_000) return;
    this.lastPrune = now;
    for (const t of this.cooldowns.values()) for (const [k, at] of t) if (now - at > 86_400_000) t.delete(k);
  }
}

/**
 * The channel-wide cooldown is per identical invocation unless the command says `globalPer:
 * 'command'`: `!faq music` twice in a row gives one answer, `!faq discord` right after still gets its own.
 */
const globalKey = (c: Command, ctx: ChatContext) => {
  if (c.cooldown?.globalPer === 'command') return `g\u0000${c.name}`;
  const args = ctx.text.trim().split(/\s+/).slice(1).join(' ').toLowerCase();
  return `g\u0000${c.name}\u0000${args}`;
};
const userKey = (c: Command, userId: string) => `u\u0000${c.name}\u0000${userId}`;

const FR_LEVELS = { everyone: 'à tout le monde', subscriber: 'aux abonnés', vip: 'aux VIP', moderator: 'aux modérateurs', broadcaster: 'au streamer' } as const;
const EN_LEVELS = { everyone: 'everyone', subscriber: 'subscribers', vip: 'VIPs', moderator: 'moderators', broadcaster: 'the broadcaster' } as const;
