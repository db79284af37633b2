import type { BotModule } from '../bot/module.js';
import { AuditLog } from './audit.js';
import { ChannelSettings } from './channel-settings.js';
import { LiveFeed } from './live-feed.js';
import { BotMetrics, type HelixFailureEvent } from './metrics.js';
import { ModerationActions } from './moderation-actions.js';
import { commandsPage, quotesPage, timersPage } from './pages/everyday.js';
import { faqPage } from './pages/faq.js';
import { livePage, logPage } from './pages/moderation.js';
import { listsPage, settingsPage } from './pages/settings.js';
import { TopicsRiver, topicsPage } from './pages/topics.js';
import type { DashboardPage } from './routes.js';
import { DashboardServer } from './server.js';
import type { DashboardServices } from './services.js';
import type { SignedInUser, TwitchSignInOptions } from './twitch-signin.js';

export type { DashboardPage, DashboardRoute, DashboardRequest, DashboardReply } from './routes.js';
export { DashboardError } from './routes.js';
export type { DashboardServices } from './services.js';
export type { TwitchSignInOptions } from './twitch-signin.js';
export { ChannelSettings } from './channel-settings.js';
export { AuditLog } from './audit.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Public address when exposed. Default none. */
  publicUrl?: string | null;
  /** Default 12. */
  sessionHours?: number;
  /** Sign in with Twitch (required when `host` is not loopback). Default: not offered. */
  twitch?: TwitchSignInOptions;
  /** Topics river sampling period in ms. Default 30000. */
  riverEveryMs?: number;
  /** Tests: replaces the Twitch sign-in check. */
  signIn?: (code: string, redirectUri: string) => Promise<SignedInUser>;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:PORT` or the public URL. */
  readonly url: string;
  readonly port: number;
  /** Sign-in link for this machine (login token); undefined when exposed. */
  readonly loginUrl: string | undefined;
  readonly loginToken: string | undefined;
  readonly metrics: BotMetrics;
  readonly feed: LiveFeed;
  /** Adds a feature's page (see src/dashboard/README.md). */
  addPage(page: DashboardPage): void;
  close(): Promise<void>;
}

/**
 * Wiring shared by the running bot and the dashboard server: the live feed and metrics follow the
 * bot's decisions and handled messages from the moment the app starts.
 */
export interface DashboardHooks {
  feed: LiveFeed;
  metrics: BotMetrics;
  audit: AuditLog;
  settings: ChannelSettings;
  /** Feed for the transport's Helix failures (metrics). */
  helixFailure(f: HelixFailureEvent): void;
}

/** The dashboard's observers, created before the bot so that nothing is missed. */
export function createDashboardHooks(
  s: Pick<DashboardServices, 'encoder' | 'bot' | 'settings' | 'baseConfigs' | 'log' | 'moderator'>,
  audit: AuditLog,
): DashboardHooks {
  const feed = new LiveFeed(s.moderator?.store);
  const metrics = new BotMetrics(s.encoder);
  const settings = new ChannelSettings(s.bot, s.settings, s.baseConfigs, s.log.child({ component: 'dashboard' }));
  s.bot.onDecision((d) => {
    metrics.decision(d);
    feed.decision(d);
  });
  return {
    feed,
    metrics,
    audit,
    settings,
    helixFailure: (f) => metrics.helixFailure(f),
  };
}

/** A bot module writing moderators' own actions seen in chat (`moderator-action` channel events) to the audit log. */
export function createModeratorActionsModule(audit: AuditLog): BotModule {
  return {
    name: 'dashboard-audit',
    onChannelEvent(event, scope) {
      if (event.kind !== 'moderator-action') return;
      audit.add({
        channel: scope.name,
        time: scope.clock.now(),
        actor: event.moderator?.login ?? 'a moderator',
        source: 'chat',
        action: event.action,
        targetLogin: event.target?.login ?? null,
        targetId: event.target?.id ?? null,
        messageId: event.messageId ?? null,
        logId: null,
        detail: [event.durationSeconds ? `${event.durationSeconds} s` : '', event.reason ?? '', event.messageText ? `"${event.messageText}"` : '']
          .filter(Boolean)
          .join(' '),
      });
    },
  };
}

/** Starts the dashboard server with the core pages (Live, Moderation log, FAQ, Lists, Topics, Settings). */
export async function startDashboard(s: DashboardServices, hooks: DashboardHooks, o: DashboardOptions = {}): Promise<Dashboard> {
  const log = s.log.child({ component: 'dashboard' });
  const host = o.host ?? '127.0.0.1';
  const offHandled = s.onHandled((ctx) => {
    hooks.metrics.message(ctx.channel.name);
    hooks.feed.handled(ctx);
  });
  const server = new DashboardServer({
    host,
    port: o.port ?? 0,
    publicUrl: o.publicUrl ?? null,
    channels: s.channels,
    feed: hooks.feed,
    metrics: hooks.metrics,
    twitch: o.twitch,
    sessionHours: o.sessionHours ?? 12,
    clock: s.clock,
    log,
    health: s.health,
    ...(o.signIn ? { signIn: o.signIn } : {}),
  });
  const actions = s.moderator ? new ModerationActions(s.moderator, hooks.settings, hooks.audit, hooks.feed, s.actionsFor, s.clock, log) : undefined;
  server.addPage(livePage(hooks.feed, actions));
  server.addPage(logPage(s.moderator?.store, hooks.audit, s.clock));
  if (s.faq) server.addPage(faqPage(s.faq, s.bot, s.encoder, hooks.audit, s.loginOf));
  if (s.moderator && actions) server.addPage(listsPage(s.moderator, actions, hooks.settings, s.clock));
  let river: TopicsRiver | undefined;
  if (s.topics) {
    river = new TopicsRiver(s.topics, s.channels, s.clock, o.riverEveryMs);
    river.start();
    server.addPage(topicsPage(s.topics, river, s.clock));
  }
  if (s.customCommands) server.addPage(commandsPage(s.customCommands, s.bot, hooks.audit, s.clock));
  if (s.timers) server.addPage(timersPage(s.timers, s.bot, hooks.audit, s.clock));
  if (s.quotes) server.addPage(quotesPage(s.quotes, s.bot, hooks.audit, s.clock));
  server.addPage(settingsPage(s.bot, hooks.settings, s.moderator, hooks.audit, s.clock));
  try {
    await server.listen();
  } catch (err) {
    offHandled();
    river?.stop();
    throw err;
  }
  return {
    get url() {
      return server.url;
    },
    get port() {
      return server.port;
    },
    loginUrl: server.loginUrl,
    loginToken: server.loginToken,
    metrics: hooks.metrics,
    feed: hooks.feed,
    addPage: (p) => server.addPage(p),
    async close() {
      offHandled();
      river?.stop();
      await server.close();
    },
  };
}
