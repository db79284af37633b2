import type { Migration, Store } from '../store/store.js';

/** One quote of a channel. */
export interface Quote {
  channel: string;
  /** Number shown in chat; never reused after a deletion. */
  number: number;
  text: string;
  addedBy: string;
  /** Category when it was added, if Helix said. */
  game: string | null;
  createdAt: number;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'quotes',
    up: `CREATE TABLE quotes (
      channel TEXT NOT NULL,
      number INTEGER NOT NULL,
      text TEXT NOT NULL,
      added_by TEXT NOT NULL,
      game TEXT,
      created_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (channel, number)
    )`,
  },
];

interface Row {
  channel: string;
  number: number;
  text: string;
  added_by: string;
  game: string | null;
  created_at: number;
}

const fromRow = (r: Row): Quote => ({ channel: r.channel, number: r.number, text: r.text, addedBy: r.added_by, game: r.game, createdAt: r.created_at });

/** Quotes in the SQLite store. A deleted quote keeps its row (marked), so numbers are never reused. */
export class QuoteStore {
  constructor(private readonly store: Store) {
    store.migrate('quotes', MIGRATIONS);
  }

  list(channel: string): Quote[] {
    return (this.store.statement('SELECT * FROM quotes WHERE channel = ? AND deleted = 0 ORDER BY number').all(channel) as Row[]).map(fromRow);
  }

  get(channel: string, number: number): Quote | undefined {
    const r = this.store.statement('SELECT * FROM quotes WHERE channel = ? AND number = ? AND deleted = 0').get(channel, number) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  count(channel: string): number {
    return (this.store.statement('SELECT COUNT(*) AS n FROM quotes WHERE channel = ? AND deleted = 0').get(channel) as { n: number }).n;
  }

  /** Adds a quote with the next number; returns it. */
  add(q: Omit<Quote, 'number'>): Quote {
    const tx = this.store.db.transaction((): Quote => {
      const max = (this.store.statement('SELECT MAX(number) AS n FROM quotes WHERE channel = ?').get(q.channel) as { n: number | null }).n ?? 0;
      const quote = { ...q, number: max + 1 };
      this.store
        .statement('INSERT INTO quotes (channel, number, text, added_by, game, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(quote.channel, quote.number, quote.text, quote.addedBy, quote.game, quote.createdAt);
      return quote;
    });
    return tx();
  }

  /** Marks a quote deleted; false when there was none. */
  delete(channel: string, number: number): boolean {
    return this.store.statement('UPDATE quotes SET deleted = 1 WHERE channel = ? AND number = ? AND deleted = 0').run(channel, number).changes > 0;
  }
}
