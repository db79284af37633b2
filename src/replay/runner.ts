import { SystemClock, type Clock } from '../chat/clock.js';
import { silentLogger, type Logger } from '../chat/logger.js';
import type { ChatMessage } from '../chat/message.js';
import type { BotModule } from '../bot/module.js';
import type { RecordingActions } from '../chat/recording-actions.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { decisionToLine, round, type CalibrationSummary, type FedMessage, type ReplayLine, type SummaryLine, type TopicLine } from './decision-lines.js';
import type { ParseResult, ReplayRecord } from './record.js';
import { ReportCollector, type ReportCluster, type ReportData } from './report-data.js';
import { SummaryBuilder } from './summary.js';
import { assignSyntheticUsers, type SyntheticUserOptions } from './synthetic-users.js';
import type { ReplayTargetFactory } from './target.js';
import type { TopicSnapshot, TopicSnapshotCluster, TopicSource } from './topic-source.js';
import { isoTime } from './time.js';

/** Default channel name when neither `--channel` nor the file names one. */
export const DEFAULT_REPLAY_CHANNEL = 'replay';

/** The channel login a chat is replayed into: `channel` if given, else the file's, else {@link DEFAULT_REPLAY_CHANNEL}. */
export function replayChannel(records: readonly ReplayRecord[], channel?: string): string {
  return (channel ?? records.find((r) => r.channel)?.channel ?? DEFAULT_REPLAY_CHANNEL).replace(/^#/, '').toLowerCase();
}

/** Options of {@link runReplay}. */
export interface ReplayRunOptions {
  /** The parsed chat (see `readChatFile`). Records without a user get synthetic ones. */
  parse: ParseResult;
  /** Name of the input, for the summary. */
  file: string;
  /** Channel login the messages are replayed into. Default: the file's channel, else `replay`. */
  channel?: string;
  /** Channel config, e.g. `defaultChannelConfig()` of `src/app` (moderation is forced to dry-run on a copy). */
  config: ChannelConfig;
  /**
   * The pipeline: `inProcessTarget({ encoder, createModules })` (the live bot's modules on
   * simulated time) or `sandboxTarget(...)` (the live app behind the local sandbox, real time).
   */
  target: ReplayTargetFactory;
  /** Finds the topic snapshot source among the modules (see `findTopicSource`). Default: no topic snapshots. */
  topics?: (modules: readonly BotModule[], config: ChannelConfig) => TopicSource | undefined;
  /** Minutes of chat time between two topic snapshots in the decisions file (0 = none). Default 10. */
  topicEveryMinutes?: number;
  /** Clusters per topic snapshot. Default 5. */
  topicClusters?: number;
  /** Minutes of chat time between two timeline snapshots of the report. Default 2. */
  timelineEveryMinutes?: number;
  /** 0: as fast as possible; 1: real time; 2: twice as fast... Default 0. */
  speed?: number;
  /** Receives every decisions-file line, in order (the summary last). */
  onLine?: (line: ReplayLine) => void;
  /** Collects the report data. Default false. */
  report?: boolean;
  /** Report language. Default: the channel config's `language`. */
  reportLanguage?: 'fr' | 'en';
  /** Report time zone (IANA). Default `UTC`. */
  timeZone?: string;
  /** Called after each message (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** Called with each message before the pipeline sees it (e.g. to mirror it into the sandbox). */
  onMessage?: (message: ChatMessage) => Promise<void> | void;
  /**
   * Messages encoded ahead with one `encodeBatch` (fills the shared encoder's cache, so the encode
   * stage of each message is a cache hit instead of a micro-batching wait). 0 = off. Default 256.
   */
  prefetch?: number;
  synthetic?: SyntheticUserOptions;
  /** Wall clock for pacing and speed figures. Default `SystemClock`. */
  wall?: Clock;
  /** Default `silentLogger`. */
  log?: Logger;
}

/** What a replay produced. */
export interface ReplayResult {
  summary: SummaryLine;
  /** Set when `report` was asked. */
  report: ReportData | undefined;
  /** What the pipeline asked Twitch to do (nothing was done); undefined for the sandbox target. */
  actions: RecordingActions | undefined;
  channel: string;
}

/**
 * Forces dry-run on a channel config: moderation decides and logs but its mode cannot be switched
 * to enforce (default mode `dry`, `!modmode` disabled, no dry-run announcement in chat).
 */
export function dryRunConfig(config: ChannelConfig): ChannelConfig {
  const c = structuredClone(config) as ChannelConfig & { moderation: Record<string, unknown> };
  if ('defaultMode' in c.moderation) c.moderation['defaultMode'] = 'dry';
  if ('announceDryRun' in c.moderation) c.moderation['announceDryRun'] = false;
  if ('dryRun' in c.moderation) c.moderation['dryRun'] = true;
  if (!c.commands.disabled.includes('modmode')) c.commands.disabled = [...c.commands.disabled, 'modmode'];
  return c;
}

/** A chat message from a recorded line. */
export function toChatMessage(r: ReplayRecord, channel: string, channelId: string, id: string): ChatMessage {
  const login = r.user ?? 'unknown';
  const msg: ChatMessage = {
    id,
    channel,
    channelId: r.channelId ?? channelId,
    user: {
      id: r.userId ?? `login:${login}`,
      login,
      displayName: r.displayName ?? login,
      roles: new Set(r.roles),
      firstMessage: r.firstMessage ?? false,
    },
    text: r.text,
    emotes: r.emotes ?? [],
    timestamp: r.time,
    line: r.line,
  };
  if (r.sourceChannelId) msg.sourceChannelId = r.sourceChannelId;
  return msg;
}

/**
 * Replays a recorded chat through the live bot's pipeline (`Bot` with the same modules and shared
 * encoder), on simulated time (a `ManualClock` advanced to each message), with recording actions
 * and moderation in dry-run. Decisions come out as decisions-file lines, in input order, with topic
 * snapshots every `topicEveryMinutes` of chat time and a summary last.
 */
export async function runReplay(options: ReplayRunOptions): Promise<ReplayResult> {
  const wall = options.wall ?? new SystemClock();
  const log = options.log ?? silentLogger;
  const records = options.parse.records;
  const synthetic = assignSyntheticUsers(records, options.synthetic);
  const channel = replayChannel(records, options.channel);
  const channelId = records.find((r) => r.channelId)?.channelId ?? `replay-${channel}`;
  const config = dryRunConfig(options.config);
  const everyMs = Math.max(0, (options.topicEveryMinutes ?? 10) * 60_000);
  const timelineMs = Math.max(0, (options.timelineEveryMinutes ?? 2) * 60_000);
  const topicLimit = options.topicClusters ?? 5;
  const speed = options.speed ?? 0;
  const prefetch = Math.max(0, options.prefetch ?? 256);

  // The pipeline, as the live bot builds it.
  const first = records[0]?.time ?? 0;
  const target = await options.target({ channel, config, start: first, log });
  const { bot, modules, encoder } = target;
  const topics = options.topics?.(modules, config);

  // Output: lines in order, summary counts, report data.
  const byId = new Map<string, FedMessage>();
  const textOfLine = new Map<number, string>();
  const summary = new SummaryBuilder();
  const collector = options.report ? new ReportCollector((l) => textOfLine.get(l)) : undefined;
  const emit = (line: ReplayLine): void => {
    summary.add(line);
    collector?.line(line);
    options.onLine?.(line);
  };
  const unsubscribe = bot.onDecision((d) => emit(decisionToLine(d, byId)));

  let lastLine: number | null = null;
  const snapshotAt = (t: number): TopicSnapshot | undefined => {
    try {
      return topics?.snapshot(channel, t, topicLimit);
    } catch (err) {
      log.warn('topic snapshot failed', { error: err });
      return undefined;
    }
  };
  // A cluster's representative, with the input line of its message when known.
  const representativeOf = ({ representative: r }: TopicSnapshotCluster) => ({
    line: (r.messageId && byId.get(r.messageId)?.line) || null,
    text: r.text,
  });
  const topicLine = (t: number, snap: TopicSnapshot): TopicLine => ({
    line: lastLine,
    time: isoTime(t),
    user: null,
    kind: 'topic',
    window_minutes: topics!.horizonMinutes,
    text: snap.text,
    clusters: snap.clusters.map((c) => ({
      keywords: c.keywords,
      size: c.size,
      weight: c.weight === undefined ? null : round(c.weight),
      type: c.type,
      representative: representativeOf(c),
    })),
  });
  const reportClusters = (snap: TopicSnapshot): ReportCluster[] =>
    snap.clusters.map((c) => ({
      key: String(c.id),
      keywords: c.keywords,
      type: c.type,
      size: c.size,
      representative: representativeOf(c),
    }));
  let nextTopic = topics && everyMs > 0 ? first + everyMs : Infinity;
  let nextTimeline = topics && collector && timelineMs > 0 ? first + timelineMs : Infinity;
  // Fires the snapshots due by `t`, in time order.
  const snapshotsUpTo = (t: number): void => {
    while (nextTopic <= t || nextTimeline <= t) {
      const at = Math.min(nextTopic, nextTimeline);
      target.advanceTo(at);
      const snap = snapshotAt(at);
      if (at === nextTopic) {
        if (snap) emit(topicLine(at, snap));
        nextTopic += everyMs;
      }
      if (at === nextTimeline) {
        if (snap && collector) collector.snapshot(at, snap.text, reportClusters(snap));
        nextTimeline += timelineMs;
      }
    }
  };

  // Feed every message in input order.
  const started = wall.now();
  let fed = 0;
  let undelivered = 0;
  let chatEnd: number | undefined;
  let ended: number | undefined;
  let calibration: CalibrationSummary | undefined;
  try {
    const usedIds = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (prefetch > 0 && i % prefetch === 0) {
        const texts = records.slice(i, i + prefetch).map((x) => x.text);
        try {
          await encoder.encodeBatch(texts);
        } catch (err) {
          log.debug('prefetch failed; the pipeline encodes one by one', { error: err });
        }
      }
      if (speed > 0) await waitUntil(wall, started + (r.time - first) / speed);
      snapshotsUpTo(r.time);
      target.advanceTo(r.time);
      let id = r.id ?? `replay-${r.line}`;
      if (usedIds.has(id)) id = `${id}-L${r.line}`;
      usedIds.add(id);
      const message = toChatMessage(r, channel, channelId, id);
      const fedMessage: FedMessage = { line: r.line, time: r.time, user: message.user.login, userId: message.user.id, text: r.text };
      byId.set(id, fedMessage);
      textOfLine.set(r.line, r.text);
      collector?.message(r.time);
      lastLine = r.line;
      chatEnd = chatEnd === undefined ? r.time : Math.max(chatEnd, r.time);
      if (options.onMessage) await options.onMessage(message);
      // The target may give the message another id (the sandbox does): decisions use that one.
      try {
        const usedId = await target.feed(message, (sentId) => byId.set(sentId, fedMessage));
        byId.set(usedId, fedMessage);
      } catch (err) {
        // Only the sandbox refuses messages (e.g. empty text); the replay goes on.
        undelivered++;
        log.warn('message not delivered to the pipeline', { line: r.line, error: err });
      }
      fed++;
      options.onProgress?.(fed, records.length);
    }
    // Snapshots up to the end of the chat, plus one at the very end.
    if (chatEnd !== undefined) {
      snapshotsUpTo(chatEnd);
      // (skipped when the last periodic snapshot is less than a minute older)
      if (topics && everyMs > 0 && chatEnd - (nextTopic - everyMs) >= 60_000) {
        const snap = snapshotAt(chatEnd);
        if (snap) emit(topicLine(chatEnd, snap));
      }
    }
    ended = wall.now();
    calibration = await calibrationSummary(encoder, channel);
  } finally {
    unsubscribe();
    await target.close();
  }
  const elapsedMs = Math.max(1, (ended ?? wall.now()) - started);

  const summaryLine = summary.build(
    { file: options.file, channel, encoder: encoder.id, topicEveryMinutes: everyMs / 60_000, parse: options.parse, synthetic, calibration },
    { messages: fed, undelivered, chatStart: records.length ? first : undefined, chatEnd, elapsedMs, peakRssBytes: peakRss() },
  );
  options.onLine?.(summaryLine);
  const report = collector?.build({
    summary: summaryLine,
    title: `#${channel} — ${options.file.split(/[\\/]/).pop() ?? options.file}`,
    lang: options.reportLanguage ?? config.language,
    timeZone: options.timeZone ?? 'UTC',
    everyMinutes: everyMs / 60_000,
    horizonMinutes: topics?.horizonMinutes ?? 10,
  });
  return { summary: summaryLine, report, actions: target.actions, channel };
}

/** The encoder's calibration for the channel at the end of the replay (what its thresholds were). */
async function calibrationSummary(encoder: SharedEncoder, channel: string): Promise<CalibrationSummary | undefined> {
  const cal = (encoder as Partial<SharedEncoder>).calibration;
  if (!cal) return undefined;
  const { info, thresholds } = await cal.report(channel);
  return {
    source: info.source,
    centered: info.centered,
    mean_norm: info.meanNorm,
    thresholds_as_configured: info.identity,
    null: info.null,
    refreshes: info.refreshes,
    thresholds,
  };
}

/** Peak resident memory of this process, in bytes. */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function waitUntil(wall: Clock, at: number): Promise<void> {
  const ms = at - wall.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => wall.setTimer(ms, resolve));
}
