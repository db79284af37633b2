import type { Statement } from 'better-sqlite3';
import type { Migration, Store } from '../store/store.js';
import type { ModerationAction } from '../chat/decisions.js';

/** Channel mode: `dry` decides and logs only, `enforce` acts. */
export type ModerationMode = 'dry' | 'enforce';

/** One message quoted as evidence in the moderation log. */
export interface EvidenceItem {
  id: string;
  text: string;
}

/** A row of the moderation log. */
export interface ModerationLogEntry {
  id: number;
  channel: string;
  time: number;
  messageId: string;
  userId: string;
  userLogin: string;
  text: string;
  filter: string;
  score: number;
  action: ModerationAction;
  duration: number | null;
  reason: string;
  enforced: boolean;
  /** null when not enforced. */
  helixOk: boolean | null;
  helixError: string | null;
  evidence: EvidenceItem[];
}

/** Strike state of one user in one channel. */
export interface StrikeRow {
  userId: string;
  userLogin: string;
  strikes: number;
  lastStrikeAt: number;
}

/** One example of the semantic blocklist. */
export interface BlocklistExample {
  id: number;
  text: string;
  addedBy: string;
  source: 'seed' | 'mod';
}

/** A user hit by a nuke, enough to undo it. */
export interface NukeTarget {
  userId: string;
  userLogin: string;
  messageId: string;
  action: 'delete' | 'timeout' | 'ban';
  enforced: boolean;
  /**
   * The nuke's own timeout/ban reached Twitch (enforced and accepted). Absent in nukes saved
   * before this field existed: `enforced` stands in for it.
   */
  applied?: boolean;
  /** The bot timeout/ban the user was already under when the nuke hit (absent: none, or not known). */
  prior?: BotPunishment;
}

/** A bot timeout or ban still running, from the moderation log. */
export interface BotPunishment {
  action: 'timeout' | 'ban';
  /** End of a timeout (ms of the bot's clock); null for a ban. */
  until: number | null;
  filter: string;
}

/** The last nuke of a channel. */
export interface NukeRecord {
  id: number;
  channel: string;
  time: number;
  by: string;
  text: string;
  targets: NukeTarget[];
  undone: boolean;
}

