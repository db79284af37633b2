import cliProgress from 'cli-progress';
import type { Clock } from '../chat/clock.js';

/** Reports progress of a long replay; {@link createProgress} returns a no-op when it should be silent. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Messages to replay; no bar below `minTotal`. */
  total: number;
  /** Default 2000. */
  minTotal?: number;
  /** Where the bar is drawn. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Whether output is interactive. Default: both stdout and stderr are TTYs. */
  interactive?: boolean;
  wall: Clock;
}

/**
 * A `cli-progress` bar with messages/s and ETA, drawn on stderr, only when stdout and stderr are
 * terminals and the replay is long; otherwise it does nothing (logs and pipes stay clean).
 */
export function createProgress(options: ProgressOptions): Progress {
  const interactive = options.interactive ?? (Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY));
  if (!interactive || options.total < (options.minTotal ?? 2000)) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream ?? process.stderr,
      format: ' replay {bar} {percentage}% | {value}/{total} messages | {rate} msgs/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = options.wall.now();
  bar.start(options.total, 0, { rate: '0' });
  return {
    update(done) {
      if (done % 50 !== 0 && done !== options.total) return;
      const s = (options.wall.now() - started) / 1000;
      bar.update(done, { rate: s > 0 ? Math.round(done / s).toLocaleString('en-US') : '…' });
    },
    stop() {
      bar.stop();
    },
  };
}
