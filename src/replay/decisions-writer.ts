import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReplayLine } from './decision-lines.js';

/** Buffered, synchronous JSON Lines writer for the decisions file (order = write order). */
export class DecisionsWriter {
  private fd: number | undefined;
  private buffer: string[] = [];
  private size = 0;

  /** Opens (truncating) `path`; parent folders are created. Fails with a message naming the file. */
  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'w');
    } catch (err) {
      throw new Error(`Cannot write the decisions file "${path}": ${(err as Error).message}. Fix: pass a writable path to --decisions.`, {
        cause: err,
      });
    }
  }

  write(line: ReplayLine): void {
    const s = JSON.stringify(line) + '\n';
    this.buffer.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.fd === undefined || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  /** Flushes and closes. Idempotent. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads a decisions file's text back into lines (blank lines skipped). */
export function parseDecisions(text: string): ReplayLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ReplayLine);
}
