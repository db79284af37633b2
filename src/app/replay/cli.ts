import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createLogger, silentLogger, type Logger } from '../../chat/logger.js';
import { createModules } from '../modules.js';
import { ConfigError } from '../../config/errors.js';
import type { EncoderConfig } from '../../config/global-config.js';
import { loadConfig } from '../load-config.js';
import { createEncoder } from '../../nlp/create-encoder.js';
import { SharedEncoder } from '../../nlp/shared-encoder.js';
import type { ReplayLine, SummaryLine } from '../../replay/decision-lines.js';
import { DecisionsWriter } from '../../replay/decisions-writer.js';
import { createProgress } from '../../replay/progress.js';
import { readChatFile, ReplayInputError } from '../../replay/read-chat-file.js';
import { REPLAY_FORMATS, type ReplayFormat } from '../../replay/record.js';
import { loadReplayConfig } from './replay-config.js';
import { renderReport } from '../../replay/report-html.js';
import { DEFAULT_REPLAY_CHANNEL, replayChannel, runReplay } from '../../replay/runner.js';
import { sandboxTarget } from './sandbox-target.js';
import { PacingClock } from '../../replay/scaled-clock.js';
import { inProcessTarget, type ReplayTargetFactory } from '../../replay/target.js';
import { findTopicSource } from '../../replay/topics-adapter.js';

export const REPLAY_USAGE = `Usage: npm run replay -- <chat file> [options]

Feeds a recorded chat through the bot's pipeline (same modules, same encoder), moderation in
dry-run, on simulated time, and writes what the bot would have done.

Input: TSV with a header (time, message; optional user, user_id, roles), JSON Lines
({"time", "user", "user_id", "roles", "message"}) or raw Twitch IRC lines; detected from the content.

Options:
  --format tsv|jsonl|irc     force the input format
  --encoder hash|onnx:<dir>  sentence encoder (default: config/default.yaml, else hash)
  --config <file|dir>        channel settings to try (YAML of channel keys), or a config folder
  --channel <name>           channel the chat is replayed into (default: the file's, else "${DEFAULT_REPLAY_CHANNEL}")
  --decisions <out.jsonl>    decisions file, "-" for stdout (default data/replays/<name>.decisions.jsonl)
  --report <out.html>        HTML report, "none" to skip (default data/replays/<name>.report.html)
  --topic-every <minutes>    topic snapshot every N minutes of chat time (default 10, 0 = none)
  --speed <x>                0 = as fast as possible (default), 1 = real time, 2 = twice as fast
  --sandbox                  play into the local sandbox (the bot in local mode, watch it on its web
                             page) at --speed (default 1) instead of the in-process pipeline
  --port <n>                 sandbox port with --sandbox (default: config sandbox.port)
  --seed <n>                 seed of synthetic chatters for files without users (default 1)
  --lang fr|en               report language (default: the channel's language)
  --tz <zone>                time zone of the report's times, e.g. Europe/Paris (default UTC)
  --quiet                    print nothing but errors
  -h, --help                 this help`;

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether a progress bar may be drawn. Default: stdout and stderr are terminals. */
  interactive?: boolean;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad input (file, option, config). */
