import type { Migration, Store } from '../store/store.js';
import type { FaqEntry } from './entry.js';

/** Migrations of the `faq` owner. Never renumber a released one. */
export const FAQ_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'faq entries, examples, seeding marks, example vector cache',
    up: `
      CREATE TABLE faq_entries (
        channel TEXT NOT NULL,
        id TEXT NOT NULL,
        answer TEXT NOT NULL,
        threshold REAL,
        cooldown_seconds REAL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (channel, id)
      );
      CREATE TABLE faq_examples (
        channel TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        text TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        PRIMARY KEY (channel, entry_id, text),
        FOREIGN KEY (channel, entry_id) REFERENCES faq_entries (channel, id) ON DELETE CASCADE
      );
      CREATE TABLE faq_seeded (
        channel TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        entries INTEGER NOT NULL,
        seeded_at INTEGER NOT NULL
      );
      CREATE TABLE faq_vectors (
        encoder_id TEXT NOT NULL,
        text TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (encoder_id, text)
      );
    `,
  },
  {
    version: 2,
    name: 'faq examples learned from moderators',
    up: `
      CREATE TABLE faq_learned (
        channel TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        text TEXT NOT NULL,
        viewer_id TEXT NOT NULL,
        viewer_login TEXT NOT NULL,
        taught_by_id TEXT NOT NULL,
        taught_by_login TEXT NOT NULL,
        learned_at INTEGER NOT NULL,
        PRIMARY KEY (channel, entry_id, text),
        FOREIGN KEY (channel, entry_id, text) REFERENCES faq_examples (channel, entry_id, text) ON DELETE CASCADE
      );
      CREATE INDEX faq_learned_by_time ON faq_learned (channel, learned_at);
    `,
  },
];

/** An example question a moderator taught by answering a viewer with `!faq <id> @viewer`. */
export interface LearnedExample {
  entryId: string;
  text: string;
  viewerId: string;
  viewerLogin: string;
  taughtById: string;
  taughtByLogin: string;
  learnedAt: number;
}

/** Who changed an entry: a Twitch user id, or `seed:<file>` for the seeding file. */
export type FaqAuthor = string;

interface EntryRow {
  id: string;
  answer: string;
  threshold: number | null;
  cooldown_seconds: number | null;
}

/**
 * FAQ entries of every channel in the bot's SQLite store. Every write is synchronous and durable
 * once it returns (better-sqlite3), so a moderator's edit survives a crash or restart.
 */
