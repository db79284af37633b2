import type { ChannelActions } from '../chat/actions.js';
import { SystemClock, type Clock } from '../chat/clock.js';
import { ChatContext, type ChannelScope } from '../chat/context.js';
import type { Decision } from '../chat/decisions.js';
import { silentLogger, type Logger } from '../chat/logger.js';
import type { ChatMessage } from '../chat/message.js';
import { compose, type Middleware, type MiddlewareError, type NamedMiddleware } from '../chat/middleware.js';
import type { BotModule, ChannelEvent } from './module.js';
import type { Command, CommandSource } from '../commands/command.js';
import type { Precondition } from '../commands/preconditions.js';
import { CommandRouter } from '../commands/router.js';
import { baseChannelConfig } from './channel-config.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { ChatterRegistry } from '../store/chatters.js';

/** Receives every decision of every module and command, in order. */
export type DecisionListener = (decision: Decision) => void;

/** Options of {@link Bot}. */
export interface BotOptions {
  /**
   * Effective config per channel login (lowercase, no `#`). A message from a channel not listed
   * here uses `defaultConfig`. Default: no channel-specific config.
   */
  channels?: ReadonlyMap<string, ChannelConfig> | Readonly<Record<string, ChannelConfig>>;
  /**
   * Config of channels not in `channels`. Default: the base settings only (`baseChannelConfig()`);
   * give the full schema's defaults (`defaultChannelConfig()` of `src/app`) when modules read their section.
   */
  defaultConfig?: ChannelConfig;
  /** Feature modules, in stage order. Default none. */
  modules?: readonly BotModule[];
  /** Commands not owned by a module. Default none (the built-in `!commands` is always there). */
  commands?: readonly Command[];
  /** Extra command preconditions. Default none. */
  preconditions?: readonly Precondition[];
  /** The shared encoder; without it `ctx.vector` stays undefined. Default none. */
  encoder?: SharedEncoder;
  /** Time source (a `ManualClock` in replays). Default `SystemClock`. */
  clock?: Clock;
  /** Default `silentLogger`. */
  log?: Logger;
  /** The bot's own login: its messages are ignored. Default none. */
  botLogin?: string;
  /** The bot's own user id: its messages are ignored. Default none. */
  botUserId?: string;
  /**
   * Chatters seen per channel: decides `ctx.firstTime` on every transport (EventSub has no
   * `first-msg` tag). Without it, `ctx.firstTime` is the transport's `first-msg` tag. Default none.
   */
  chatters?: ChatterRegistry;
  /**
   * How long the registry must have watched a channel before "never seen" means "first-time
   * chatter" (right after installing the bot every regular is unknown). Until then only the
   * transport's `first-msg` tag and suspicious-user marks count. Default 60 minutes.
   */
  chattersWarmupMs?: number;
}

/**
 * The message pipeline, transport-free: the live Twitch connection, the sandbox and the replay all
 * call {@link Bot.handle} with a message and the channel's actions. Stages, each inside its own
 * error boundary: ignore self and configured bots -> encode -> each module's `moderation` ->
 * command router -> each module's `passive`. A module whose config section has `enabled: false`
 * in a channel is skipped there (its stages and commands).
 */
export class Bot {
  readonly clock: Clock;
  readonly log: Logger;
  readonly router: CommandRouter;
  private readonly modules: readonly BotModule[];
  private readonly listeners = new Set<DecisionListener>();
  /** One scope per channel, rebuilt only when the channel's actions change. */
  private readonly scopes = new Map<string, ChannelScope>();
  /** Lowercased `ignoredBots` of each channel config. */
  private readonly ignoredBots = new WeakMap<ChannelConfig, ReadonlySet<string>>();
  private readonly run: (ctx: ChatContext) => Promise<void>;
  private readonly configs: Map<string, ChannelConfig>;
  private readonly defaultConfig: ChannelConfig;
  private botLogin: string | undefined;
  private botUserId: string | undefined;
  private closed = false;
  /** Encodings started by {@link prepare}, picked up by the encode stage. */
  private readonly early = new WeakMap<ChatMessage, Promise<Float32Array>>();

