import type { ChatterRecord } from '../chat/chatter.js';
import type { Migration, Store } from './store.js';

/** Result of {@link ChatterRegistry.record}. */
export interface ChatterSeen {
  /** True when this is the first message of the user the registry saw in the channel. */
  firstTime: boolean;
  /** The record after this message. */
  record: ChatterRecord;
}

const DAY_MS = 86_400_000;

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'chatters seen per channel',
    up: `
      CREATE TABLE chatters (
        channel TEXT NOT NULL,
        user_id TEXT NOT NULL,
        login TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        days_seen INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        marked_new INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (channel, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX chatters_login ON chatters (channel, login);
      CREATE TABLE chatter_channels (
        channel TEXT PRIMARY KEY,
        since INTEGER NOT NULL
      ) WITHOUT ROWID;`,
  },
];

interface Row {
  channel: string;
  user_id: string;
  login: string;
  first_seen: number;
  last_seen: number;
  messages: number;
  days_seen: number;
  last_day: number;
  marked_new: number;
}

/**
 * Chatters seen per channel, in the store: who is a first-time chatter does not depend on the
 * transport (EventSub has no `first-msg` flag) and survives restarts. One row per (channel, user);
 * every message updates it (one indexed upsert). Read by the moderation rules (newcomers) and by
 * trusted-chatter features (messages, days seen).
 */
export class ChatterRegistry {
  constructor(private readonly store: Store) {
    store.migrate('chatters', MIGRATIONS);
  }

  /**
   * Records a message of `userId` at `atMs`. `firstTime` is true when the registry never saw a
   * message of this user in the channel (a user only marked new has no message yet).
   */
  record(channel: string, userId: string, login: string, atMs: number): ChatterSeen {
    const ch = normalizeChannel(channel);
    const lg = login.toLowerCase();
    const day = Math.floor(atMs / DAY_MS);
    const seen = this.store.db.transaction((): ChatterSeen => {
      const row = this.store.statement('SELECT * FROM chatters WHERE channel = ? AND user_id = ?').get(ch, userId) as Row | undefined;
      if (!row || row.messages === 0) {
        this.ensureChannel(ch, atMs);
        const marked = row?.marked_new ?? 0;
        this.store
          .statement(
            `INSERT INTO chatters (channel, user_id, login, first_seen, last_seen, messages, days_seen, last_day, marked_new)
             VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?)
             ON CONFLICT (channel, user_id) DO UPDATE SET login = excluded.login, first_seen = excluded.first_seen,
               last_seen = excluded.last_seen, messages = 1, days_seen = 1, last_day = excluded.last_day`,
          )
          .run(ch, userId, lg, atMs, atMs, day, marked);
        return {
          firstTime: true,
          record: { channel: ch, userId, login: lg, firstSeen: atMs, lastSeen: atMs, messages: 1, daysSeen: 1, markedNew: marked === 1 },
        };
      }
      // Replays and clock skew can go back in time: never move lastSeen or the day backwards.
      const newDay = day > row.last_day;
      const lastSeen = Math.max(row.last_seen, atMs);
      const daysSeen = row.days_seen + (newDay ? 1 : 0);
      this.store
        .statement('UPDATE chatters SET login = ?, last_seen = ?, messages = messages + 1, days_seen = ?, last_day = ? WHERE channel = ? AND user_id = ?')
        .run(lg, lastSeen, daysSeen, Math.max(day, row.last_day), ch, userId);
      return {
        firstTime: false,
        record: { channel: ch, userId, login: lg, firstSeen: row.first_seen, lastSeen, messages: row.messages + 1, daysSeen, markedNew: row.marked_new === 1 },
      };
    })();
    return seen;
  }

  /** The chatter's record, or undefined when the registry never heard of them in the channel. */
  get(channel: string, userId: string): ChatterRecord | undefined {
    const row = this.store.statement('SELECT * FROM chatters WHERE channel = ? AND user_id = ?').get(normalizeChannel(channel), userId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The chatter last seen under this login in the channel (logins can change hands: the latest wins). */
  findByLogin(channel: string, login: string): ChatterRecord | undefined {
    const row = this.store
      .statement('SELECT * FROM chatters WHERE channel = ? AND login = ? AND messages > 0 ORDER BY last_seen DESC LIMIT 1')
      .get(normalizeChannel(channel), login.replace(/^@/, '').toLowerCase()) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /**
   * Makes the user count as a first-time chatter (EventSub `channel.suspicious_user.message`:
   * low-trust or likely ban evader) until {@link unmarkNew}. Works before their first message.
   */
  markNew(channel: string, userId: string): void {
    this.setMarked(channel, userId, true);
  }

  /** Lifts {@link markNew} (a moderator set the user's low-trust status back to none). */
  unmarkNew(channel: string, userId: string): void {
    this.setMarked(channel, userId, false);
  }

  /**
   * Since when the registry has watched the channel (time of the first message it recorded there),
   * or undefined. A registry that started watching minutes ago sees every regular as new.
   */
  watchingSince(channel: string): number | undefined {
    const row = this.store.statement('SELECT since FROM chatter_channels WHERE channel = ?').get(normalizeChannel(channel)) as { since: number } | undefined;
    return row?.since;
  }

  /** Number of chatters recorded in the channel (with at least one message). */
  count(channel: string): number {
    const row = this.store.statement('SELECT COUNT(*) AS n FROM chatters WHERE channel = ? AND messages > 0').get(normalizeChannel(channel)) as { n: number };
    return row.n;
  }

  private setMarked(channel: string, userId: string, marked: boolean): void {
    const ch = normalizeChannel(channel);
    const flag = marked ? 1 : 0;
    // A user marked before chatting gets a placeholder row with no message (record() fills it).
    this.store
      .statement(
        `INSERT INTO chatters (channel, user_id, login, first_seen, last_seen, messages, days_seen, last_day, marked_new)
         VALUES (?, ?, '', 0, 0, 0, 0, 0, ?)
         ON CONFLICT (channel, user_id) DO UPDATE SET marked_new = excluded.marked_new`,
      )
      .run(ch, userId, flag);
  }

  private ensureChannel(channel: string, atMs: number): void {
    this.store
      .statement('INSERT INTO chatter_channels (channel, since) VALUES (?, ?) ON CONFLICT (channel) DO UPDATE SET since = MIN(since, excluded.since)')
      .run(channel, atMs);
  }
}

function normalizeChannel(channel: string): string {
  return channel.replace(/^#/, '').toLowerCase();
}

function toRecord(row: Row): ChatterRecord {
  return {
    channel: row.channel,
    userId: row.user_id,
    login: row.login,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    messages: row.messages,
    daysSeen: row.days_seen,
    markedNew: row.marked_new === 1,
  };
}