export class FaqStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    store.migrate('faq', FAQ_MIGRATIONS);
  }

  private get db() {
    return this.store.db;
  }

  /** Whether the channel's FAQ was already seeded (even with zero entries). */
  isSeeded(channel: string): boolean {
    return this.store.statement('SELECT 1 FROM faq_seeded WHERE channel = ?').get(channel) !== undefined;
  }

  /**
   * Copies `entries` into the channel's FAQ, once: returns false (and writes nothing) when the
   * channel was seeded before. Entries that already exist (added in chat first) are kept.
   */
  seed(channel: string, entries: readonly FaqEntry[], source: string): boolean {
    return this.db.transaction(() => {
      if (this.isSeeded(channel)) return false;
      const author = `seed:${source}`;
      for (const e of entries) {
        if (this.get(channel, e.id)) continue;
        this.insert(channel, e, author);
      }
      this.store.statement('INSERT INTO faq_seeded (channel, source, entries, seeded_at) VALUES (?, ?, ?, ?)').run(channel, source, entries.length, this.now());
      return true;
    })();
  }

  private insert(channel: string, e: FaqEntry, author: FaqAuthor): void {
    const t = this.now();
    this.store
      .statement(
        'INSERT INTO faq_entries (channel, id, answer, threshold, cooldown_seconds, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(channel, e.id, e.answer, e.threshold ?? null, e.cooldownSeconds ?? null, t, t, author);
    const ex = this.store.statement('INSERT OR IGNORE INTO faq_examples (channel, entry_id, text, added_at, added_by) VALUES (?, ?, ?, ?, ?)');
    for (const q of e.examples) ex.run(channel, e.id, q, t, author);
  }

  /** All entries of a channel, sorted by id, examples in the order they were added. */
  list(channel: string): FaqEntry[] {
    const rows = this.store
      .statement('SELECT id, answer, threshold, cooldown_seconds FROM faq_entries WHERE channel = ? ORDER BY id')
      .all(channel) as EntryRow[];
    const examples = this.store.statement('SELECT entry_id, text FROM faq_examples WHERE channel = ? ORDER BY added_at, rowid').all(channel) as {
      entry_id: string;
      text: string;
    }[];
    const byEntry = new Map<string, string[]>();
    for (const r of examples) {
      const list = byEntry.get(r.entry_id) ?? [];
      list.push(r.text);
      byEntry.set(r.entry_id, list);
    }
    return rows.map((r) => toEntry(r, byEntry.get(r.id) ?? []));
  }

  /** One entry, or undefined. */
  get(channel: string, id: string): FaqEntry | undefined {
    const row = this.store.statement('SELECT id, answer, threshold, cooldown_seconds FROM faq_entries WHERE channel = ? AND id = ?').get(channel, id) as
      EntryRow | undefined;
    if (!row) return undefined;
    const examples = (
      this.store.statement('SELECT text FROM faq_examples WHERE channel = ? AND entry_id = ? ORDER BY added_at, rowid').all(channel, id) as { text: string }[]
    ).map((r) => r.text);
    return toEntry(row, examples);
  }

  /** Who added each example of a channel's entries (a Twitch user id, `seed:<file>`, `dashboard:<login>`), by entry id then text. */
  exampleAuthors(channel: string): Map<string, Map<string, { by: string; at: number }>> {
    const rows = this.store.statement('SELECT entry_id, text, added_by, added_at FROM faq_examples WHERE channel = ?').all(channel) as {
      entry_id: string;
      text: string;
      added_by: string;
      added_at: number;
    }[];
    const out = new Map<string, Map<string, { by: string; at: number }>>();
    for (const r of rows) {
      let m = out.get(r.entry_id);
      if (!m) out.set(r.entry_id, (m = new Map()));
      m.set(r.text, { by: r.added_by, at: r.added_at });
    }
    return out;
  }

  /** Number of entries of a channel. */
  count(channel: string): number {
    return (this.store.statement('SELECT COUNT(*) AS n FROM faq_entries WHERE channel = ?').get(channel) as { n: number }).n;
  }

  /** Adds an entry; false when the id exists. */
  add(channel: string, entry: FaqEntry, author: FaqAuthor): boolean {
    return this.db.transaction(() => {
      if (this.get(channel, entry.id)) return false;
      this.insert(channel, entry, author);
      return true;
    })();
  }

  /** Replaces an entry's answer; false when the id does not exist. */
  setAnswer(channel: string, id: string, answer: string, author: FaqAuthor): boolean {
    const r = this.store
      .statement('UPDATE faq_entries SET answer = ?, updated_at = ?, updated_by = ? WHERE channel = ? AND id = ?')
      .run(answer, this.now(), author, channel, id);
    return r.changes > 0;
  }

  /** Adds an example question; `exists` when it is already there, `missing` without the entry. */
  addExample(channel: string, id: string, text: string, author: FaqAuthor): 'added' | 'exists' | 'missing' {
    return this.db.transaction(() => {
      if (!this.get(channel, id)) return 'missing' as const;
      const t = this.now();
      const r = this.store
        .statement('INSERT OR IGNORE INTO faq_examples (channel, entry_id, text, added_at, added_by) VALUES (?, ?, ?, ?, ?)')
        .run(channel, id, text, t, author);
      if (r.changes === 0) return 'exists' as const;
      this.store.statement('UPDATE faq_entries SET updated_at = ?, updated_by = ? WHERE channel = ? AND id = ?').run(t, author, channel, id);
      return 'added' as const;
    })();
  }

  /**
   * Adds an example learned from a moderator's answer (the example and who taught it, in one
   * transaction); `exists` when the entry already has that question.
   */
  addLearned(channel: string, l: Omit<LearnedExample, 'learnedAt'>): 'added' | 'exists' | 'missing' {
    return this.db.transaction(() => {
      const r = this.addExample(channel, l.entryId, l.text, l.taughtById);
      if (r !== 'added') return r;
      this.store
        .statement(
          'INSERT INTO faq_learned (channel, entry_id, text, viewer_id, viewer_login, taught_by_id, taught_by_login, learned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(channel, l.entryId, l.text, l.viewerId, l.viewerLogin, l.taughtById, l.taughtByLogin, this.now());
      return r;
    })();
  }

  /** Learned examples of a channel, newest first. */
  learned(channel: string, limit = 50): LearnedExample[] {
    const rows = this.store
      .statement(
        'SELECT entry_id, text, viewer_id, viewer_login, taught_by_id, taught_by_login, learned_at FROM faq_learned WHERE channel = ? ORDER BY learned_at DESC, rowid DESC LIMIT ?',
      )
      .all(channel, limit) as {
      entry_id: string;
      text: string;
      viewer_id: string;
      viewer_login: string;
      taught_by_id: string;
      taught_by_login: string;
      learned_at: number;
    }[];
    return rows.map((r) => ({
      entryId: r.entry_id,
      text: r.text,
      viewerId: r.viewer_id,
      viewerLogin: r.viewer_login,
      taughtById: r.taught_by_id,
      taughtByLogin: r.taught_by_login,
      learnedAt: r.learned_at,
    }));
  }

  /** Removes an example question; false when it was not there. */
  removeExample(channel: string, id: string, text: string): boolean {
    const r = this.store.statement('DELETE FROM faq_examples WHERE channel = ? AND entry_id = ? AND text = ?').run(channel, id, text);
    return r.changes > 0;
  }

  /** Deletes an entry and its examples; false when the id does not exist. */
  remove(channel: string, id: string): boolean {
    return this.store.statement('DELETE FROM faq_entries WHERE channel = ? AND id = ?').run(channel, id).changes > 0;
  }

  /** Cached vectors of texts for one encoder (texts without a cached vector are absent). */
  cachedVectors(encoderId: string, texts: readonly string[], dim: number): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    const q = this.store.statement('SELECT vector FROM faq_vectors WHERE encoder_id = ? AND text = ?');
    for (const t of texts) {
      const row = q.get(encoderId, t) as { vector: Buffer } | undefined;
      if (!row || row.vector.byteLength !== dim * 4) continue;
      const v = new Float32Array(dim);
      new Uint8Array(v.buffer).set(row.vector);
      out.set(t, v);
    }
    return out;
  }

  /** Caches vectors of texts for one encoder, and drops vectors of other encoders. */
  saveVectors(encoderId: string, vectors: ReadonlyMap<string, Float32Array>): void {
    this.db.transaction(() => {
      this.store.statement('DELETE FROM faq_vectors WHERE encoder_id <> ?').run(encoderId);
      const ins = this.store.statement('INSERT OR REPLACE INTO faq_vectors (encoder_id, text, vector) VALUES (?, ?, ?)');
      for (const [t, v] of vectors) ins.run(encoderId, t, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    })();
  }
}

function toEntry(r: EntryRow, examples: string[]): FaqEntry {
  const e: FaqEntry = { id: r.id, answer: r.answer, examples };
  if (r.threshold !== null) e.threshold = r.threshold;
  if (r.cooldown_seconds !== null) e.cooldownSeconds = r.cooldown_seconds;
  return e;
}