/** Chat settings to put back when a shield ends. */
export interface PendingRestore {
  channel: string;
  restoreAt: number;
  settings: Record<string, unknown>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'moderation tables',
    up: `
      CREATE TABLE moderation_mode (
        channel TEXT PRIMARY KEY, mode TEXT NOT NULL, set_by TEXT NOT NULL, set_at INTEGER NOT NULL);
      CREATE TABLE moderation_strikes (
        channel TEXT NOT NULL, user_id TEXT NOT NULL, user_login TEXT NOT NULL,
        strikes INTEGER NOT NULL, last_strike_at INTEGER NOT NULL, PRIMARY KEY (channel, user_id));
      CREATE INDEX moderation_strikes_login ON moderation_strikes (channel, user_login);
      CREATE TABLE moderation_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, time INTEGER NOT NULL,
        message_id TEXT NOT NULL, user_id TEXT NOT NULL, user_login TEXT NOT NULL, text TEXT NOT NULL,
        filter TEXT NOT NULL, score REAL NOT NULL, action TEXT NOT NULL, duration INTEGER,
        reason TEXT NOT NULL, enforced INTEGER NOT NULL, helix_ok INTEGER, helix_error TEXT,
        evidence TEXT NOT NULL);
      CREATE INDEX moderation_log_user ON moderation_log (channel, user_login, id);
      CREATE TABLE moderation_blocklist (
        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, text TEXT NOT NULL,
        added_by TEXT NOT NULL, added_at INTEGER NOT NULL, source TEXT NOT NULL);
      CREATE INDEX moderation_blocklist_channel ON moderation_blocklist (channel);
      CREATE TABLE moderation_seeded (channel TEXT PRIMARY KEY, seeded_at INTEGER NOT NULL);
      CREATE TABLE moderation_nukes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, time INTEGER NOT NULL,
        by_login TEXT NOT NULL, text TEXT NOT NULL, targets TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE moderation_shield (
        channel TEXT PRIMARY KEY, restore_at INTEGER NOT NULL, settings TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'moderation log: lifted timeouts/bans',
    up: `
      ALTER TABLE moderation_log ADD COLUMN lifted_at INTEGER;
      CREATE INDEX moderation_log_user_id ON moderation_log (channel, user_id, id);
    `,
  },
];

/** Caps what one log row keeps of a message text (Twitch messages are at most 500 characters). */
const MAX_TEXT = 500;

/** The moderation module's tables: modes, strikes, log, blocklist, nukes, pending shield restores. */
export class ModerationStore {
  constructor(readonly store: Store) {
    store.migrate('moderation', MIGRATIONS);
  }

  /** A prepared statement, compiled once per SQL text. */
  private sql(text: string): Statement {
    return this.store.statement(text);
  }

  private get db() {
    return this.store.db;
  }

  getMode(channel: string): { mode: ModerationMode; setBy: string; setAt: number } | undefined {
    const row = this.sql('SELECT mode, set_by, set_at FROM moderation_mode WHERE channel = ?').get(channel) as
      { mode: ModerationMode; set_by: string; set_at: number } | undefined;
    return row ? { mode: row.mode, setBy: row.set_by, setAt: row.set_at } : undefined;
  }

  setMode(channel: string, mode: ModerationMode, setBy: string, at: number): void {
    this.sql(
      'INSERT INTO moderation_mode (channel, mode, set_by, set_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT(channel) DO UPDATE SET mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at',
    ).run(channel, mode, setBy, at);
  }

  getStrikes(channel: string, userId: string): StrikeRow | undefined {
    const row = this.sql('SELECT user_id, user_login, strikes, last_strike_at FROM moderation_strikes WHERE channel = ? AND user_id = ?').get(
      channel,
      userId,
    ) as { user_id: string; user_login: string; strikes: number; last_strike_at: number } | undefined;
    return row ? { userId: row.user_id, userLogin: row.user_login, strikes: row.strikes, lastStrikeAt: row.last_strike_at } : undefined;
  }

  /** Strike row of the user with this login (most recent if the login changed hands). */
  getStrikesByLogin(channel: string, login: string): StrikeRow | undefined {
    const row = this.sql(
      'SELECT user_id, user_login, strikes, last_strike_at FROM moderation_strikes WHERE channel = ? AND user_login = ? ORDER BY last_strike_at DESC LIMIT 1',
    ).get(channel, login) as { user_id: string; user_login: string; strikes: number; last_strike_at: number } | undefined;
    return row ? { userId: row.user_id, userLogin: row.user_login, strikes: row.strikes, lastStrikeAt: row.last_strike_at } : undefined;
  }

  setStrikes(channel: string, row: StrikeRow): void {
    this.sql(
      'INSERT INTO moderation_strikes (channel, user_id, user_login, strikes, last_strike_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT(channel, user_id) DO UPDATE SET user_login = excluded.user_login, strikes = excluded.strikes, last_strike_at = excluded.last_strike_at',
    ).run(channel, row.userId, row.userLogin, row.strikes, row.lastStrikeAt);
  }

  /** Appends a decision to the log; returns its row id. */
  log(entry: Omit<ModerationLogEntry, 'id'>): number {
    const r = this.sql(
      `INSERT INTO moderation_log (channel, time, message_id, user_id, user_login, text, filter, score, action,
          duration, reason, enforced, helix_ok, helix_error, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.channel,
      entry.time,
      entry.messageId,
      entry.userId,
      entry.userLogin,
      entry.text.slice(0, MAX_TEXT),
      entry.filter,
      entry.score,
      entry.action,
      entry.duration,
      entry.reason,
      entry.enforced ? 1 : 0,
      entry.helixOk === null ? null : entry.helixOk ? 1 : 0,
      entry.helixError,
      JSON.stringify(entry.evidence.map((e) => ({ id: e.id, text: e.text.slice(0, MAX_TEXT) }))),
    );
    return Number(r.lastInsertRowid);
  }

  /** Records the Helix outcome of a logged decision once the calls returned. */
  setHelixResult(logId: number, ok: boolean, error: string | null): void {
    this.sql('UPDATE moderation_log SET helix_ok = ?, helix_error = ? WHERE id = ?').run(ok ? 1 : 0, error, logId);
  }

  /** Latest log entries of a channel, newest first; optionally of one user login. */
  recentLog(channel: string, opts: { login?: string; limit?: number } = {}): ModerationLogEntry[] {
    const limit = opts.limit ?? 20;
    const rows = (
      opts.login
        ? this.sql('SELECT * FROM moderation_log WHERE channel = ? AND user_login = ? ORDER BY id DESC LIMIT ?').all(channel, opts.login, limit)
        : this.sql('SELECT * FROM moderation_log WHERE channel = ? ORDER BY id DESC LIMIT ?').all(channel, limit)
    ) as Record<string, unknown>[];
    return rows.map(logRow);
  }

  /**
   * Enforced warnings, timeouts and bans of a user since `since` (not lifted): the moderation
   * history that trust levels read.
   */
  countPenalties(channel: string, userId: string, since: number): number {
    const row = this.sql(
      "SELECT COUNT(*) AS n FROM moderation_log WHERE channel = ? AND user_id = ? AND time >= ? AND enforced = 1 AND action IN ('warn', 'timeout', 'ban') AND lifted_at IS NULL",
    ).get(channel, userId, since) as { n: number };
    return row.n;
  }

  /** Whether the built-in examples were already put in this channel's list. */
  isSeeded(channel: string): boolean {
    return this.sql('SELECT 1 FROM moderation_seeded WHERE channel = ?').get(channel) !== undefined;
  }

  /** Puts the seed examples once; deleting one later (`!spam del`) sticks. */
  seedBlocklist(channel: string, texts: readonly string[], at: number): void {
    this.db.transaction(() => {
      if (this.isSeeded(channel)) return;
      const ins = this.sql("INSERT INTO moderation_blocklist (channel, text, added_by, added_at, source) VALUES (?, ?, 'seed', ?, 'seed')");
      for (const t of texts) ins.run(channel, t, at);
      this.sql('INSERT INTO moderation_seeded (channel, seeded_at) VALUES (?, ?)').run(channel, at);
    })();
  }

  listBlocklist(channel: string): BlocklistExample[] {
    return (
      this.sql('SELECT id, text, added_by, source FROM moderation_blocklist WHERE channel = ? ORDER BY id').all(channel) as {
        id: number;
        text: string;
        added_by: string;
        source: 'seed' | 'mod';
      }[]
    ).map((r) => ({ id: r.id, text: r.text, addedBy: r.added_by, source: r.source }));
  }

  addBlocklist(channel: string, text: string, addedBy: string, at: number): number {
    const r = this.sql("INSERT INTO moderation_blocklist (channel, text, added_by, added_at, source) VALUES (?, ?, ?, ?, 'mod')").run(
      channel,
      text,
      addedBy,
      at,
    );
    return Number(r.lastInsertRowid);
  }

  /** Deletes an example by id; false when there is none with that id in the channel. */
  deleteBlocklist(channel: string, id: number): boolean {
    return this.sql('DELETE FROM moderation_blocklist WHERE channel = ? AND id = ?').run(channel, id).changes > 0;
  }

  saveNuke(channel: string, time: number, by: string, text: string, targets: NukeTarget[]): number {
    const r = this.sql('INSERT INTO moderation_nukes (channel, time, by_login, text, targets) VALUES (?, ?, ?, ?, ?)').run(
      channel,
      time,
      by,
      text,
      JSON.stringify(targets),
    );
    return Number(r.lastInsertRowid);
  }

  lastNuke(channel: string): NukeRecord | undefined {
    const r = this.sql('SELECT * FROM moderation_nukes WHERE channel = ? ORDER BY id DESC LIMIT 1').get(channel) as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      id: r['id'] as number,
      channel: r['channel'] as string,
      time: r['time'] as number,
      by: r['by_login'] as string,
      text: r['text'] as string,
      targets: JSON.parse(r['targets'] as string) as NukeTarget[],
      undone: r['undone'] === 1,
    };
  }

  markNukeUndone(id: number): void {
    this.sql('UPDATE moderation_nukes SET undone = 1 WHERE id = ?').run(id);
  }

  getPendingRestore(channel: string): PendingRestore | undefined {
    const r = this.sql('SELECT restore_at, settings FROM moderation_shield WHERE channel = ?').get(channel) as
      { restore_at: number; settings: string } | undefined;
    return r ? { channel, restoreAt: r.restore_at, settings: JSON.parse(r.settings) as Record<string, unknown> } : undefined;
  }

  setPendingRestore(p: PendingRestore): void {
    this.sql(
      'INSERT INTO moderation_shield (channel, restore_at, settings) VALUES (?, ?, ?) ' +
        'ON CONFLICT(channel) DO UPDATE SET restore_at = excluded.restore_at, settings = excluded.settings',
    ).run(p.channel, p.restoreAt, JSON.stringify(p.settings));
  }

  clearPendingRestore(channel: string): void {
    this.sql('DELETE FROM moderation_shield WHERE channel = ?').run(channel);
  }

  /**
   * The longest bot timeout/ban of a user still running at `now`: enforced, accepted by Twitch and
   * not lifted since ({@link markLifted}). `since` (ms) keeps only decisions about later messages.
   * A timeout counts from its message's time, so its end may be a few seconds early.
   */
  activePunishment(channel: string, userId: string, now: number, since?: number): BotPunishment | undefined {
    const rows = this.sql(
      `SELECT action, duration, time, filter FROM moderation_log WHERE channel = ? AND user_id = ? AND time > ?
          AND enforced = 1 AND helix_ok = 1 AND lifted_at IS NULL
          AND (action = 'ban' OR (action = 'timeout' AND time + COALESCE(duration, 0) * 1000 > ?)) ORDER BY id DESC`,
    ).all(channel, userId, since ?? Number.MIN_SAFE_INTEGER, now) as { action: 'timeout' | 'ban'; duration: number | null; time: number; filter: string }[];
    let best: BotPunishment | undefined;
    for (const r of rows) {
      const until = r.action === 'ban' ? null : r.time + (r.duration ?? 0) * 1000;
      if (!best || until === null || (best.until !== null && until > best.until)) best = { action: r.action, until, filter: r.filter };
      if (until === null) break;
    }
    return best;
  }

  /** Marks a user's running bot timeouts/bans as lifted (the bot unbanned the user at `at`). */
  markLifted(channel: string, userId: string, at: number): void {
    this.sql(
      "UPDATE moderation_log SET lifted_at = ? WHERE channel = ? AND user_id = ? AND lifted_at IS NULL AND action IN ('timeout', 'ban') AND enforced = 1",
    ).run(at, channel, userId);
  }

  /** One log row by id. */
  logEntry(id: number): ModerationLogEntry | undefined {
    const r = this.sql('SELECT * FROM moderation_log WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r ? logRow(r) : undefined;
  }

  /** The latest log row about a message (of one filter, when given). */
  logOfMessage(channel: string, messageId: string, filter?: string): ModerationLogEntry | undefined {
    const r = (
      filter
        ? this.sql('SELECT * FROM moderation_log WHERE channel = ? AND message_id = ? AND filter = ? ORDER BY id DESC LIMIT 1').get(channel, messageId, filter)
        : this.sql('SELECT * FROM moderation_log WHERE channel = ? AND message_id = ? ORDER BY id DESC LIMIT 1').get(channel, messageId)
    ) as Record<string, unknown> | undefined;
    return r ? logRow(r) : undefined;
  }

  /** Log rows of a channel matching every given filter, newest first. */
  queryLog(channel: string, q: LogQuery = {}): (ModerationLogEntry & { liftedAt: number | null })[] {
    const where = ['channel = ?'];
    const args: unknown[] = [channel];
    if (q.login) {
      where.push('user_login = ?');
      args.push(q.login.toLowerCase());
    }
    if (q.filter) {
      where.push('filter = ?');
      args.push(q.filter);
    }
    if (q.action) {
      where.push('action = ?');
      args.push(q.action);
    }
    if (q.enforced !== undefined) {
      where.push('enforced = ?');
      args.push(q.enforced ? 1 : 0);
    }
    if (q.since !== undefined) {
      where.push('time >= ?');
      args.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('time <= ?');
      args.push(q.until);
    }
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      args.push(q.beforeId);
    }
    args.push(Math.min(5000, Math.max(1, q.limit ?? 200)));
    // Built from fixed fragments only; values are bound
    const rows = this.db.prepare(`SELECT * FROM moderation_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({ ...logRow(r), liftedAt: (r['lifted_at'] as number | null) ?? null }));
  }
}

/** Filters of {@link ModerationStore.queryLog}. */
export interface LogQuery {
  login?: string;
  filter?: string;
  action?: string;
  enforced?: boolean;
  /** Message time bounds (ms). */
  since?: number;
  until?: number;
  /** Rows older than this id (paging). */
  beforeId?: number;
  /** Default 200, at most 5000. */
  limit?: number;
}

function logRow(r: Record<string, unknown>): ModerationLogEntry {
  return {
    id: r['id'] as number,
    channel: r['channel'] as string,
    time: r['time'] as number,
    messageId: r['message_id'] as string,
    userId: r['user_id'] as string,
    userLogin: r['user_login'] as string,
    text: r['text'] as string,
    filter: r['filter'] as string,
    score: r['score'] as number,
    action: r['action'] as ModerationAction,
    duration: (r['duration'] as number | null) ?? null,
    reason: r['reason'] as string,
    enforced: r['enforced'] === 1,
    helixOk: r['helix_ok'] === null ? null : r['helix_ok'] === 1,
    helixError: (r['helix_error'] as string | null) ?? null,
    evidence: JSON.parse(r['evidence'] as string) as EvidenceItem[],
  };
}
