import type { Bot } from '../../bot/bot.js';
import type { Clock } from '../../chat/clock.js';
import type { Moderator } from '../../moderation/moderator.js';
import type { AuditLog } from '../audit.js';
import type { ChannelSettings } from '../channel-settings.js';
import type { ModerationActions } from '../moderation-actions.js';
import { DashboardError, field, type DashboardPage, type DashboardRequest } from '../routes.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings page: the channel's effective config, its run-time overrides, and the moderation mode. */
export function settingsPage(bot: Bot, settings: ChannelSettings, moderator: Moderator | undefined, audit: AuditLog, clock: Clock): DashboardPage {
  const modeOf = (channel: string) => {
    const cfg = bot.configOf(channel).moderation;
    const state = moderator?.channelState(channel);
    if (state) return state.mode(cfg).mode;
    return moderator?.store.getMode(channel)?.mode ?? cfg.defaultMode;
  };
  const view = (r: DashboardRequest) => ({
    body: { mode: modeOf(r.channel), config: bot.configOf(r.channel), base: settings.base(r.channel), overrides: settings.overrides(r.channel) },
  });
  return {
    id: 'settings',
    title: 'Settings',
    routes: [
      { method: 'GET', path: '', handle: view },
      {
        method: 'PUT',
        path: '',
        handle(r) {
          const overrides = (r.body as { overrides?: unknown } | undefined)?.overrides;
          if (!isObject(overrides)) throw new DashboardError(400, '"overrides" must be an object with the keys of config/channels/<channel>.yaml.');
          const res = settings.replace(r.channel, overrides, r.session.login, clock.now());
          if (!res.ok) {
            throw new DashboardError(
              400,
              res.problems.map((p) => `${p.path.join('.') || '(top level)'}: ${p.message}. Fix: ${p.fix}.`).join('\n'),
              res.problems,
            );
          }
          audit.add({
            channel: r.channel,
            time: clock.now(),
            actor: r.session.login,
            source: 'dashboard',
            action: 'settings',
            targetLogin: null,
            targetId: null,
            messageId: null,
            logId: null,
            detail: JSON.stringify(overrides).slice(0, 900),
          });
          return view(r);
        },
      },
      {
        method: 'POST',
        path: 'mode',
        handle(r) {
          if (!moderator) throw new DashboardError(503, 'The moderation module is not running.');
          const mode = field(r.body, 'mode');
          if (mode !== 'dry' && mode !== 'enforce') throw new DashboardError(400, 'mode must be "dry" or "enforce".');
          const state = moderator.channelState(r.channel);
          // Same storage as !modmode
          if (state) state.setMode(mode, r.session.login, clock.now());
          else moderator.store.setMode(r.channel, mode, r.session.login, clock.now());
          audit.add({
            channel: r.channel,
            time: clock.now(),
            actor: r.session.login,
            source: 'dashboard',
            action: 'settings',
            targetLogin: null,
            targetId: null,
            messageId: null,
            logId: null,
            detail: `moderation mode: ${mode}`,
          });
          return view(r);
        },
      },
    ],
  };
}

/** Blocklist and allowlist page. */
export function listsPage(moderator: Moderator, actions: ModerationActions, settings: ChannelSettings, clock: Clock): DashboardPage {
  const actor = (r: DashboardRequest) => ({ login: r.session.login, userId: r.session.userId });
  return {
    id: 'lists',
    title: 'Lists',
    routes: [
      {
        method: 'GET',
        path: '',
        async handle(r) {
          const state = moderator.channelState(r.channel);
          if (state) await state.blocklist.load(settings.base(r.channel).moderation.blocklist.seed, clock.now());
          return { body: { blocklist: moderator.store.listBlocklist(r.channel), allowlist: actions.currentAllowlist(r.channel) } };
        },
      },
      {
        method: 'POST',
        path: 'blocklist',
        handle: async (r) => ({ body: { id: await actions.teachSpam(r.channel, field(r.body, 'text', { max: 500 }), actor(r)) } }),
      },
      {
        method: 'DELETE',
        path: 'blocklist/:id',
        handle(r) {
          const id = Number(r.params['id']);
          if (!Number.isInteger(id) || !actions.forgetSpam(r.channel, id, actor(r))) throw new DashboardError(404, `No example #${r.params['id']}.`);
          return { body: { ok: true } };
        },
      },
      {
        method: 'POST',
        path: 'allowlist',
        handle: (r) => ({ body: { allowlist: actions.teachFine(r.channel, field(r.body, 'text', { max: 500 }), actor(r)) } }),
      },
      {
        method: 'DELETE',
        path: 'allowlist',
        handle: (r) => ({ body: { allowlist: actions.forgetFine(r.channel, field(r.body, 'text', { max: 500 }), actor(r)) } }),
      },
    ],
  };
}
