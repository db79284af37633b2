import type { PermissionLevel } from '../chat/permissions.js';
import type { CustomCommandsConfig } from './config.js';
import { commandName, permissionFromName, type CommandOptions } from './options.js';
import type { CustomCommandService } from './service.js';

/** One command read from another bot's export. */
export interface ImportedCommand {
  name: string;
  response: string;
  options: CommandOptions;
  uses: number;
}

/** What an export held: the commands we can take, and why others were left out. */
export interface ParsedExport {
  format: 'nightbot' | 'streamelements';
  commands: ImportedCommand[];
  warnings: string[];
}

/** StreamElements access levels (100 everyone ... 1500 broadcaster). */
function seLevel(n: unknown): PermissionLevel {
  const v = typeof n === 'number' ? n : 100;
  if (v >= 1500) return 'broadcaster';
  if (v >= 500) return 'moderator';
  if (v >= 300) return 'vip';
  if (v >= 250) return 'subscriber';
  return 'everyone';
}

/** Nightbot's `/me text` (a chat action) becomes plain text: responses never start with `/`. */
function plain(response: string): string {
  return response.replace(/^\s*\/me\s+/i, '').trim();
}

/**
 * Reads a command export: Nightbot's `GET /1/commands` answer (`{ commands: [{ name: "!discord",
 * message, coolDown, userLevel, count }] }`) or StreamElements' `GET /kappa/v2/bot/commands/<id>`
 * answer (`[{ command, reply, aliases, cooldown: { user, global }, accessLevel, enabled }]`).
 * Nightbot's `$(user)`-style variables run as they are; variables we do not know (`$(urlfetch)`)
 * stay as text and are reported.
 */
export function parseCommandExport(json: unknown): ParsedExport {
  const warnings: string[] = [];
  const out: ImportedCommand[] = [];
  const unknownVars = (name: string, response: string) => {
    const unknown = [...response.matchAll(/\$\(\s*([a-z0-9_.]+)|\$\{\s*([a-z0-9_.]+)/gi)]
      .map((m) => (m[1] ?? m[2] ?? '').toLowerCase().split('.')[0]!)
      .filter((v) => !KNOWN_VARS.has(v) && !/^[1-9]$/.test(v));
    if (unknown.length > 0) warnings.push(`${name}: variables kept as text (not supported): ${[...new Set(unknown)].join(', ')}`);
  };
  if (json && typeof json === 'object' && !Array.isArray(json) && Array.isArray((json as { commands?: unknown }).commands)) {
    for (const raw of (json as { commands: unknown[] }).commands) {
      const c = raw as { name?: unknown; message?: unknown; coolDown?: unknown; userLevel?: unknown; count?: unknown };
      const name = typeof c.name === 'string' ? commandName(c.name, '!') : undefined;
      if (!name || typeof c.message !== 'string') {
        warnings.push(`skipped an entry without a usable name or message: ${JSON.stringify(raw).slice(0, 80)}`);
        continue;
      }
      const response = plain(c.message);
      unknownVars(name, response);
      const permission = typeof c.userLevel === 'string' ? permissionFromName(c.userLevel) : undefined;
      out.push({
        name,
        response,
        options: {
          ...(permission ? { permission } : {}),
          ...(typeof c.coolDown === 'number' ? { globalCooldownSeconds: Math.max(0, Math.round(c.coolDown)) } : {}),
        },
        uses: typeof c.count === 'number' ? c.count : 0,
      });
    }
    return { format: 'nightbot', commands: out, warnings };
  }
  if (Array.isArray(json)) {
    for (const raw of json) {
      const c = raw as {
        command?: unknown;
        reply?: unknown;
        aliases?: unknown;
        cooldown?: { user?: unknown; global?: unknown };
        accessLevel?: unknown;
        enabled?: unknown;
        count?: unknown;
      };
      const name = typeof c.command === 'string' ? commandName(c.command, '!') : undefined;
      if (!name || typeof c.reply !== 'string') {
        warnings.push(`skipped an entry without a usable command or reply: ${JSON.stringify(raw).slice(0, 80)}`);
        continue;
      }
      if (c.enabled === false) {
        warnings.push(`${name}: disabled in StreamElements, not imported`);
        continue;
      }
      const response = plain(c.reply);
      unknownVars(name, response);
      const aliases = Array.isArray(c.aliases)
        ? c.aliases.map((a) => (typeof a === 'string' ? commandName(a, '!') : undefined)).filter((a): a is string => !!a)
        : [];
      out.push({
        name,
        response,
        options: {
          permission: seLevel(c.accessLevel),
          ...(typeof c.cooldown?.global === 'number' ? { globalCooldownSeconds: Math.max(0, Math.round(c.cooldown.global)) } : {}),
          ...(typeof c.cooldown?.user === 'number' ? { userCooldownSeconds: Math.max(0, Math.round(c.cooldown.user)) } : {}),
          ...(aliases.length ? { aliases } : {}),
        },
        uses: typeof c.count === 'number' ? c.count : 0,
      });
    }
    return { format: 'streamelements', commands: out, warnings };
  }
  throw new Error(
    'Not a Nightbot or StreamElements command export. Expected Nightbot\'s {"commands": [...]} (GET https://api.nightbot.tv/1/commands) or StreamElements\' [...] (GET https://api.streamelements.com/kappa/v2/bot/commands/<channel id>).',
  );
}

/** Variables {@link expandTemplate} knows. */
const KNOWN_VARS = new Set(['user', 'sender', 'touser', 'args', 'query', 'count', 'channel', 'uptime', 'game', 'category', 'title', 'random']);

/** Result of {@link importCommands}. */
export interface ImportReport {
  added: string[];
  skipped: string[];
}

/** Adds the commands to a channel through the same checks as `!cmd add`; existing names are skipped. */
export function importCommands(service: CustomCommandService, channel: string, cfg: CustomCommandsConfig, parsed: ParsedExport, now: number): ImportReport {
  const report: ImportReport = { added: [], skipped: [] };
  for (const c of parsed.commands) {
    const res = service.add(channel, cfg, c.name, c.response, c.options, 'import', now);
    if (!res.ok) {
      report.skipped.push(`${c.name}: ${res.problem}${res.detail ? ` (${res.detail})` : ''}`);
      continue;
    }
    if (c.uses > 0) service.store.save({ ...res.command, uses: c.uses });
    report.added.push(c.name);
  }
  return report;
}
