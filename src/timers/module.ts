import type { BotModule, ModuleServices } from '../bot/module.js';
import { createTimerCommand } from './commands/timer.js';
import { TimerScheduler, type TopicProbe } from './scheduler.js';
import { TimerStore } from './store.js';

/** Options of {@link createTimersModule}. */
export interface TimersModuleOptions {
  /** Tells whether chat already discusses a timer's subject (the topics module's clusters). Default none: timers never wait for that. */
  topics?: TopicProbe;
}

/** The timers module, plus its scheduler and store (tests, dashboard). */
export interface TimersModule extends BotModule {
  readonly name: 'timers';
  readonly scheduler: TimerScheduler;
  readonly store: TimerStore;
}

/** True for the module made by {@link createTimersModule}. */
export function isTimersModule(m: BotModule): m is TimersModule {
  return m.name === 'timers' && (m as Partial<TimersModule>).scheduler instanceof TimerScheduler;
}

/**
 * Timed messages: every N minutes per timer, only after M chat messages since its last post, only
 * while the stream is live, and not while chat is on the timer's subject. Managed with `!timer`.
 */
export function createTimersModule(services: ModuleServices, options: TimersModuleOptions = {}): TimersModule {
  const store = new TimerStore(services.store);
  const scheduler = new TimerScheduler(services, store, options.topics);
  return {
    name: 'timers',
    store,
    scheduler,
    commands: [createTimerCommand(store, scheduler)],
    passive(ctx, next) {
      // Chat that moderation acted on or that was a command does not make chat "active"
      if (!ctx.moderated && ctx.command === undefined) scheduler.countMessage(ctx.channel);
      else scheduler.observe(ctx.channel);
      return next();
    },
    onChannelEvent(event, scope) {
      if (event.kind === 'joined') scheduler.observe(scope);
    },
    close: () => scheduler.close(),
  };
}
