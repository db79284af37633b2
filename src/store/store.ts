import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/errors.js';

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
  /**
   * Where the path was configured, named in error messages (e.g. `BOT_STORE_PATH in .env`).
   * Default `store.path in config/default.yaml`.
   */
  origin?: string;
}

/**
 * The bot's SQLite store (better-sqlite3, WAL mode). Each module owns its tables and brings
 * versioned migrations under its own name; writes are synchronous and survive a crash of the
 * process once they return, so nothing a moderator typed is lost on a crash or restart.
 */
export class Store {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** The prepared statement for `sql`, compiled once per store and reused (hot paths call this). */
  statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Opens (creating if needed) the database file; fails with a message naming the file. */
  static open(options: StoreOptions): Store {
    const path = options.path;
    let db: Database.Database | undefined = undefined;
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
      db?.close();
      throw storeOpenError(path, options.origin ?? 'store.path in config/default.yaml', err);
    }
    return new Store(db!, path);
  }

  /** Applies the owner's migrations that are not applied yet, each in its own transaction. */
  migrate(owner: string, migrations: readonly Migration[]): void {
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations WHERE owner = ?').all(owner) as { version: number }[]).map((r) => r.version),
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
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE owner = ?').get(owner) as { v: number | null } | undefined;
    return row?.v ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * A {@link ConfigError} saying why the store file cannot be opened and the fix for that cause only:
 * a read-only file or folder is never answered with "delete the file" (that would lose the data).
 */
export function storeOpenError(path: string, origin: string, err: unknown): ConfigError {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const why = String(e?.message ?? err);
  const where = `Cannot open the SQLite store at "${path}" (${origin}): ${why}.`;
  let fix: string;
  if (
    code === 'SQLITE_READONLY' ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    /readonly|read-only|permission denied/i.test(why)
  ) {
    fix = `Fix: give the bot's user write access to the file and its folder (the data in it is kept), or point ${origin} to a writable location.`;
  } else if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(why)) {
    fix = `Fix: check that ${origin} names the bot's store and not another file. If it is the bot's store and damaged, stop the bot, move the file (and its -wal/-shm files) aside as a backup and start again: a new, empty store is created.`;
  } else if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || /unable to open|directory/i.test(why)) {
    fix = `Fix: point ${origin} to a file in an existing, writable folder (not a folder itself).`;
  } else if (code === 'SQLITE_BUSY' || /locked|busy/i.test(why)) {
    fix = 'Fix: another process holds the store; stop the other bot instance using it, then start again.';
  } else {
    fix = `Fix: check the file named by ${origin}; nothing was changed in it.`;
  }
  return new ConfigError(`${where} ${fix}`, { cause: err });
}
