import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseIrc } from './parse-irc.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseTsv } from './parse-tsv.js';
import { REPLAY_FORMATS, type LineParser, type ParseResult, type ReplayFormat } from './record.js';

/** A chat file that cannot be replayed; the message says why and how to fix it. */
export class ReplayInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayInputError';
  }
}

const PARSERS: Record<ReplayFormat, LineParser> = { tsv: parseTsv, jsonl: parseJsonl, irc: parseIrc };

const IRC_LINE =
  /^(\[[^\]]+\]\s+|\d{4}-\d{2}-\d{2}[T ]\S+\s+)?(@\S+\s+)?(:\S+\s+)?(PRIVMSG|PING|JOIN|PART|CLEARCHAT|CLEARMSG|USERNOTICE|ROOMSTATE|USERSTATE|NOTICE|GLOBALUSERSTATE|CAP|\d{3})\b/;

/**
 * Guesses the format from the first non-blank line (JSON object, IRC line, tab-separated header),
 * then from the file extension. Undefined when neither tells.
 */
export function detectFormat(text: string, path = ''): ReplayFormat | undefined {
  const first = text
    .replace(/^\ufeff/, '')
    .split('\n', 50)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (first !== undefined) {
    if (first.startsWith('{')) return 'jsonl';
    if (IRC_LINE.test(first) || first.startsWith('@')) return 'irc';
    if (first.includes('\t')) return 'tsv';
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.irc') return 'irc';
  return undefined;
}

/** Parses chat text of a known or detected format (no file access). */
export function parseChatText(text: string, format?: ReplayFormat, path = ''): ParseResult {
  const fmt = format ?? detectFormat(text, path);
  if (!fmt) {
    throw new ReplayInputError(
      `Cannot tell the format of ${path ? `"${path}"` : 'the chat'}: expected TSV with a "time<TAB>message" header, ` +
        `JSON Lines ({"time", "user", "message"}) or raw Twitch IRC lines. Fix: pass --format ${REPLAY_FORMATS.join('|')}.`,
    );
  }
  const lines = text.split('\n');
  // A final newline does not make an extra (blank) line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  return PARSERS[fmt](lines);
}

/**
 * Reads and parses a recorded chat file. Throws {@link ReplayInputError} with a clear message for
 * a missing, unreadable or empty file, an unknown format, or a file with no readable message;
 * single bad lines are only counted in `errors`.
 */
export function readChatFile(path: string, format?: ReplayFormat): ParseResult {
  let text: string;
  try {
    if (statSync(path).isDirectory()) {
      throw new ReplayInputError(`"${path}" is a folder, not a chat file. Fix: pass the path of a .tsv, .jsonl or IRC log file.`);
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ReplayInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ReplayInputError(`Chat file "${path}" not found. Fix: check the path (relative paths start from ${process.cwd()}).`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ReplayInputError(`Chat file "${path}" cannot be read (permission denied). Fix: make it readable (chmod +r).`);
    }
    throw new ReplayInputError(`Cannot read chat file "${path}": ${(err as Error).message}.`);
  }
  if (text.replace(/^\ufeff/, '').trim() === '') {
    throw new ReplayInputError(`Chat file "${path}" is empty: nothing to replay. Fix: record some chat first, or pass another file.`);
  }
  const result = parseChatText(text, format, path);
  if (result.records.length === 0) {
    const first = result.errors
      .slice(0, 3)
      .map((e) => `line ${e.line}: ${e.reason}`)
      .join('; ');
    throw new ReplayInputError(
      `No chat message could be read from "${path}" as ${result.format.toUpperCase()}` +
        (result.errors.length ? ` (${result.errors.length} unreadable line(s); ${first})` : '') +
        `. Fix: check the file, or force the format with --format ${REPLAY_FORMATS.join('|')}.`,
    );
  }
  return result;
}
