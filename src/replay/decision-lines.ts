import type { Decision } from '../chat/decisions.js';
import { isoTime } from './time.js';

/** Fields every line of the decisions file has (see docs/decisions-format.md). */
interface LineBase {
  /** 1-based input line of the message the decision is about (null for topic snapshots before any message). */
  line: number | null;
  /** ISO-8601 time (UTC) of that message, or of the snapshot. */
  time: string | null;
  /** Login of the message's author (null for topic snapshots). */
  user: string | null;
}

/** A moderation filter matched a message (in a replay, never enforced). */
export interface ModerationLine extends LineBase {
  kind: 'moderation';
  user_id: string;
  /** The message text. */
  text: string;
  filter: string;
  score: number;
  action: 'none' | 'delete' | 'warn' | 'timeout' | 'ban';
  /** Timeout seconds, or null. */
  duration: number | null;
  /** Input lines of the messages that justify the decision. */
  evidence: number[];
  /** Evidence that is not a message of the file (blocklist example ids...). */
  evidence_other: string[];
  reason: string;
  enforced: boolean;
}

/** The FAQ module answered a message. */
export interface FaqLine extends LineBase {
  kind: 'faq';
  user_id: string;
  text: string;
  entry: string;
  score: number;
  answer: string;
}

/** A chat command ran. */
export interface CommandLine extends LineBase {
  kind: 'command';
  user_id: string;
  text: string;
  command: string;
  /** What the bot sent back, or null. */
  response: string | null;
}

/** One cluster of a topic snapshot. */
export interface TopicClusterLine {
  /** Label keywords, most distinctive first. */
  keywords: string[];
  /** Messages in the cluster (within the horizon). */
  size: number;
  /** Decayed weight used for ranking (null when the clusterer has none). */
  weight: number | null;
  /** Topic type: `question`, `opinion`, `reactions`, `emotes`, `commands`, ... */
  type: string;
  representative: { line: number | null; text: string };
}

/** What chat was talking about at a point of the replay. */
export interface TopicLine extends LineBase {
  kind: 'topic';
  /** Horizon covered, in minutes. */
  window_minutes: number;
  /** What `!topic` would have answered then. */
  text: string;
  clusters: TopicClusterLine[];
}

/** Counts of one filter or entry. */
export type Counts = Record<string, number>;

/** The last line of the file. */
export interface SummaryLine {
  kind: 'summary';
  file: string;
  format: string;
  channel: string;
  encoder: string;
  /** How the encoder's similarities were calibrated (see src/nlp/calibration/README.md). */
  calibration?: CalibrationSummary;
  /** Moderation ran in dry-run (always true for replays). */
  dry_run: true;
  /** Lines in the file. */
  lines: number;
  /** Chat messages fed to the pipeline. */
  messages: number;
  /** Of those, messages the sandbox refused to deliver (`--sandbox` only; 0 otherwise). */
  undelivered: number;
  /** Lines not fed: `unparseable` + `blank` + `ignored` = `total`; `messages + skipped.total = lines`. */
  skipped: {
    total: number;
    unparseable: number;
    blank: number;
    /** Header, IRC lines other than PRIVMSG. */
    ignored: number;
    /** The first unparseable lines with the reason. */
    first: { line: number; reason: string }[];
  };
  /** Null when every message had an author. */
  synthetic_users: {
    messages: number;
    users: number;
    /** Share of those messages written by the busiest synthetic chatter. */
    top_user_share: number;
    subscriber_share: number;
    seed: number;
    description: string;
  } | null;
  moderation: {
    /** Moderation decision lines. */
    decisions: number;
    /** Decisions with an action other than `none`. */
    actions: number;
    /** Distinct messages acted on, and their share of `messages`. */
    messages_acted_on: number;
    share_acted_on: number;
    /** Decisions per filter and action: `{ repeat: { delete: 3, timeout: 1 } }`. */
    by_filter: Record<string, Counts>;
    by_action: Counts;
  };
  faq: { answers: number; by_entry: Counts };
  commands: { runs: number; by_command: Counts };
  topics: { snapshots: number; every_minutes: number };
  chat: { start: string | null; end: string | null; duration_minutes: number };
  /** Wall time of the replay (parsing excluded), messages per second, peak resident memory. */
  elapsed_seconds: number;
  msgs_per_s: number;
  peak_rss_mb: number;
}

export type ReplayLine = ModerationLine | FaqLine | CommandLine | TopicLine | SummaryLine;

/** What the replay knows about a message it fed to the pipeline. */
export interface FedMessage {
  line: number;
  time: number;
  user: string;
  userId: string;
  text: string;
}

/**
 * Turns a pipeline decision into a decisions-file line. `byId` maps message ids to what was fed;
 * evidence ids of fed messages become line numbers.
 */
export function decisionToLine(d: Decision, byId: ReadonlyMap<string, FedMessage>): ModerationLine | FaqLine | CommandLine {
  const fed = byId.get(d.messageId);
  const base = {
    line: fed?.line ?? null,
    time: isoTime(fed?.time ?? d.time),
    user: fed?.user ?? d.userLogin,
    user_id: d.userId,
    text: fed?.text ?? '',
  };
  switch (d.kind) {
    case 'moderation': {
      const evidence: number[] = [];
      const other: string[] = [];
      for (const id of d.evidence) {
        const e = byId.get(id);
        if (e) evidence.push(e.line);
        else other.push(id);
      }
      return {
        ...base,
        kind: 'moderation',
        filter: d.filter,
        score: round(d.score),
        action: d.action,
        duration: d.duration ?? null,
        evidence,
        evidence_other: other,
        reason: d.reason,
        enforced: d.enforced,
      };
    }
    case 'faq':
      return { ...base, kind: 'faq', entry: d.entry, score: round(d.score), answer: d.answer };
    case 'command':
      return { ...base, kind: 'command', command: d.command, response: d.response };
  }
}

/** Rounds scores to 4 decimals so files diff cleanly. */
export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : 0;
}

/** The encoder's calibration in the summary line. */
export interface CalibrationSummary {
  /** `reference`: the bundled reference chat; `channel`: the replayed chat itself (refreshed as it flowed). */
  source: 'reference' | 'stored' | 'channel';
  /** Mean vector removed (anisotropic encoder). */
  centered: boolean;
  mean_norm: number;
  /** The hash encoder: thresholds are the config's own units. */
  thresholds_as_configured: boolean;
  /** Similarities of unrelated message pairs. */
  null: { pairs: number; messages: number; mean: number; p90: number; p99: number; p999: number };
  refreshes: number;
  /** Each default setting: value in hash units, its false-match rate, the encoder's threshold. */
  thresholds: Record<string, { hash: number; rate: number | undefined; threshold: number }>;
}
