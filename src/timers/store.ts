import type { Migration, Store } from '../store/store.js';

/** One timed message of a channel. */
export interface Timer {
  channel: string;
  /** Lowercase name. */
  name: string;
  text: string;
  /** Minutes between two posts. */
  intervalMinutes: number;
  /** Chat messages needed since the last post. */
  minMessages: number;
  enabled: boolean;
  createdBy: string;
  createdAt: number;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'timers',
    up: `CREATE TABLE timers (
      channel TEXT NOT NULL,
      name TEXT NOT NULL,
      text TEXT NOT NULL,
      interval_minutes INTEGER NOT NULL,
      min_messages INTEGER NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (channel, name)
    )`,
  },
];

interface Row {
  channel: string;
  name: string;
  text: string;
  interval_minutes: number;
  min_messages: number;
  enabled: number;
  created_by: string;
  created_at: number;
}

const fromRow = (r: Row): Timer => ({
  channel: r.channel,
  name: r.name,
  text: r.text,
  intervalMinutes: r.interval_minutes,
  minMessages: r.min_messages,
  enabled: r.enabled !== 0,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Timers in the SQLite store. */
export class TimerStore {
  constructor(private readonly store: Store) {
    store.migrate('timers', MIGRATIONS);
  }

  list(channel: string): Timer[] {
    return (this.store.statement('SELECT * FROM timers WHERE channel = ? ORDER BY name').all(channel) as Row[]).map(fromRow);
  }

  get(channel: string, name: string): Timer | undefined {
    const r = this.store.statement('SELECT * FROM timers WHERE channel = ? AND name = ?').get(channel, name) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** Inserts or replaces a timer. */
  save(t: Timer): void {
    this.store
      .statement(
        `INSERT INTO timers (channel, name, text, interval_minutes, min_messages, enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, name) DO UPDATE SET text = excluded.text, interval_minutes = excluded.interval_minutes,
           min_messages = excluded.min_messages, enabled = excluded.enabled`,
      )
      .run(t.channel, t.name, t.text, t.intervalMinutes, t.minMessages, t.enabled ? 1 : 0, t.createdBy, t.createdAt);
  }

  delete(channel: string, name: string): boolean {
    return this.store.statement('DELETE FROM timers WHERE channel = ? AND name = ?').run(channel, name).changes > 0;
  }
}
