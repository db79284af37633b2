import type { Migration, Store } from '../store/store.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'moderators actions (dashboard, chat)',
    up: `
      CREATE TABLE dashboard_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, time INTEGER NOT NULL,
        actor TEXT NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL,
        target_login TEXT, target_id TEXT, message_id TEXT, log_id INTEGER, detail TEXT NOT NULL);
      CREATE INDEX dashboard_audit_channel ON dashboard_audit (channel, id);
    `,
  },
];

/** Something a human moderator did: from the dashboard, or seen in chat. */
export interface AuditEntry {
  id: number;
  channel: string;
  time: number;
  /** Moderator login; `a moderator` when chat does not say who (IRC). */
  actor: string;
  /** `dashboard` or `chat`. */
  source: 'dashboard' | 'chat';
  /** `enforce`, `undo`, `teach-spam`, `teach-fine`, `settings`, `faq`, `blocklist`, `allowlist`, or a chat action (`timeout`, `ban`, `delete`...). */
  action: string;
  targetLogin: string | null;
  targetId: string | null;
  messageId: string | null;
  /** The moderation log row acted on. */
  logId: number | null;
  detail: string;
}

/** The moderators' own actions, next to the bot's moderation log ("who acted"). */
export class AuditLog {
  constructor(private readonly store: Store) {
    store.migrate('dashboard-audit', MIGRATIONS);
  }

  add(e: Omit<AuditEntry, 'id'>): number {
    const r = this.store
      .statement(
        'INSERT INTO dashboard_audit (channel, time, actor, source, action, target_login, target_id, message_id, log_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(e.channel, e.time, e.actor, e.source, e.action, e.targetLogin, e.targetId, e.messageId, e.logId, e.detail.slice(0, 1000));
    return Number(r.lastInsertRowid);
  }

  /** Newest first, optionally from `since` (ms) on. */
  list(channel: string, o: { since?: number; until?: number; login?: string; limit?: number } = {}): AuditEntry[] {
    const rows = this.store
      .statement(
        `SELECT * FROM dashboard_audit WHERE channel = ? AND time >= ? AND time <= ? AND (? IS NULL OR target_login = ? OR actor = ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(channel, o.since ?? 0, o.until ?? Number.MAX_SAFE_INTEGER, o.login ?? null, o.login ?? null, o.login ?? null, o.limit ?? 200) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      id: r['id'] as number,
      channel: r['channel'] as string,
      time: r['time'] as number,
      actor: r['actor'] as string,
      source: r['source'] as 'dashboard' | 'chat',
      action: r['action'] as string,
      targetLogin: (r['target_login'] as string | null) ?? null,
      targetId: (r['target_id'] as string | null) ?? null,
      messageId: (r['message_id'] as string | null) ?? null,
      logId: (r['log_id'] as number | null) ?? null,
      detail: r['detail'] as string,
    }));
  }
}
