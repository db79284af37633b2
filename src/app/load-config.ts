import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { channelConfigSchema } from './channel-config.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import { deepMerge } from '../config/deep-merge.js';
import { ConfigError } from '../config/errors.js';
import { globalConfigSchema, type GlobalConfig } from '../config/global-config.js';
import { findUnknownKeys, problemsFromZod, type ConfigProblem } from '../config/validate.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Folder holding `default.yaml` and `channels/<channel>.yaml`. Default `config`. */
  dir?: string;
  /** Channels to run (e.g. from `TWITCH_CHANNELS`); replaces `channels` of `default.yaml`. Default: the file's list. */
  channels?: readonly string[];
  /** Local mode: the one channel joined is `sandbox.channel` (override files are checked against it). Default false. */
  localMode?: boolean;
}

/** The validated configuration of the process. */
export interface LoadedConfig {
  global: GlobalConfig;
  /** Channels to join, in order. */
  channels: string[];
  /** Effective config of each channel that has an override file or is in `channels`. */
  channelConfigs: Map<string, ChannelConfig>;
  /** Effective config of a channel without overrides. */
  defaultChannel: ChannelConfig;
  /** Things worth telling the user that are not errors (override file of a channel not joined...). */
  warnings: string[];
}

interface YamlFile {
  path: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

/** Parses a YAML file; a syntax error names the file, line and column. */
export function readYamlFile(path: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${path}: ${(err as Error).message}. Fix: check that it exists and is readable.`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new ConfigError(
      `${path}:${pos.line}:${pos.col}: invalid YAML: ${e.message.split('\n')[0]}. Fix: correct the syntax at that line (indent with spaces, quote values containing ": " or "#").`,
    );
  }
  const value = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${path}: the file must contain a mapping of keys to values, not ${Array.isArray(value) ? 'a list' : typeof value}. Fix: see config/default.yaml for the layout.`,
    );
  }
  return { path, doc, lines, value };
}

/**
 * Loads `default.yaml` (global settings + the `channel:` defaults) and every
 * `channels/<channel>.yaml` (deep-merged over the defaults), validating everything at once.
 * Throws one {@link ConfigError} listing every problem with file:line, key and fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const dir = options.dir ?? 'config';
  const defaultPath = join(dir, 'default.yaml');
  if (!existsSync(defaultPath)) {
    throw new ConfigError(`Config file ${defaultPath} not found. Fix: run from the project folder, or set BOT_CONFIG_DIR to the folder holding default.yaml.`);
  }
  const base = readYamlFile(defaultPath);
  const problems: string[] = [];
  const warnings: string[] = [];

  // Global settings (top level of default.yaml).
  const globalRaw = base.value as Record<string, unknown>;
  const g = globalConfigSchema.safeParse(globalRaw);
  report(problems, base, [], [...findUnknownKeys(globalConfigSchema, globalRaw), ...(g.success ? [] : problemsFromZod(g.error))]);

  // Per-channel defaults.
  const channelRaw = globalRaw['channel'] ?? {};
  const defaultChannel = validateChannel(channelRaw, problems, [{ file: base, prefix: ['channel'], value: channelRaw }]);

  // Per-channel overrides.
  const channelConfigs = new Map<string, ChannelConfig>();
  const overridesDir = join(dir, 'channels');
  const overrideNames: string[] = [];
  if (existsSync(overridesDir)) {
    for (const f of readdirSync(overridesDir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort()) {
      const name = basename(f)
        .replace(/\.ya?ml$/i, '')
        .toLowerCase();
      const file = readYamlFile(join(overridesDir, f));
      if (!/^[a-z0-9_]{2,25}$/.test(name)) {
        problems.push(`${file.path}: "${name}" is not a Twitch channel login. Fix: name the file after the channel, e.g. config/channels/mychannel.yaml`);
        continue;
      }
      overrideNames.push(name);
      const merged = deepMerge(channelRaw, file.value);
      const cfg = validateChannel(merged, problems, [
        { file, prefix: [], value: file.value },
        { file: base, prefix: ['channel'], value: channelRaw },
      ]);
      if (cfg) channelConfigs.set(name, cfg);
    }
  }

  if (problems.length) {
    throw new ConfigError(`Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`);
  }
  const global = (g as { data: GlobalConfig }).data;
  const channels = options.localMode ? [global.sandbox.channel] : [...(options.channels ?? global.channels)];
  for (const c of channels) if (!channelConfigs.has(c)) channelConfigs.set(c, defaultChannel!);
  for (const n of overrideNames) {
    if (!channels.includes(n)) warnings.push(`${relative('.', join(overridesDir, n + '.yaml'))} configures #${n}, which is not in the channels to join.`);
  }
  return { global, channels, channelConfigs, defaultChannel: defaultChannel!, warnings };
}

interface Source {
  file: YamlFile;
  /** Where the channel section starts inside the file. */
  prefix: (string | number)[];
  value: unknown;
}

function validateChannel(value: unknown, problems: string[], sources: Source[]): ChannelConfig | undefined {
  const r = channelConfigSchema.safeParse(value);
  const found = [...findUnknownKeys(channelConfigSchema, value), ...(r.success ? [] : problemsFromZod(r.error))];
  for (const p of found) {
    // Blame the first file that sets the key (the override before the defaults).
    const src = sources.find((s) => hasPath(s.value, p.path)) ?? sources[sources.length - 1]!;
    report(problems, src.file, src.prefix, [p]);
  }
  return r.success ? r.data : undefined;
}

function hasPath(value: unknown, path: (string | number)[]): boolean {
  let v: unknown = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !(k in (v as object))) return false;
    v = (v as Record<string | number, unknown>)[k];
  }
  return true;
}

function report(problems: string[], file: YamlFile, prefix: (string | number)[], found: ConfigProblem[]): void {
  const seen = new Set<string>();
  for (const p of found) {
    const full = [...prefix, ...p.path];
    const key = full.join('.') || '(top level)';
    const line = `${file.path}${locate(file, full)}: ${key}: ${p.message}. Fix: ${p.fix}.`;
    if (seen.has(line)) continue;
    seen.add(line);
    problems.push(line);
  }
}

/** `:line:col` of the deepest existing node on `path`, or '' when none. */
function locate(file: YamlFile, path: (string | number)[]): string {
  for (let n = path.length; n >= 1; n--) {
    const sub = path.slice(0, n);
    const parent = n > 1 ? file.doc.getIn(sub.slice(0, -1), true) : file.doc.contents;
    // Point at the key itself when the parent is a map (the value may be missing or wrong).
    const items = (parent as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null)?.items;
    const pair = items?.find((it) => it.key && (it.key.value === sub[n - 1] || String(it.key.value) === String(sub[n - 1])));
    const range = pair?.key?.range ?? (file.doc.getIn(sub, true) as { range?: number[] } | undefined)?.range;
    if (range) {
      const pos = file.lines.linePos(range[0]!);
      return `:${pos.line}:${pos.col}`;
    }
  }
  return '';
}
