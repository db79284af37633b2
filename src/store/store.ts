import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** A step of a module's schema. Applied once, in order, inside a transaction. */
export interface Migration {
  /** Version within its owner: 1, 2, 3... Never renumber a released migration. */
  version: number;
  /** Short description for logs. */
  name: string;
  up: string | ((db: Database.Database) => void);
}

/** Options of {@link Store.open}. */
export interface StoreOptions {
  /** SQLite file path, or `:memory:`. Parent folders are created. */
  path: string;
}

/**
 * The bot's SQLite store (better-sqlite3, WAL mode). Each module owns its tables and brings
 * versioned migrations under its own name; writes are synchronous and survive a crash of the
 * process once they return, so nothing a moderator typed is lost on a crash or restart.
 */
export class Store {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(readonly db: Database.Database, readonly path: string) {}

  /** The prepared statement for `sql`, compiled once per store and reused (hot paths call this). */
  statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Opens (creating if needed) the database file; fails with a message naming the file. */
  static open(options: StoreOptions): Store {
    const path = options.path;
    let db: Database.Database;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      // NORMAL with WAL: a write that returned survives a crash of the process; only a power loss can
      // drop the last commits. FULL would fsync every moderation-log row on the chat loop during a raid.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (owner, version))',
      );
    } catch (err) {
      throw new Error(
        `Cannot open the SQLite store at "${path}": ${(err as Error).message}. ` +
          'Fix: set store.path in config/default.yaml to a writable file, or delete the file if it is corrupt (it will be recreated).',
        { cause: err },
      );
    }
    return new Store(db, path);
  }

  /** Applies the owner's migrations that are not applied yet, each in its own transaction. */
  migrate(owner: string, migrations: readonly Migration[]): void {
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations WHERE owner = ?').all(owner) as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    const record = this.db.prepare('INSERT INTO schema_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        if (typeof m.up === 'string') this.db.exec(m.up);
        else m.up(this.db);
        record.run(owner, m.version, m.name, Date.now());
      })();
    }
  }

  /** Highest applied version of an owner's migrations (0 when none). */
  version(owner: string): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE owner = ?').get(owner) as
      | { v: number | null }
      | undefined;
    return row?.v ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