export async function replayCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    io.err(`replay: ${(err as Error).message}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) {
    io.err(`replay: ${file ? 'give one chat file' : 'no chat file given'}.\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const v = args.values;
  const quiet = Boolean(v.quiet);
  const say = (t: string): void => {
    if (!quiet) io.out(t);
  };
  // Pacing timers (--speed) must keep the process alive.
  const wall = new PacingClock();
  let shared: SharedEncoder | undefined;
  let writer: DecisionsWriter | undefined;
  try {
    // Options.
    const format = v.format as string | undefined;
    if (format !== undefined && !(REPLAY_FORMATS as readonly string[]).includes(format)) {
      throw new ReplayInputError(`--format must be one of ${REPLAY_FORMATS.join(', ')}, not "${format}".`);
    }
    const topicEvery = numberOption('--topic-every', v['topic-every'], 10, 0, 24 * 60);
    const useSandbox = Boolean(v.sandbox);
    const speed = numberOption('--speed', v.speed, useSandbox ? 1 : 0, 0, 10_000);
    if (useSandbox && speed === 0) throw new ReplayInputError('--sandbox plays at a pace the page can show: give --speed above 0 (1 = real time).');
    const port = v.port === undefined ? undefined : numberOption('--port', v.port, 0, 0, 65_535);
    if (port !== undefined && !useSandbox) throw new ReplayInputError('--port only applies with --sandbox.');
    const seed = numberOption('--seed', v.seed, 1, 0, 2 ** 31);
    const lang = v.lang as string | undefined;
    if (lang !== undefined && lang !== 'fr' && lang !== 'en') throw new ReplayInputError(`--lang must be fr or en, not "${lang}".`);
    const tz = (v.tz as string | undefined) ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new ReplayInputError(`--tz "${tz}" is not a time zone. Fix: use an IANA name such as Europe/Paris or UTC.`);
    }

    // Input.
    const parsed = readChatFile(file, format as ReplayFormat | undefined);
    const channel = replayChannel(parsed.records, v.channel as string | undefined);
    const cfg = loadReplayConfig(channel, v.config as string | undefined);

    // Outputs.
    const name = basename(file, extname(file)) || 'chat';
    const decisionsPath = (v.decisions as string | undefined) ?? join('data', 'replays', `${name}.decisions.jsonl`);
    const reportOpt = (v.report as string | undefined) ?? join('data', 'replays', `${name}.report.html`);
    const reportPath = reportOpt === 'none' ? undefined : reportOpt;
    const toStdout = decisionsPath === '-';
    if (toStdout && !quiet) throw new ReplayInputError('--decisions - writes JSON to stdout: add --quiet so nothing else is printed there.');
    writer = toStdout ? undefined : new DecisionsWriter(decisionsPath);

    // Encoder: the bot's own unless --encoder says otherwise.
    const spec = encoderSpec(v.encoder as string | undefined, cfg.encoder);
    const log: Logger = quiet ? silentLogger : createLogger({ level: 'warn', write: io.err });
    let target: ReplayTargetFactory;
    if (useSandbox) {
      const loaded = cfg.loaded ?? loadConfig({ dir: 'config', channels: [] });
      const encoder: EncoderConfig =
        spec.kind === 'onnx' ? { kind: 'onnx', path: String(spec['path']), options: {} } : { kind: 'hash', path: null, options: {} };
      target = sandboxTarget({
        loaded,
        encoder: v.encoder === undefined ? loaded.global.encoder : encoder,
        speed,
        ...(port !== undefined ? { port } : {}),
        onReady: (url) => say(`Playing ${parsed.records.length} messages into the local sandbox at ${speed}x: open ${url} to watch #${channel}.`),
      });
    } else {
      // Offline nothing arrives concurrently: batches go at once instead of waiting for company.
      const encoder = await createEncoder(spec).catch((e: unknown) => {
        throw new ReplayInputError(`cannot load the encoder${v.encoder === undefined ? ' of the config' : ` "${String(v.encoder)}"`}: ${(e as Error).message}`);
      });
      shared = new SharedEncoder(encoder, { maxWaitMs: 0 });
      // From the reference chat, then refreshed by the replayed chat as it flows (nothing stored)
      await shared.calibrate();
      target = inProcessTarget({ encoder: shared, createModules });
    }

    const progress = createProgress({ total: parsed.records.length, wall, ...(io.interactive !== undefined ? { interactive: io.interactive } : {}) });
    const lines: string[] = [];
    const onLine = (l: ReplayLine): void => {
      if (writer) writer.write(l);
      else lines.push(JSON.stringify(l));
      if (lines.length >= 256) io.out(lines.splice(0).join('\n'));
    };
    const result = await runReplay({
      parse: parsed,
      file,
      channel,
      config: cfg.channel,
      target,
      topics: findTopicSource,
      topicEveryMinutes: topicEvery,
      speed,
      onLine,
      report: reportPath !== undefined,
      ...(lang ? { reportLanguage: lang } : {}),
      timeZone: tz,
      onProgress: (d, t) => progress.update(d, t),
      synthetic: { seed },
      log,
      wall,
    });
    progress.stop();
    if (lines.length) io.out(lines.join('\n'));
    writer?.close();
    if (reportPath && result.report) {
      mkdirSync(dirname(reportPath), { recursive: true });
      writeFileSync(reportPath, renderReport(result.report));
    }
    for (const l of describeSummary(result.summary, cfg.sources)) say(l);
    if (!toStdout) say(`Decisions: ${decisionsPath}`);
    if (reportPath) say(`Report:    ${reportPath}`);
    return 0;
  } catch (err) {
    if (err instanceof ReplayInputError || err instanceof ConfigError) {
      io.err(`replay: ${err.message}`);
      return 2;
    }
    io.err(`replay: failed: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  } finally {
    writer?.close();
    await shared?.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      encoder: { type: 'string' },
      config: { type: 'string' },
      channel: { type: 'string' },
      decisions: { type: 'string' },
      report: { type: 'string' },
      'topic-every': { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      sandbox: { type: 'boolean' },
      port: { type: 'string' },
      lang: { type: 'string' },
      tz: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function numberOption(name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new ReplayInputError(`${name} must be a number from ${min} to ${max}, not "${String(raw)}".`);
  }
  return n;
}

/** `hash`, `onnx:<dir>`, or the config's encoder. */
function encoderSpec(opt: string | undefined, config: EncoderConfig | undefined): { kind: string } & Record<string, unknown> {
  if (opt === undefined) {
    if (config && config.kind === 'onnx') return { ...config.options, kind: 'onnx', path: config.path ?? '' };
    return { ...(config?.kind === 'hash' ? config.options : {}), kind: 'hash' };
  }
  if (opt === 'hash') return { kind: 'hash' };
  if (opt.startsWith('onnx:') && opt.length > 5) return { kind: 'onnx', path: opt.slice(5) };
  throw new ReplayInputError(`--encoder must be "hash" or "onnx:<model dir>", not "${opt}".`);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The summary as a few readable lines. */
function describeSummary(s: SummaryLine, sources: readonly string[] = []): string[] {
  const out: string[] = [];
  const dur =
    s.chat.duration_minutes >= 60
      ? `${Math.floor(s.chat.duration_minutes / 60)} h ${Math.round(s.chat.duration_minutes % 60)} min`
      : `${s.chat.duration_minutes} min`;
  out.push(
    `Replayed ${s.file} (${s.format.toUpperCase()}): ${fmt(s.messages)} messages, ${dur} of chat, into #${s.channel} (moderation dry-run, encoder ${s.encoder}).`,
  );
  if (sources.length) out.push(`  settings: ${sources.join(', ')}`);
  if (s.calibration) {
    const c = s.calibration;
    const th = Object.entries(c.thresholds)
      .map(([k, v]) => `${k.split('.').pop()} ${v.hash}->${v.threshold.toFixed(3)}`)
      .join(', ');
    out.push(
      `  calibration (${c.thresholds_as_configured ? 'hash encoder: thresholds as configured' : c.centered ? `mean vector removed, norm ${c.mean_norm}` : 'no mean removal'}; ` +
        `${c.source === 'channel' ? 'this chat' : c.source} null of ${fmt(c.null.messages)} msgs: p99 ${c.null.p99}, p99.9 ${c.null.p999}): ${th}`,
    );
  }
  if (s.synthetic_users) out.push(`  ${s.synthetic_users.description}.`);
  if (s.skipped.unparseable) {
    const first = s.skipped.first
      .slice(0, 3)
      .map((e) => `line ${e.line}: ${e.reason}`)
      .join('; ');
    out.push(`  ${fmt(s.skipped.unparseable)} unreadable line(s), skipped: ${first}${s.skipped.unparseable > 3 ? '; ...' : ''}`);
  }
  const filters = Object.entries(s.moderation.by_filter)
    .map(
      ([f, acts]) =>
        `${f} ${Object.entries(acts)
          .map(([a, n]) => `${a} ${n}`)
          .join(', ')}`,
    )
    .join('; ');
  out.push(
    `  moderation: ${fmt(s.moderation.decisions)} decision(s), would act on ${fmt(s.moderation.messages_acted_on)} message(s) (${(s.moderation.share_acted_on * 100).toFixed(2)}%)${filters ? ` - ${filters}` : ''}`,
  );
  const entries = Object.entries(s.faq.by_entry)
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
  out.push(
    `  FAQ answers: ${fmt(s.faq.answers)}${entries ? ` (${entries})` : ''}; commands run: ${fmt(s.commands.runs)}; topic snapshots: ${s.topics.snapshots}`,
  );
  out.push(`  ${fmt(s.msgs_per_s)} msgs/s (${s.elapsed_seconds} s), peak RSS ${s.peak_rss_mb} MB`);
  return out;
}
