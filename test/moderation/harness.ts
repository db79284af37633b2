import { afterEach } from '@jest/globals';
import { Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { Decision, ModerationDecision } from '../../src/chat/decisions.js';
import { silentLogger } from '../../src/chat/logger.js';
import type { ChatMessage, Role } from '../../src/chat/message.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import type { Moderator } from '../../src/moderation/moderator.js';
import { ModerationStore } from '../../src/moderation/moderation-store.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { Store } from '../../src/store/store.js';
import { makeMessage } from '../helpers/context.js';

/** Start of simulated time in the moderation tests. */
export const T0 = 1_700_000_000_000;

/** Options of {@link moderationHarness}. */
export interface HarnessOptions {
  /** Raw channel config (moderation section etc.), parsed with defaults. */
  config?: Record<string, unknown>;
  /** SQLite file; default in memory. */
  storePath?: string;
  /** Clock to share between two harnesses (restart tests). */
  clock?: ManualClock;
}

/** The real bot pipeline with only the moderation module, on simulated time and recorded actions. */
export function moderationHarness(options: HarnessOptions = {}) {
  const clock = options.clock ?? new ManualClock(T0);
  const store = Store.open({ path: options.storePath ?? ':memory:' });
  const encoder = new SharedEncoder(new HashEncoder());
  let moderator: Moderator | undefined;
  const module = createModerationModule({ encoder, store, clock, log: silentLogger }, { onEngine: (m) => (moderator = m) });
  const config = channelConfigSchema.parse(options.config ?? {});
  const bot = new Bot({ defaultConfig: config, modules: [module], encoder, clock });
  const actions = new RecordingActions();
  const decisions: Decision[] = [];
  bot.onDecision((d) => decisions.push(d));
  let n = 0;
  const send = async (
    text: string,
    opts: { user?: string; roles?: Role[]; afterMs?: number; sourceChannelId?: string; firstMessage?: boolean } = {},
  ): Promise<{ message: ChatMessage; moderated: boolean }> => {
    clock.advanceTo(clock.now() + (opts.afterMs ?? 2000));
    const message = makeMessage(text, {
      user: opts.user ?? 'viewer',
      ...(opts.roles ? { roles: opts.roles } : {}),
      time: clock.now(),
      id: `msg-${++n}-${Math.random().toString(36).slice(2, 8)}`,
    });
    if (opts.sourceChannelId) message.sourceChannelId = opts.sourceChannelId;
    if (opts.firstMessage) message.user = { ...message.user, firstMessage: true };
    const ctx = await bot.handle(message, actions);
    return { message, moderated: ctx.moderated !== undefined };
  };
  return {
    bot,
    encoder,
    actions,
    clock,
    store,
    decisions,
    send,
    get moderator(): Moderator {
      return moderator!;
    },
    /** Moderation decisions only. */
    moderation(): ModerationDecision[] {
      return decisions.filter((d): d is ModerationDecision => d.kind === 'moderation');
    },
    /** The moderation log rows of the channel, newest first. */
    log(limit = 100) {
      return new ModerationStore(store).recentLog('testchannel', { limit });
    },
    /** Ids of deleted messages. */
    deleted(): string[] {
      return actions.of('deleteMessage').map((c) => c.messageId);
    },
    async close(): Promise<void> {
      await bot.close();
      store.close();
    },
  };
}

/** {@link moderationHarness} for a test file: the harnesses it makes are closed after each test. */
export function harnessPerTest(): (options?: HarnessOptions) => ReturnType<typeof moderationHarness> {
  let open: Array<ReturnType<typeof moderationHarness>> = [];
  afterEach(async () => {
    for (const h of open) await h.close();
    open = [];
  });
  return (options) => {
    const h = moderationHarness(options);
    open.push(h);
    return h;
  };
}

/** A config that enforces (the default for a new channel is dry-run). */
export function enforcing(moderation: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...rest, moderation: { defaultMode: 'enforce', announceDryRun: false, ...moderation } };
}
