import type { CommandLine, FaqLine, ModerationLine, ReplayLine, SummaryLine } from './decision-lines.js';

/** A topic cluster as the report charts it. */
export interface ReportCluster {
  /** Stable key across snapshots (clusterer id, else the label keywords). */
  key: string;
  keywords: string[];
  type: string;
  size: number;
  representative: { line: number | null; text: string };
}

/** A moderation decision with the texts of its evidence, for the table. */
export interface ReportModeration extends ModerationLine {
  evidence_texts: { line: number; text: string }[];
}

/** Everything the HTML report shows, embedded in the page as JSON. */
export interface ReportData {
  /** Language of the page. Default `fr`. */
  lang: 'fr' | 'en';
  /** IANA time zone used to show times. Default `UTC` (recorded times without zone read as UTC). */
  timeZone: string;
  title: string;
  summary: SummaryLine;
  /** Chat messages per bucket along the stream. */
  activity: { start: number; bucketMs: number; counts: number[] };
  topics: {
    everyMinutes: number;
    /** Horizon of one snapshot, minutes. */
    horizonMinutes: number;
    /** Snapshots for the timeline (finer than the decisions file when sampled more often). */
    snapshots: { time: number; text: string; clusters: ReportCluster[] }[];
    /** The `!topic` answers written to the decisions file. */
    answers: { time: number; text: string }[];
  };
  /** Moderation decisions for the table (the first {@link REPORT_TABLE_LIMIT}). */
  moderation: ReportModeration[];
  /** Every moderation decision as `[time ms, index in filters]`, for the chart (not capped). */
  moderationTimes: { filters: string[]; points: [number, number][] };
  faq: FaqLine[];
  commands: CommandLine[];
}

/** Messages kept per report table (the decisions file has them all). */
export const REPORT_TABLE_LIMIT = 2000;

/** Collects decision lines and activity into {@link ReportData}. */
export class ReportCollector {
  private readonly moderation: ReportModeration[] = [];
  private readonly filters: string[] = [];
  private readonly modPoints: [number, number][] = [];
  private readonly faq: FaqLine[] = [];
  private readonly commands: CommandLine[] = [];
  private readonly answers: { time: number; text: string }[] = [];
  private readonly snapshots: ReportData['topics']['snapshots'] = [];
  private readonly counts: number[] = [];
  private start: number | undefined;

  /**
   * @param textOfLine text of a fed input line (for evidence)
   * @param bucketMs activity bucket width, default one minute
   */
  constructor(
    private readonly textOfLine: (line: number) => string | undefined,
    private readonly bucketMs = 60_000,
  ) {}

  /** Counts one fed message in the activity histogram. */
  message(time: number): void {
    if (this.start === undefined) this.start = Math.floor(time / this.bucketMs) * this.bucketMs;
    const i = Math.max(0, Math.floor((time - this.start) / this.bucketMs));
    // Bounded: a broken timestamp far in the future must not allocate a huge array.
    if (i > 1_000_000) return;
    while (this.counts.length <= i) this.counts.push(0);
    this.counts[i]!++;
  }

  /** Takes one line of the decisions file. */
  line(l: ReplayLine): void {
    if (l.kind === 'moderation') {
      let f = this.filters.indexOf(l.filter);
      if (f < 0) f = this.filters.push(l.filter) - 1;
      if (l.time) this.modPoints.push([Date.parse(l.time), f]);
      if (this.moderation.length >= REPORT_TABLE_LIMIT) return;
      const evidence_texts = l.evidence.slice(0, 10).map((line) => ({ line, text: this.textOfLine(line) ?? '' }));
      this.moderation.push({ ...l, evidence_texts });
    } else if (l.kind === 'faq') {
      if (this.faq.length < REPORT_TABLE_LIMIT) this.faq.push(l);
    } else if (l.kind === 'command') {
      if (this.commands.length < REPORT_TABLE_LIMIT) this.commands.push(l);
    } else if (l.kind === 'topic') {
      this.answers.push({ time: l.time ? Date.parse(l.time) : 0, text: l.text });
    }
  }

  /** Takes one timeline snapshot. */
  snapshot(time: number, text: string, clusters: ReportCluster[]): void {
    this.snapshots.push({ time, text, clusters });
  }

  build(opts: { summary: SummaryLine; title: string; lang?: 'fr' | 'en'; timeZone?: string; everyMinutes: number; horizonMinutes: number }): ReportData {
    return {
      lang: opts.lang ?? 'fr',
      timeZone: opts.timeZone ?? 'UTC',
      title: opts.title,
      summary: opts.summary,
      activity: { start: this.start ?? 0, bucketMs: this.bucketMs, counts: this.counts },
      topics: {
        everyMinutes: opts.everyMinutes,
        horizonMinutes: opts.horizonMinutes,
        snapshots: this.snapshots,
        answers: this.answers,
      },
      moderation: this.moderation,
      moderationTimes: { filters: this.filters, points: this.modPoints },
      faq: this.faq,
      commands: this.commands,
    };
  }
}
