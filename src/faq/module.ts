import { existsSync } from 'node:fs';
import type { ChatContext } from '../chat/context.js';
import type { Middleware } from '../chat/middleware.js';
import type { BotModule, ModuleServices } from '../bot/module.js';
import { createFaqCommand } from './commands/faq.js';
import { FaqCooldowns } from './cooldowns.js';
import { loadFaqFile } from './file.js';
import { prepareMessage } from './matcher.js';
import { isQuestionLike } from './question.js';
import { FaqService, type FaqServiceOptions } from './service.js';

/** Options of {@link createFaqModule}. */
export interface FaqModuleOptions extends FaqServiceOptions {
  /**
   * Seed file checked when the module is created, so that a malformed file stops the bot at start
   * with the fix. Default `config/faq.yaml` (skipped when the file does not exist).
   */
  checkSeedFile?: string;
}

/** The FAQ module, with its service (the dashboard edits entries through it, like `!faq`). */
export interface FaqModule extends BotModule {
  readonly faq: FaqService;
}

/** True for the module made by {@link createFaqModule}. */
export function isFaqModule(m: BotModule): m is FaqModule {
  return m.name === 'faq' && (m as Partial<FaqModule>).faq instanceof FaqService;
}

/** Number of decimals kept in recorded scores. */
const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The FAQ feature: answers frequent questions by meaning (passive stage, after commands) and the
 * `!faq` command. Each channel has its own FAQ in the store, seeded once from `faq.seedFile`.
 */
export function createFaqModule(services: ModuleServices, options: FaqModuleOptions = {}): FaqModule {
  const log = services.log.child({ module: 'faq' });
  const faq = new FaqService(services.encoder, services.store, services.clock, log, options);
  // Fail fast on a malformed example file
  const check = faq.seedPath(options.checkSeedFile ?? 'config/faq.yaml');
  if (existsSync(check)) loadFaqFile(check);
  const cooldowns = new Map<string, FaqCooldowns>();

  const autoAnswer = async (ctx: ChatContext): Promise<void> => {
    const config = ctx.channel.config;
    const cfg = config.faq;
    if (!cfg.enabled || !cfg.autoAnswer) return;
    // Moderated messages, commands and overload (no vector) never get an answer
    if (ctx.moderated || ctx.command || ctx.vector === undefined) return;
    const text = ctx.text;
    if (text.trimStart().startsWith(config.prefix)) return;
    if (!cfg.answerBroadcaster && (ctx.user.roles.has('broadcaster') || ctx.user.id === ctx.message.channelId)) return;
    if (text.length > cfg.maxMessageLength) return;
    const prepared = prepareMessage(text);
    if (prepared.tokens.length === 0) return;
    if (cfg.questionsOnly && !isQuestionLike(text, prepared.tokens)) return;
    const channel = ctx.channel.name;
    let match;
    try {
      match = await faq.match(channel, cfg, text);
    } catch (err) {
      // Overload: skip the answer, like the encode stage skips semantic checks
      if ((err as Error)?.name === 'EncoderOverloadedError') return;
      throw err;
    }
    if (!match?.accepted || !match.best) return;
    const entry = faq.store.get(channel, match.best.id);
    if (!entry) return;
    // Cooldowns: checked and started before any await, so concurrent askers get one answer
    let cd = cooldowns.get(channel);
    if (!cd) cooldowns.set(channel, (cd = new FaqCooldowns()));
    const now = ctx.now();
    const blocked = cd.blocked(entry.id, ctx.user.id, now);
    if (blocked) {
      log.debug('faq: match on cooldown', { channel, entry: entry.id, cooldown: blocked, messageId: ctx.message.id });
      return;
    }
    cd.start(entry.id, ctx.user.id, now, {
      entryMs: (entry.cooldownSeconds ?? cfg.entryCooldownSeconds) * 1000,
      userMs: cfg.userCooldownSeconds * 1000,
      channelMs: cfg.channelCooldownSeconds * 1000,
    });
    ctx.record({
      kind: 'faq',
      channel,
      messageId: ctx.message.id,
      userId: ctx.user.id,
      userLogin: ctx.user.login,
      entry: entry.id,
      score: round(match.best.score),
      answer: entry.answer,
      time: now,
    });
    await ctx.reply(entry.answer);
  };

  /** Chat statistics and the questions a moderator may answer (every ordinary message). */
  const observe = (ctx: ChatContext): void => {
    const config = ctx.channel.config;
    if (!config.faq.enabled || ctx.moderated || ctx.command) return;
    const text = ctx.text;
    if (text.trimStart().startsWith(config.prefix)) return;
    faq.recordChat(ctx.channel.name, text);
    faq.noteQuestion(ctx.channel.name, { id: ctx.user.id, login: ctx.user.login }, text, config.faq);
  };

  const passive: Middleware = async (ctx, next) => {
    observe(ctx);
    await autoAnswer(ctx);
    await next();
  };

  return {
    name: 'faq',
    faq,
    passive,
    commands: [createFaqCommand(faq)],
    close: () => {
      cooldowns.clear();
    },
  };
}