  constructor(private readonly options: BotOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.log = options.log ?? silentLogger;
    this.modules = options.modules ?? [];
    this.defaultConfig = options.defaultConfig ?? baseChannelConfig();
    const channels = options.channels ?? {};
    this.configs = new Map(channels instanceof Map ? channels : Object.entries(channels));
    this.botLogin = options.botLogin?.toLowerCase();
    this.botUserId = options.botUserId;
    // Module commands are skipped where the module is disabled.
    const commands: Command[] = [...(options.commands ?? [])];
    // Weak: run-time commands come and go
    const owners = new WeakMap<Command, string>();
    for (const m of this.modules) {
      for (const c of m.commands ?? []) {
        owners.set(c, m.name);
        commands.push(c);
      }
    }
    // Run-time commands: their owner is remembered as they are resolved
    const sources: CommandSource[] = [];
    for (const m of this.modules) {
      const src = m.commandSource;
      if (!src) continue;
      const own = <T extends Command | undefined>(c: T): T => {
        if (c) owners.set(c, m.name);
        return c;
      };
      sources.push({
        resolve: (channel, name) => own(src.resolve(channel, name)),
        list: (channel) => src.list(channel).map(own),
        attach: (isReserved) => src.attach?.(isReserved),
      });
    }
    this.router = new CommandRouter({ commands, sources, preconditions: [moduleEnabled(owners), ...(options.preconditions ?? [])] });
    this.run = compose(this.stages(), (err) => this.onStageError(err));
  }

  /** Sets who the bot is once known (after authentication): its own messages are ignored. */
  setIdentity(identity: { login?: string; userId?: string }): void {
    if (identity.login) this.botLogin = identity.login.toLowerCase();
    if (identity.userId) this.botUserId = identity.userId;
  }

  /** Effective config of a channel. */
  configOf(channel: string): ChannelConfig {
    return this.configs.get(channel.toLowerCase()) ?? this.defaultConfig;
  }

  /**
   * Replaces a channel's effective config while the bot runs (settings changed on the dashboard):
   * the next message of the channel sees it; nothing restarts.
   */
  setConfig(channel: string, config: ChannelConfig): void {
    this.configs.set(channel.toLowerCase(), config);
  }

