import type { Migration, Store } from '../../store/store.js';
import type { TrustOverride } from './levels.js';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'trust overrides and penalties by other moderators',
    up: `
      CREATE TABLE trust_overrides (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, login TEXT NOT NULL, level TEXT NOT NULL,
        set_by TEXT NOT NULL, set_at INTEGER NOT NULL, PRIMARY KEY (channel, user_id));
      CREATE TABLE trust_penalties (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, at INTEGER NOT NULL, action TEXT NOT NULL);
      CREATE INDEX trust_penalties_user ON trust_penalties (channel, user_id, at);
    `,
  },
];

/** Moderators' `!trust`/`!untrust` and timeouts/bans by other moderators, in the store. */
export class TrustStore {
  constructor(private readonly store: Store) {
    store.migrate('trust', MIGRATIONS);
  }

  override(channel: string, userId: string): TrustOverride | undefined {
    const row = this.store.statement('SELECT level FROM trust_overrides WHERE channel = ? AND user_id = ?').get(channel, userId) as
      { level: string } | undefined;
    return row?.level === 'trusted' || row?.level === 'untrusted' ? row.level : undefined;
  }

  /** Sets (or, with undefined, clears) a moderator's override. */
  setOverride(channel: string, userId: string, login: string, level: TrustOverride | undefined, by: string, at: number): void {
    if (!level) {
      this.store.statement('DELETE FROM trust_overrides WHERE channel = ? AND user_id = ?').run(channel, userId);
      return;
    }
    this.store
      .statement(
        `INSERT INTO trust_overrides (channel, user_id, login, level, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, user_id) DO UPDATE SET login = excluded.login, level = excluded.level, set_by = excluded.set_by, set_at = excluded.set_at`,
      )
      .run(channel, userId, login, level, by, at);
  }

  /** A timeout or ban by another moderator (or Twitch AutoMod). */
  addPenalty(channel: string, userId: string, at: number, action: string): void {
    this.store.statement('INSERT INTO trust_penalties (channel, user_id, at, action) VALUES (?, ?, ?, ?)').run(channel, userId, at, action);
  }

  countPenalties(channel: string, userId: string, since: number): number {
    return (
      this.store.statement('SELECT COUNT(*) AS n FROM trust_penalties WHERE channel = ? AND user_id = ? AND at >= ?').get(channel, userId, since) as {
        n: number;
      }
    ).n;
  }
}
