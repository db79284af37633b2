import type { BotModule, ModuleServices } from '../bot/module.js';
import { createModerationCommands } from './commands/index.js';
import { onModerationChannelEvent } from './channel-events.js';
import { createTrustCommands } from './commands/trust.js';
import { ModerationStore } from './moderation-store.js';
import { Moderator } from './moderator.js';

/** Options of {@link createModerationModule}. */
export interface ModerationModuleOptions {
  /** Receives the engine once built (eval scripts and tests inspect windows through it). Default none. */
  onEngine?: (moderator: Moderator) => void;
}

/** The moderation module, with its engine (the dashboard acts through it). */
export interface ModerationModule extends BotModule {
  readonly moderator: Moderator;
}

/** True for the module made by {@link createModerationModule}. */
export function isModerationModule(m: BotModule): m is ModerationModule {
  return m.name === 'moderation' && (m as Partial<ModerationModule>).moderator instanceof Moderator;
}

/**
 * Semantic auto-moderation: repeats, floods/raids (with the optional shield), the semantic
 * blocklist, rule filters, escalation with decay, dry-run, moderation log and mod commands
 * (`!spam`, `!strikes`, `!why`, `!modmode`, `!permit`, `!nuke`, `!unnuke`), trusted chatters
 * (`!trust`, `!untrust`, `!trustlevel`: rule filters act only below a trust level).
 */
export function createModerationModule(services: ModuleServices, options: ModerationModuleOptions = {}): ModerationModule {
  const store = new ModerationStore(services.store);
  const moderator = new Moderator(services, store);
  options.onEngine?.(moderator);
  return {
    name: 'moderation',
    moderator,
    moderation: (ctx, next) => moderator.handle(ctx, next),
    onChannelEvent: (event, scope) => onModerationChannelEvent(moderator, event, scope),
    commands: [...createModerationCommands(moderator, services.encoder), ...createTrustCommands(moderator)],
    close: () => moderator.close(),
  };
}
