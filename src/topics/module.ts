import type { ThresholdScale } from '../nlp/calibration/threshold-scale.js';
import type { ChatContext } from '../chat/context.js';
import type { BotModule, ModuleServices } from '../bot/module.js';
import type { CommandCooldown } from '../commands/command.js';
import { createTopicCommand } from './commands/topic.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import { TopicTracker, type TopicTrackerOptions } from '../nlp/topics/topic-tracker.js';
import type { TopicsConfig } from './config.js';
import { quietAnswer } from './format.js';
import { takeTopicSnapshot, type TopicSnapshot } from './snapshot.js';

/** Options of {@link createTopicsModule}. */
export interface TopicsModuleOptions {
  /** Cooldown of `!topic` (a channel overrides it with `commands.cooldowns.topic`). Default 30 s global, 60 s per user. */
  cooldown?: CommandCooldown;
}

/** The topics module, plus what replays and reports need from it. */
export interface TopicsModule extends BotModule {
  /** The tracker of a channel (created by its first ingested message), if any. */
  tracker(channel: string): TopicTracker | undefined;
  /**
   * What `!topic` would answer in `channel` at `now` (default: the bot's clock), with the
   * clusters behind it; null when the channel never had a message ingested.
   */
  snapshot(channel: string, options?: { now?: number; minutes?: number }): TopicSnapshot | null;
}

/** True for the module made by {@link createTopicsModule} (find it among `createModules(...)`). */
export function isTopicsModule(m: BotModule): m is TopicsModule {
  return m.name === 'topics' && typeof (m as Partial<TopicsModule>).snapshot === 'function';
}

interface ChannelState {
  tracker: TopicTracker;
  /** Settings the tracker was built with; a change rebuilds it. */
  signature: string;
  config: ChannelConfig;
  /** Vector length the tracker was built for. */
  dim: number;
}

/** The tracker options a channel's topic settings stand for (`prefix`: its command prefix; tracker default `!`). */
export function trackerOptionsOf(t: TopicsConfig, prefix?: string): TopicTrackerOptions {
  return {
    horizonMs: t.horizonMinutes * 60_000,
    halfLifeMs: t.halfLifeMinutes * 60_000,
    threshold: t.similarityThreshold,
    termWeight: t.termWeight,
    mergeThreshold: t.mergeThreshold,
    maxClusters: t.maxClusters,
    maxKeywords: t.maxKeywords,
    prefix,
  };
}

/** Tracker options with the join and merge thresholds (hash units) in the encoder's units. */
export function calibratedTrackerOptions(o: TopicTrackerOptions, scale: ThresholdScale): TopicTrackerOptions {
  if (scale.isIdentity) return o;
  return {
    ...o,
    ...(o.threshold !== undefined ? { threshold: scale.threshold(o.threshold) } : {}),
    ...(o.mergeThreshold !== undefined ? { mergeThreshold: scale.threshold(o.mergeThreshold) } : {}),
  };
}

/** Moderation filters whose hits mean spam: a topic that looks like them is not shown. */
const SPAM_FILTERS: ReadonlySet<string> = new Set(['flood', 'shield', 'blocklist', 'nuke', 'links']);

/** Message time: the Twitch timestamp (simulated in replays), else the bot's clock. */
function timeOf(ctx: ChatContext): number {
  return Number.isFinite(ctx.message.timestamp) ? ctx.message.timestamp : ctx.now();
}

/**
 * `!topic`: rolling topic clusters of each channel's chat. The passive stage feeds every message
 * that has a vector and was neither moderated nor a command into the channel's
 * {@link TopicTracker}; a message moderated as spam (flood, raid shield, blocklist, nuke, links)
 * hides the cluster its earlier uncaught copies formed. `!topic [minutes]` answers with
 * the heaviest topics.
 */
export function createTopicsModule(services: ModuleServices, options: TopicsModuleOptions = {}): TopicsModule {
  const channels = new Map<string, ChannelState>();
  const log = services.log.child({ module: 'topics' });

  const stateFor = (channel: string, config: ChannelConfig, dim: number): ChannelState => {
    let state = channels.get(channel);
    // Same config object and encoder: nothing to check
    if (state && state.config === config && state.dim === dim) return state;
    const t = config.topics;
    const trackerOptions = trackerOptionsOf(t, config.prefix);
    const signature = JSON.stringify([services.encoder.id, dim, trackerOptions]);
    if (!state || state.signature !== signature) {
      if (state) log.info('topic settings or encoder changed: clusters restarted', { channel });
      state = {
        signature,
        config,
        dim,
        // Thresholds in the encoder's units, as calibrated when the tracker starts (a refresh does not restart clusters)
        tracker: new TopicTracker(calibratedTrackerOptions(trackerOptions, services.encoder.calibration.scale(channel))),
      };
      channels.set(channel, state);
    }
    state.config = config;
    return state;
  };

  const snapshotOf = (state: ChannelState, now: number, minutes: number | undefined): TopicSnapshot => {
    const t = state.config.topics;
    return takeTopicSnapshot(state.tracker, {
      now,
      minutes: minutes ?? t.horizonMinutes,
      language: state.config.language,
      maxTopics: t.maxTopics,
      minTopics: t.minTopics,
      maxReactionTopics: t.maxReactionTopics,
      minClusterSize: t.minClusterSize,
    });
  };

  const command = createTopicCommand(
    {
      answer(ctx, minutes) {
        const config = ctx.channel.config;
        const state = channels.get(ctx.channel.name);
        const window = Math.min(minutes ?? config.topics.horizonMinutes, config.topics.horizonMinutes);
        if (!config.topics.enabled) {
          return config.language === 'fr' ? 'Les sujets du chat ne sont pas suivis sur cette chaîne.' : 'Chat topics are not tracked in this channel.';
        }
        if (!state) return quietAnswer(window, config.language);
        state.config = config;
        return snapshotOf(state, timeOf(ctx), window).text;
      },
    },
    options.cooldown ? { cooldown: options.cooldown } : {},
  );

  return {
    name: 'topics',
    commands: [command],
    async passive(ctx, next) {
      const config = ctx.channel.config;
      const t = config.topics;
      const skip =
        !t.enabled ||
        ctx.moderated !== undefined ||
        ctx.command !== undefined ||
        !ctx.vector ||
        (!t.ingestCommands && ctx.text.trimStart().startsWith(config.prefix));
      // A spam wave caught late: hide the cluster its first, uncaught copies formed
      if (t.enabled && ctx.moderated && ctx.vector && SPAM_FILTERS.has(ctx.moderated.filter)) {
        const hidden = channels.get(ctx.channel.name)?.tracker.suppressLike(ctx.vector, timeOf(ctx));
        if (hidden !== undefined) log.debug('topic hidden: it looks like moderated spam', { channel: ctx.channel.name, cluster: hidden });
      }
      if (!skip) {
        const state = stateFor(ctx.channel.name, config, ctx.vector!.length);
        state.tracker.ingest({
          id: ctx.message.id,
          text: ctx.text,
          time: timeOf(ctx),
          vector: ctx.vector,
          emotes: ctx.message.emotes,
          ...(ctx.message.line !== undefined ? { line: ctx.message.line } : {}),
        });
      }
      await next();
    },
    tracker: (channel) => channels.get(channel)?.tracker,
    snapshot(channel, opts = {}) {
      const state = channels.get(channel);
      if (!state) return null;
      return snapshotOf(state, opts.now ?? services.clock.now(), opts.minutes);
    },
    close() {
      channels.clear();
    },
  };
}
