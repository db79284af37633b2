import { join } from 'node:path';
import type { Bot } from '../../bot/bot.js';
import type { Clock } from '../../chat/clock.js';
import { PERMISSION_LEVELS, type PermissionLevel } from '../../chat/permissions.js';
import type { CustomCommandsModule } from '../../custom-commands/module.js';
import { commandName } from '../../custom-commands/options.js';
import type { CommandEditResult, CommandProblem } from '../../custom-commands/service.js';
import type { QuotesModule } from '../../quotes/module.js';
import { MAX_TIMER_TEXT, TIMER_NAME, startsAsCommand } from '../../timers/checks.js';
import type { TimersModule } from '../../timers/module.js';
import type { AuditLog } from '../audit.js';
import { DashboardError, field, type DashboardPage, type DashboardRequest } from '../routes.js';
import { dashboardWebDir } from '../server.js';

/** A page script of src/dashboard/web/pages (shipped with the sources, like the other web files). */
function script(name: string): string {
  return join(dashboardWebDir(), 'pages', name);
}

const COMMAND_PROBLEMS: Record<CommandProblem, string> = {
  reserved: 'This name belongs to a command of the bot',
  exists: 'A command with this name exists already',
  missing: 'There is no such command',
  'no-response': 'The response is missing',
  'command-response': 'A response cannot start with / or . (Twitch would run it as a command)',
  'too-long': 'The response is too long (at most 500 characters)',
  'alias-taken': 'An alias is taken already',
  full: 'The channel has the most commands allowed (customCommands.maxCommands)',
};

function num(body: unknown, name: string, min: number, max: number): number | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new DashboardError(400, `"${name}" must be a whole number from ${min} to ${max}`);
  return n;
}

function audit(log: AuditLog, clock: Clock, r: DashboardRequest, action: string, detail: string): void {
  log.add({
    channel: r.channel,
    time: clock.now(),
    actor: r.session.login,
    source: 'dashboard',
    action,
    targetLogin: null,
    targetId: null,
    messageId: null,
    logId: null,
    detail,
  });
}

/** Custom commands: list, add, edit, delete (same store and checks as `!cmd`). */
export function commandsPage(module: CustomCommandsModule, bot: Bot, log: AuditLog, clock: Clock): DashboardPage {
  const { service } = module;
  const options = (body: unknown) => {
    const b = (body ?? {}) as Record<string, unknown>;
    const permission = b['permission'];
    if (permission !== undefined && !(PERMISSION_LEVELS as readonly unknown[]).includes(permission))
      throw new DashboardError(400, `"permission" must be one of ${PERMISSION_LEVELS.join(', ')}`);
    const aliases = typeof b['aliases'] === 'string' ? b['aliases'].split(/[\s,]+/).filter(Boolean) : undefined;
    const names = aliases?.map((a) => commandName(a, '!'));
    if (names?.some((n) => n === undefined)) throw new DashboardError(400, 'Aliases: letters, digits, _ or -, at most 25 characters each');
    const g = num(body, 'globalCooldownSeconds', 0, 86_400);
    const u = num(body, 'userCooldownSeconds', 0, 86_400);
    return {
      ...(permission !== undefined ? { permission: permission as PermissionLevel } : {}),
      ...(g !== undefined ? { globalCooldownSeconds: g } : {}),
      ...(u !== undefined ? { userCooldownSeconds: u } : {}),
      ...(names ? { aliases: [...new Set(names as string[])] } : {}),
    };
  };
  const done = (r: DashboardRequest, res: CommandEditResult, what: string) => {
    if (!res.ok) throw new DashboardError(400, `${COMMAND_PROBLEMS[res.problem]}${res.detail ? `: ${res.detail}` : ''}`);
    audit(log, clock, r, 'command', `${what} !${res.command.name}`);
    return { body: { command: res.command } };
  };
  const nameOf = (r: DashboardRequest, raw: string) => {
    const n = commandName(raw, bot.configOf(r.channel).prefix);
    if (!n) throw new DashboardError(400, 'Command names: letters, digits, _ or -, at most 25 characters');
    return n;
  };
  return {
    id: 'commands',
    title: 'Commands',
    script: script('commands.js'),
    routes: [
      {
        method: 'GET',
        path: '',
        handle: (r) => ({ body: { prefix: bot.configOf(r.channel).prefix, levels: PERMISSION_LEVELS, commands: service.store.list(r.channel) } }),
      },
      {
        method: 'POST',
        path: '',
        handle: (r) =>
          done(
            r,
            service.add(
              r.channel,
              bot.configOf(r.channel).customCommands,
              nameOf(r, field(r.body, 'name')),
              field(r.body, 'response', { max: 500 }),
              options(r.body),
              r.session.login,
              clock.now(),
            ),
            'added',
          ),
      },
      {
        method: 'PUT',
        path: ':name',
        handle: (r) =>
          done(
            r,
            service.edit(r.channel, nameOf(r, r.params['name']!), field(r.body, 'response', { max: 500, optional: true }), options(r.body), clock.now()),
            'edited',
          ),
      },
      {
        method: 'DELETE',
        path: ':name',
        handle(r) {
          const gone = service.remove(r.channel, nameOf(r, r.params['name']!));
          if (!gone) throw new DashboardError(404, COMMAND_PROBLEMS.missing);
          audit(log, clock, r, 'command', `deleted !${gone.name}`);
          return { body: { ok: true } };
        },
      },
    ],
  };
}

