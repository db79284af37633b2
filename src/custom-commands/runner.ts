import type { ChatContext } from '../chat/context.js';
import type { Command, CommandSource } from '../commands/command.js';
import { messagesFor } from './messages.js';
import type { CustomCommand, CustomCommandStore } from './store.js';
import { expandTemplate } from './variables.js';

/**
 * The router's view of the stored custom commands: one {@link Command} per stored command (rebuilt
 * when it changes), with its permission, cooldowns and aliases, whose run expands the response.
 */
export class CustomCommandSource implements CommandSource {
  /** Built commands by channel and name; an entry is reused while the stored command is unchanged. */
  private readonly built = new Map<string, { from: CustomCommand; command: Command }>();
  private reserved: (name: string) => boolean = () => false;

  constructor(
    readonly store: CustomCommandStore,
    private readonly random: () => number,
  ) {}

  attach(isReserved: (name: string) => boolean): void {
    this.reserved = isReserved;
  }

  /** True when a bot command already holds `name` (custom commands may not take it). */
  isReserved(name: string): boolean {
    return this.reserved(name);
  }

  resolve(channel: string, name: string): Command | undefined {
    const c = this.store.find(channel, name);
    return c ? this.commandOf(c) : undefined;
  }

  list(channel: string): readonly Command[] {
    return this.store.list(channel).map((c) => this.commandOf(c));
  }

  private commandOf(c: CustomCommand): Command {
    const key = `${c.channel}\u0000${c.name}`;
    const known = this.built.get(key);
    if (known && known.from.updatedAt === c.updatedAt && known.from.response === c.response) return known.command;
    const command: Command = {
      name: c.name,
      aliases: c.aliases,
      description: c.response,
      permission: c.permission,
      cooldown: { globalSeconds: c.globalCooldownSeconds, userSeconds: c.userCooldownSeconds },
      run: (ctx, args) => this.run(ctx, c.channel, c.name, args.list, args.rest),
    };
    this.built.set(key, { from: { ...c }, command });
    return command;
  }

  private async run(ctx: ChatContext, channel: string, name: string, args: readonly string[], rest: string): Promise<void> {
    const current = this.store.find(channel, name);
    if (!current) return;
    const t = messagesFor(ctx.channel.config.language);
    // Every run counts (`!cmd show`), whether or not the response shows ${count}
    const uses = this.store.use(channel, name);
    const text = await expandTemplate(current.response, {
      user: ctx.user.displayName || ctx.user.login,
      args,
      rest,
      channel,
      count: () => uses,
      stream: () => ctx.channel.actions.getStreamInfo?.() ?? Promise.resolve(null),
      now: ctx.now(),
      random: this.random,
      words: { offline: t.offline, unknown: t.unknown, uptime: t.uptime },
    });
    await ctx.say(text);
  }
}