  /** Subscribes to decisions; returns the unsubscribe function. */
  onDecision(listener: DecisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts encoding a message that will be handled later (transports call it on arrival), so that
   * messages waiting behind the one being handled share the encoder's micro-batches while
   * decisions stay in order. Ignored senders are not encoded. Optional: `handle` encodes otherwise.
   */
  prepare(message: ChatMessage): void {
    const encoder = this.options.encoder;
    if (!encoder || this.closed || this.early.has(message) || this.isIgnored(message.user, this.configOf(message.channel))) return;
    const p = encoder.encode(message.text);
    // Awaited (and its failure handled) by the encode stage; a dropped message must not warn
    p.catch(() => undefined);
    this.early.set(message, p);
  }

  /**
   * Runs the pipeline on one message with the channel's actions and resolves when every stage is
   * done. Never rejects because of a module: stage errors are logged. Returns the context.
   */
  async handle(message: ChatMessage, actions: ChannelActions): Promise<ChatContext> {
    const { ctx, settled } = await this.decide(message, actions);
    await settled;
    return ctx;
  }

  /**
   * Runs the pipeline's decisions on one message and resolves as soon as every stage is done,
   * without waiting for the effects stages deferred (Helix calls being applied): the next message
   * of the channel can be handled at once. `settled` resolves when those effects are done too.
   */
  async decide(message: ChatMessage, actions: ChannelActions): Promise<{ ctx: ChatContext; settled: Promise<void> }> {
    const ctx = new ChatContext(message, this.scope(message.channel, actions));
    if (this.closed) return { ctx, settled: Promise.resolve() };
    await this.run(ctx);
    return { ctx, settled: ctx.settled() };
  }

  /**
   * Hands a channel event (joined, incoming raid) to every module enabled in the channel, in
   * module order. Never rejects: a failing module is logged and the others still run.
   */
  async channelEvent(channel: string, actions: ChannelActions, event: ChannelEvent): Promise<void> {
    if (this.closed) return;
    const scope = this.scope(channel, actions);
    for (const m of this.modules) {
      if (!m.onChannelEvent || !isModuleEnabled(scope.config, m.name)) continue;
      try {
        await m.onChannelEvent(event, scope);
      } catch (err) {
        this.log.error('channel event failed; continuing', { channel: scope.name, module: m.name, event: event.kind, error: err });
      }
    }
  }

  /** Closes every module (in reverse order). The encoder and store belong to the caller. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const m of [...this.modules].reverse()) {
      try {
        await m.close?.();
      } catch (err) {
        this.log.error('module close failed', { module: m.name, error: err });
      }
    }
  }

  private scope(channel: string, actions: ChannelActions): ChannelScope {
    const name = channel.toLowerCase();
    const known = this.scopes.get(name);
    const config = this.configOf(name);
    if (known?.actions === actions && known.config === config) return known;
    const log = known?.log ?? this.log.child({ channel: name });
    const scope: ChannelScope = { name, config, actions, clock: this.clock, log, record: (d) => this.emit(d) };
    this.scopes.set(name, scope);
    return scope;
  }

  private emit(decision: Decision): void {
    for (const l of this.listeners) {
      try {
        l(decision);
      } catch (err) {
        this.log.error('decision listener failed', { error: err });
      }
    }
  }

  private onStageError(err: MiddlewareError): void {
    const m = err.ctx.message;
    this.log.error('stage failed; continuing', { channel: m.channel, module: err.middleware, messageId: m.id, error: err.cause });
  }

  private stages(): NamedMiddleware[] {
    const stages: NamedMiddleware[] = [{ name: 'ignore', fn: this.ignore }];
    if (this.options.chatters) stages.push({ name: 'chatters', fn: this.chatters });
    stages.push({ name: 'encode', fn: this.encode });
    for (const m of this.modules) if (m.moderation) stages.push({ name: m.name, fn: whenEnabled(m, m.moderation) });
    stages.push({ name: 'commands', fn: this.router.middleware });
    for (const m of this.modules) if (m.passive) stages.push({ name: m.name, fn: whenEnabled(m, m.passive) });
    return stages;
  }

  /** Drops the bot's own messages and those of the channel's `ignoredBots`. */
  private readonly ignore: Middleware = (ctx, next) => {
    if (this.isIgnored(ctx.user, ctx.channel.config)) return;
    return next();
  };

  private isIgnored(u: ChatMessage['user'], config: ChannelConfig): boolean {
    if (this.botUserId !== undefined && u.id === this.botUserId) return true;
    const login = u.login.toLowerCase();
    if (this.botLogin !== undefined && login === this.botLogin) return true;
    let bots = this.ignoredBots.get(config);
    if (!bots) this.ignoredBots.set(config, (bots = new Set(config.ignoredBots.map((b) => b.toLowerCase()))));
    return bots.has(login);
  }

  /** Records the author in the chatter registry and decides `ctx.firstTime` (transport tag OR registry OR suspicious-user mark). */
  private readonly chatters: Middleware = (ctx, next) => {
    const registry = this.options.chatters!;
    const m = ctx.message;
    const now = ctx.now();
    const seen = registry.record(m.channel, m.user.id, m.user.login, now);
    ctx.chatter = seen.record;
    const since = registry.watchingSince(m.channel) ?? now;
    const warm = now - since >= (this.options.chattersWarmupMs ?? 3_600_000);
    ctx.firstTime = m.user.firstMessage || seen.record.markedNew || (seen.firstTime && warm);
    return next();
  };

  /** Sets `ctx.vector`; on overload or encoder failure leaves it undefined (semantic stages skip). */
  private readonly encode: Middleware = async (ctx, next) => {
    const encoder = this.options.encoder;
    if (encoder) {
      try {
        const early = this.early.get(ctx.message);
        if (early) this.early.delete(ctx.message);
        ctx.vector = await (early ?? encoder.encode(ctx.text));
        // The channel's own chat refines the encoder's calibration as it flows
        encoder.calibration.observe(ctx.channel.name, ctx.vector, ctx.now());
      } catch (err) {
        if ((err as Error)?.name === 'EncoderOverloadedError') ctx.log.debug('encoder overloaded; message not encoded', { messageId: ctx.message.id });
        else ctx.log.warn('encoder failed; message not encoded', { messageId: ctx.message.id, error: err });
      }
    }
    return next();
  };
}

/** True unless the channel config has a section named like the module with `enabled: false`. */
export function isModuleEnabled(config: ChannelConfig, moduleName: string): boolean {
  const section = (config as unknown as Record<string, unknown>)[moduleName];
  return !(section && typeof section === 'object' && (section as { enabled?: unknown }).enabled === false);
}

function whenEnabled(m: BotModule, fn: Middleware): Middleware {
  return (ctx, next) => (isModuleEnabled(ctx.channel.config, m.name) ? fn(ctx, next) : next());
}

/** Denies a module's commands in channels where the module is disabled. */
function moduleEnabled(owners: { get(c: Command): string | undefined }): Precondition {
  return (ctx, command) => {
    const owner = owners.get(command);
    if (owner && !isModuleEnabled(ctx.channel.config, owner))
      return { ok: false, identifier: 'disabled', message: `module ${owner} is disabled in #${ctx.channel.name}` };
    return { ok: true };
  };
}
