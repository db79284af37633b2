import type { BotModule, ModuleServices } from '../bot/module.js';
import { createCmdCommand } from './commands/cmd.js';
import { CustomCommandSource } from './runner.js';
import { CustomCommandService } from './service.js';
import { CustomCommandStore } from './store.js';

/** Options of {@link createCustomCommandsModule}. */
export interface CustomCommandsModuleOptions {
  /** Uniform [0, 1) source of `${random}`. Default `Math.random`. */
  random?: () => number;
}

/** The custom commands module, plus its service (import, dashboard). */
export interface CustomCommandsModule extends BotModule {
  readonly name: 'customCommands';
  readonly service: CustomCommandService;
}

/** True for the module made by {@link createCustomCommandsModule}. */
export function isCustomCommandsModule(m: BotModule): m is CustomCommandsModule {
  return m.name === 'customCommands' && (m as Partial<CustomCommandsModule>).service instanceof CustomCommandService;
}

/**
 * Custom commands (`!discord`, `!socials`...): stored per channel, managed by moderators with
 * `!cmd`, run through the command router (permissions, cooldowns, aliases, `commands.disabled`),
 * responses with Nightbot/StreamElements-style variables.
 */
export function createCustomCommandsModule(services: ModuleServices, options: CustomCommandsModuleOptions = {}): CustomCommandsModule {
  const store = new CustomCommandStore(services.store);
  const source = new CustomCommandSource(store, options.random ?? Math.random);
  const service = new CustomCommandService(store, source);
  return {
    name: 'customCommands',
    service,
    commands: [createCmdCommand(service)],
    commandSource: source,
  };
}