/** Timers: list, add, pause/resume, delete (same store as `!timer`), with the last check's outcome. */
export function timersPage(module: TimersModule, bot: Bot, log: AuditLog, clock: Clock): DashboardPage {
  const { store, scheduler } = module;
  const last = new Map<string, Map<string, { kind: string; time: number }>>();
  scheduler.onCheck((c) => {
    let m = last.get(c.channel);
    if (!m) last.set(c.channel, (m = new Map()));
    for (const o of c.outcomes) m.set(o.timer, { kind: o.kind, time: c.time });
  });
  const nameOf = (raw: string) => {
    const n = raw.toLowerCase();
    if (!TIMER_NAME.test(n)) throw new DashboardError(400, 'Timer names: letters, digits, _ or -, at most 25 characters');
    return n;
  };
  const existing = (r: DashboardRequest) => {
    const t = store.get(r.channel, nameOf(r.params['name']!));
    if (!t) throw new DashboardError(404, 'There is no such timer');
    return t;
  };
  return {
    id: 'timers',
    title: 'Timers',
    script: script('timers.js'),
    routes: [
      {
        method: 'GET',
        path: '',
        handle: (r) => ({ body: { timers: store.list(r.channel).map((t) => ({ ...t, lastCheck: last.get(r.channel)?.get(t.name) ?? null })) } }),
      },
      {
        method: 'POST',
        path: '',
        handle(r) {
          const cfg = bot.configOf(r.channel).timers;
          const name = nameOf(field(r.body, 'name'));
          const text = field(r.body, 'text', { max: MAX_TIMER_TEXT });
          if (startsAsCommand(text)) throw new DashboardError(400, 'A text cannot start with / or . (Twitch would run it as a command)');
          if (store.get(r.channel, name)) throw new DashboardError(400, 'A timer with this name exists already');
          if (store.list(r.channel).length >= cfg.maxTimers) throw new DashboardError(400, 'The channel has the most timers allowed (timers.maxTimers)');
          const timer = {
            channel: r.channel,
            name,
            text,
            intervalMinutes: num(r.body, 'intervalMinutes', 1, 1440) ?? cfg.defaultIntervalMinutes,
            minMessages: num(r.body, 'minMessages', 0, 10_000) ?? cfg.defaultMinMessages,
            enabled: true,
            createdBy: r.session.login,
            createdAt: clock.now(),
          };
          store.save(timer);
          scheduler.reset(r.channel, name);
          audit(log, clock, r, 'timer', `added ${name}`);
          return { body: { timer } };
        },
      },
      {
        method: 'PUT',
        path: ':name',
        handle(r) {
          const t = existing(r);
          const enabled = (r.body as Record<string, unknown> | undefined)?.['enabled'];
          if (typeof enabled !== 'boolean') throw new DashboardError(400, '"enabled" must be true or false');
          store.save({ ...t, enabled });
          if (enabled) scheduler.reset(r.channel, t.name);
          audit(log, clock, r, 'timer', `${enabled ? 'resumed' : 'paused'} ${t.name}`);
          return { body: { timer: { ...t, enabled } } };
        },
      },
      {
        method: 'DELETE',
        path: ':name',
        handle(r) {
          const t = existing(r);
          store.delete(r.channel, t.name);
          audit(log, clock, r, 'timer', `deleted ${t.name}`);
          return { body: { ok: true } };
        },
      },
    ],
  };
}

/** Quotes: list, add, delete (same store as `!quote`). */
export function quotesPage(module: QuotesModule, bot: Bot, log: AuditLog, clock: Clock): DashboardPage {
  const { store } = module;
  return {
    id: 'quotes',
    title: 'Quotes',
    script: script('quotes.js'),
    routes: [
      { method: 'GET', path: '', handle: (r) => ({ body: { quotes: store.list(r.channel) } }) },
      {
        method: 'POST',
        path: '',
        handle(r) {
          const cfg = bot.configOf(r.channel).quotes;
          const text = field(r.body, 'text', { max: 400 });
          if (store.count(r.channel) >= cfg.maxQuotes) throw new DashboardError(400, 'The channel has the most quotes allowed (quotes.maxQuotes)');
          const game = field(r.body, 'game', { max: 100, optional: true });
          const quote = store.add({ channel: r.channel, text, addedBy: r.session.login, game: game || null, createdAt: clock.now() });
          audit(log, clock, r, 'quote', `added #${quote.number}`);
          return { body: { quote } };
        },
      },
      {
        method: 'DELETE',
        path: ':number',
        handle(r) {
          const n = Number(r.params['number']);
          if (!Number.isInteger(n) || !store.delete(r.channel, n)) throw new DashboardError(404, 'There is no such quote');
          audit(log, clock, r, 'quote', `deleted #${n}`);
          return { body: { ok: true } };
        },
      },
    ],
  };
}
