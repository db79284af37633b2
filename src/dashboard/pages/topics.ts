import type { CancelTimer, Clock } from '../../chat/clock.js';
import type { TopicsModule } from '../../topics/module.js';
import type { DashboardPage } from '../routes.js';

/** One point of the river: the topics at one moment. */
export interface RiverPoint {
  time: number;
  topics: { id: number; label: string; size: number; weight: number; type: string }[];
}

/** Points kept per channel: one hour at one point per `everyMs`. */
const HOUR_MS = 3_600_000;

/**
 * The topics river: a snapshot of each channel's clusters every `everyMs` (default 30 s), kept
 * for the last hour, so the page shows how topics rise and fade.
 */
export class TopicsRiver {
  private readonly points = new Map<string, RiverPoint[]>();
  private cancel: CancelTimer | undefined;
  private stopped = false;

  constructor(
    private readonly topics: TopicsModule,
    private readonly channels: readonly string[],
    private readonly clock: Clock,
    private readonly everyMs = 30_000,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.sample();
      this.cancel = this.clock.setTimer(this.everyMs, tick);
    };
    this.cancel = this.clock.setTimer(this.everyMs, tick);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** Takes one snapshot of every channel now. */
  sample(): void {
    const now = this.clock.now();
    for (const c of this.channels) {
      const snap = this.topics.snapshot(c, { now });
      if (!snap) continue;
      const list = this.points.get(c) ?? [];
      list.push({
        time: now,
        topics: snap.clusters.map((t) => ({
          id: t.id,
          label: t.keywords.slice(0, 3).join(' · ') || (t.representative?.text ?? ''),
          size: t.size,
          weight: Math.round(t.weight * 100) / 100,
          type: t.type,
        })),
      });
      while (list.length > 0 && list[0]!.time < now - HOUR_MS) list.shift();
      this.points.set(c, list);
    }
  }

  river(channel: string): readonly RiverPoint[] {
    return this.points.get(channel) ?? [];
  }
}

/** Topics page: the river of the last hour and what `!topic` answers now. */
export function topicsPage(topics: TopicsModule, river: TopicsRiver, clock: Clock): DashboardPage {
  return {
    id: 'topics',
    title: 'Topics',
    routes: [
      {
        method: 'GET',
        path: '',
        handle(r) {
          const snap = topics.snapshot(r.channel, { now: clock.now() });
          const now: RiverPoint | undefined = snap
            ? {
                time: snap.time,
                topics: snap.clusters.map((t) => ({
                  id: t.id,
                  label: t.keywords.slice(0, 3).join(' · '),
                  size: t.size,
                  weight: Math.round(t.weight * 100) / 100,
                  type: t.type,
                })),
              }
            : undefined;
          return { body: { answer: snap?.text ?? null, river: now ? [...river.river(r.channel), now] : river.river(r.channel) } };
        },
      },
    ],
  };
}
