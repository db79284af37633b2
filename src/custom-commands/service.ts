import type { CustomCommandsConfig } from './config.js';
import type { CommandOptions } from './options.js';
import type { CustomCommandSource } from './runner.js';
import type { CustomCommand, CustomCommandStore } from './store.js';
import { startsAsCommand } from './variables.js';

/** Longest stored response (a reply is cut to Twitch's 500 characters anyway). */
export const MAX_RESPONSE = 500;

/** Why an edit was refused. */
export type CommandProblem = 'reserved' | 'exists' | 'missing' | 'no-response' | 'command-response' | 'too-long' | 'alias-taken' | 'full';

/** The outcome of an edit: the stored command, or the problem (and the name it is about). */
export type CommandEditResult = { ok: true; command: CustomCommand } | { ok: false; problem: CommandProblem; detail?: string };

/**
 * Adding, editing and deleting custom commands with their checks, for `!cmd` and the dashboard
 * alike: names of bot commands are refused, responses that would start as a Twitch command
 * (`/ban`, `.timeout`) too, and aliases already taken.
 */
export class CustomCommandService {
  constructor(
    readonly store: CustomCommandStore,
    readonly source: CustomCommandSource,
  ) {}

  add(channel: string, cfg: CustomCommandsConfig, name: string, response: string, options: CommandOptions, by: string, now: number): CommandEditResult {
    if (this.source.isReserved(name)) return { ok: false, problem: 'reserved', detail: name };
    if (this.store.find(channel, name)) return { ok: false, problem: 'exists', detail: name };
    if (this.store.count(channel) >= cfg.maxCommands) return { ok: false, problem: 'full', detail: String(cfg.maxCommands) };
    const bad = checkResponse(response) ?? this.checkAliases(channel, name, options.aliases ?? []);
    if (bad) return bad;
    const command: CustomCommand = {
      channel,
      name,
      response,
      permission: options.permission ?? 'everyone',
      globalCooldownSeconds: options.globalCooldownSeconds ?? cfg.defaultGlobalCooldownSeconds,
      userCooldownSeconds: options.userCooldownSeconds ?? cfg.defaultUserCooldownSeconds,
      aliases: options.aliases ?? [],
      uses: 0,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
    };
    this.store.save(command);
    return { ok: true, command };
  }

  /** Changes the response (when not empty) and the options given. */
  edit(channel: string, name: string, response: string, options: CommandOptions, now: number): CommandEditResult {
    const current = this.store.find(channel, name);
    if (!current) return { ok: false, problem: 'missing', detail: name };
    if (response === '' && Object.keys(options).length === 0) return { ok: false, problem: 'no-response' };
    const bad =
      (response !== '' ? checkResponse(response) : undefined) ?? (options.aliases ? this.checkAliases(channel, current.name, options.aliases) : undefined);
    if (bad) return bad;
    const command: CustomCommand = {
      ...current,
      response: response || current.response,
      permission: options.permission ?? current.permission,
      globalCooldownSeconds: options.globalCooldownSeconds ?? current.globalCooldownSeconds,
      userCooldownSeconds: options.userCooldownSeconds ?? current.userCooldownSeconds,
      aliases: options.aliases ?? current.aliases,
      updatedAt: Math.max(now, current.updatedAt + 1),
    };
    this.store.save(command);
    return { ok: true, command };
  }

  /** Deletes by name or alias; the deleted command, or undefined. */
  remove(channel: string, name: string): CustomCommand | undefined {
    const current = this.store.find(channel, name);
    if (!current) return undefined;
    this.store.delete(channel, current.name);
    return current;
  }

  private checkAliases(channel: string, name: string, aliases: readonly string[]): CommandEditResult | undefined {
    for (const a of aliases) {
      if (a === name) continue;
      const owner = this.store.find(channel, a);
      if (this.source.isReserved(a) || (owner && owner.name !== name)) return { ok: false, problem: 'alias-taken', detail: a };
    }
    return undefined;
  }
}

function checkResponse(response: string): CommandEditResult | undefined {
  if (response === '') return { ok: false, problem: 'no-response' };
  if (startsAsCommand(response)) return { ok: false, problem: 'command-response' };
  if (Array.from(response).length > MAX_RESPONSE) return { ok: false, problem: 'too-long', detail: String(MAX_RESPONSE) };
  return undefined;
}
