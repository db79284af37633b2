import type { ChatContext } from '../../chat/context.js';
import type { Command } from '../../commands/command.js';
import { messagesFor } from '../messages.js';
import type { TimerScheduler } from '../scheduler.js';
import type { TimerStore } from '../store.js';

import { MAX_TIMER_TEXT, TIMER_NAME, startsAsCommand } from '../checks.js';

const NAME = TIMER_NAME;
const MAX_TEXT = MAX_TIMER_TEXT;

/**
 * `!timer add <name> <minutes> [-lines=M] <text>`, `!timer del|on|off|show <name>`, `!timer list`
 * (alias `!timers`, `!minuteur`): moderators manage the channel's timed messages.
 */
export function createTimerCommand(store: TimerStore, scheduler: TimerScheduler): Command {
  return {
    name: 'timer',
    aliases: ['timers', 'minuteur'],
    description: 'Messages automatiques : ajoute, supprime, met en pause ou liste les minuteurs.',
    usage: 'add|del|on|off|show|list <name> [minutes] [-lines=M] <text>',
    permission: 'moderator',
    cooldown: { globalSeconds: 0, userSeconds: 0 },
    async run(ctx, args) {
      const cfg = ctx.channel.config;
      const p = cfg.prefix;
      const t = messagesFor(cfg.language);
      const channel = ctx.channel.name;
      scheduler.observe(ctx.channel);
      const sub = (args.list[0] ?? 'list').toLowerCase();
      if (sub === 'list' || sub === 'liste') {
        return ctx.reply(t.list(store.list(channel).map((x) => t.item(x.name, x.intervalMinutes, x.enabled))));
      }
      const rawName = args.list[1];
      const name = rawName?.toLowerCase();
      if (!name || !NAME.test(name)) return ctx.reply(rawName ? t.badName(p, rawName) : t.usage(p));
      if (sub === 'add' || sub === 'ajout' || sub === 'ajouter') return add(ctx, store, scheduler, name, args.list.slice(2));
      const timer = store.get(channel, name);
      if (!timer) return ctx.reply(sub in SUBS ? t.missing(p, name) : t.usage(p));
      switch (SUBS[sub]) {
        case 'del':
          store.delete(channel, name);
          return ctx.reply(t.deleted(name));
        case 'on':
        case 'off': {
          const on = SUBS[sub] === 'on';
          store.save({ ...timer, enabled: on });
          if (on) scheduler.reset(channel, name);
          return ctx.reply(t.switched(name, on));
        }
        case 'show':
          return ctx.reply(t.show(name, timer.intervalMinutes, timer.minMessages, timer.enabled, timer.text));
        default:
          return ctx.reply(t.usage(p));
      }
    },
  };
}

const SUBS: Record<string, 'del' | 'on' | 'off' | 'show'> = {
  del: 'del',
  delete: 'del',
  remove: 'del',
  rm: 'del',
  suppr: 'del',
  on: 'on',
  enable: 'on',
  off: 'off',
  disable: 'off',
  pause: 'off',
  show: 'show',
  info: 'show',
  voir: 'show',
};

async function add(ctx: ChatContext, store: TimerStore, scheduler: TimerScheduler, name: string, words: string[]): Promise<void> {
  const cfg = ctx.channel.config;
  const p = cfg.prefix;
  const t = messagesFor(cfg.language);
  const channel = ctx.channel.name;
  if (store.get(channel, name)) return ctx.reply(t.exists(p, name));
  if (store.list(channel).length >= cfg.timers.maxTimers) return ctx.reply(t.full(cfg.timers.maxTimers));
  let i = 0;
  let minutes = cfg.timers.defaultIntervalMinutes;
  if (/^\d+$/.test(words[0] ?? '')) {
    minutes = Number(words[0]);
    i = 1;
    if (minutes < 1 || minutes > 1440) return ctx.reply(t.badMinutes(p));
  }
  let lines = cfg.timers.defaultMinMessages;
  const opt = /^-(?:lines|messages|l)=(.*)$/i.exec(words[i] ?? '');
  if (opt) {
    lines = Number(opt[1]);
    if (!Number.isInteger(lines) || lines < 0 || lines > 10_000) return ctx.reply(t.badLines(p));
    i++;
  }
  const text = words.slice(i).join(' ').trim();
  if (!text) return ctx.reply(t.noText(p));
  if (startsAsCommand(text)) return ctx.reply(t.commandText(p));
  if (Array.from(text).length > MAX_TEXT) return ctx.reply(t.tooLong(MAX_TEXT));
  store.save({ channel, name, text, intervalMinutes: minutes, minMessages: lines, enabled: true, createdBy: ctx.user.login, createdAt: ctx.now() });
  scheduler.reset(channel, name);
  ctx.log.info('timer added', { channel, timer: name, by: ctx.user.login });
  await ctx.reply(t.added(name, minutes, lines));
}
