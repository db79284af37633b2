import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A message of a chat used for calibration. */
export interface ChatSample {
  text: string;
  /** ms since the epoch. */
  time: number;
}

const ASSET = join('src', 'nlp', 'calibration', 'reference-chat.tsv');

/**
 * The bundled reference chat (an excerpt of ordinary French Twitch chat, every 4th message of
 * "Backseat" 2021-11-04, see src/nlp/calibration/README.md): the null distribution a channel uses
 * before it has chat of its own. The file ships in the source tree; the compiled module finds it by
 * walking up to the package root.
 */
export function referenceChatPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, ASSET))) return join(dir, ASSET);
    const up = dirname(dir);
    if (up === dir) throw new Error(`calibration: reference chat ${ASSET} not found above ${fileURLToPath(import.meta.url)}; it must ship with the app`);
    dir = up;
  }
}

/** Parses a `time<TAB>...<TAB>message` chat file (header line optional; the last column is the text). */
export function parseChatTsv(raw: string): ChatSample[] {
  const out: ChatSample[] = [];
  for (const line of raw.split('\n')) {
    const cols = line.replace(/\r$/, '').split('\t');
    if (cols.length < 2) continue;
    const time = Date.parse(cols[0]!.replace(' ', 'T') + 'Z');
    if (!Number.isFinite(time)) continue;
    const text = cols[cols.length - 1]!.trim();
    if (text) out.push({ text, time });
  }
  return out;
}

let cached: ChatSample[] | undefined;

/** The bundled reference chat, read once. */
export function referenceChat(): ChatSample[] {
  cached ??= parseChatTsv(readFileSync(referenceChatPath(), 'utf8'));
  return cached;
}
