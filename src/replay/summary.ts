import type { ParseResult } from './record.js';
import type { CalibrationSummary, Counts, ReplayLine, SummaryLine } from './decision-lines.js';
import type { SyntheticUsersInfo } from './synthetic-users.js';
import { isoTime } from './time.js';

/** How many unparseable lines the summary lists. */
export const FIRST_ERRORS_LISTED = 10;

/** Fixed facts of a replay the summary reports. */
export interface SummaryContext {
  file: string;
  channel: string;
  encoder: string;
  topicEveryMinutes: number;
  parse: ParseResult;
  synthetic: SyntheticUsersInfo | undefined;
  /** The encoder's calibration at the end of the replay, when it has one. */
  calibration?: CalibrationSummary | undefined;
}

/** Counts decisions as they are written, then produces the `summary` line. */
export class SummaryBuilder {
  private moderationDecisions = 0;
  private actions = 0;
  private readonly actedOn = new Set<number | string>();
  private readonly byFilter: Record<string, Counts> = {};
  private readonly byAction: Counts = {};
  private faqAnswers = 0;
  private readonly byEntry: Counts = {};
  private commandRuns = 0;
  private readonly byCommand: Counts = {};
  private snapshots = 0;

  /** Counts one written line. */
  add(line: ReplayLine): void {
    switch (line.kind) {
      case 'moderation': {
        this.moderationDecisions++;
        const f = (this.byFilter[line.filter] ??= {});
        f[line.action] = (f[line.action] ?? 0) + 1;
        this.byAction[line.action] = (this.byAction[line.action] ?? 0) + 1;
        if (line.action !== 'none') {
          this.actions++;
          this.actedOn.add(line.line ?? `${line.user}@${line.time}`);
        }
        break;
      }
      case 'faq':
        this.faqAnswers++;
        this.byEntry[line.entry] = (this.byEntry[line.entry] ?? 0) + 1;
        break;
      case 'command':
        this.commandRuns++;
        this.byCommand[line.command] = (this.byCommand[line.command] ?? 0) + 1;
        break;
      case 'topic':
        this.snapshots++;
        break;
      case 'summary':
        break;
    }
  }

  /** The summary line, given the messages fed, chat time span, elapsed wall time and peak RSS. */
  build(
    ctx: SummaryContext,
    run: { messages: number; undelivered?: number; chatStart: number | undefined; chatEnd: number | undefined; elapsedMs: number; peakRssBytes: number },
  ): SummaryLine {
    const p = ctx.parse;
    const unparseable = p.errors.length;
    const skippedTotal = unparseable + p.blank + p.ignored;
    const durationMin = run.chatStart !== undefined && run.chatEnd !== undefined ? (run.chatEnd - run.chatStart) / 60_000 : 0;
    const seconds = run.elapsedMs / 1000;
    return {
      kind: 'summary',
      file: ctx.file,
      format: p.format,
      channel: ctx.channel,
      encoder: ctx.encoder,
      ...(ctx.calibration ? { calibration: ctx.calibration } : {}),
      dry_run: true,
      lines: p.records.length + skippedTotal,
      messages: run.messages,
      undelivered: run.undelivered ?? 0,
      skipped: {
        total: skippedTotal,
        unparseable,
        blank: p.blank,
        ignored: p.ignored,
        first: p.errors.slice(0, FIRST_ERRORS_LISTED).map((e) => ({ line: e.line, reason: e.reason })),
      },
      synthetic_users: ctx.synthetic
        ? {
            messages: ctx.synthetic.messages,
            users: ctx.synthetic.users,
            top_user_share: Math.round(ctx.synthetic.topUserShare * 1e4) / 1e4,
            subscriber_share: ctx.synthetic.subscriberShare,
            seed: ctx.synthetic.seed,
            description: ctx.synthetic.description,
          }
        : null,
      moderation: {
        decisions: this.moderationDecisions,
        actions: this.actions,
        messages_acted_on: this.actedOn.size,
        share_acted_on: run.messages ? Math.round((this.actedOn.size / run.messages) * 1e6) / 1e6 : 0,
        by_filter: this.byFilter,
        by_action: this.byAction,
      },
      faq: { answers: this.faqAnswers, by_entry: this.byEntry },
      commands: { runs: this.commandRuns, by_command: this.byCommand },
      topics: { snapshots: this.snapshots, every_minutes: ctx.topicEveryMinutes },
      chat: {
        start: run.chatStart !== undefined ? isoTime(run.chatStart) : null,
        end: run.chatEnd !== undefined ? isoTime(run.chatEnd) : null,
        duration_minutes: Math.round(durationMin * 10) / 10,
      },
      elapsed_seconds: Math.round(seconds * 1000) / 1000,
      msgs_per_s: seconds > 0 ? Math.round(run.messages / seconds) : 0,
      peak_rss_mb: Math.round((run.peakRssBytes / 1_048_576) * 10) / 10,
    };
  }
}
