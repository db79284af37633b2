/** `ok`: working; `degraded`: working around a fault by itself; `down`: needs the operator. */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** One part of the bot's health (auth, chat, moderation queue...). */
export interface HealthCheck {
  status: HealthStatus;
  /** One line a streamer can act on. */
  detail: string;
  /** ISO time the check entered this status, when known. */
  since?: string;
}

/** The whole health, as `/healthz` and the dashboard show it. */
export interface HealthReport {
  /** The worst status of the checks. */
  status: HealthStatus;
  checks: Record<string, HealthCheck>;
  /** ISO time of the report. */
  time: string;
}

/** Anything that can say how it is doing; several sources are merged into one report. */
export type HealthSource = () => Record<string, HealthCheck>;

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/**
 * The small interface between the parts that know their health (auth monitor, transport, effect
 * queues) and whatever shows it (`/healthz`, the dashboard). A failing source reports itself down
 * instead of breaking the report.
 */
export class HealthRegistry {
  private readonly sources = new Map<string, HealthSource>();

  /** Adds (or replaces) a named source; returns its removal function. */
  add(name: string, source: HealthSource): () => void {
    this.sources.set(name, source);
    return () => this.sources.delete(name);
  }

  report(now: number = Date.now()): HealthReport {
    const checks: Record<string, HealthCheck> = {};
    for (const [name, source] of this.sources) {
      try {
        Object.assign(checks, source());
      } catch (err) {
        checks[name] = { status: 'down', detail: `health source failed: ${(err as Error)?.message ?? String(err)}` };
      }
    }
    let status: HealthStatus = 'ok';
    for (const c of Object.values(checks)) if (RANK[c.status] > RANK[status]) status = c.status;
    return { status, checks, time: new Date(now).toISOString() };
  }
}
