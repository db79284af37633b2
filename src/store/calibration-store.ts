import type { CalibrationPersistence } from '../nlp/calibration/calibrator.js';
import type { NullTable } from '../nlp/calibration/null-distribution.js';
import type { Migration, Store } from './store.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'calibration tables per encoder and channel',
    up: `CREATE TABLE calibration_mean (encoder_id TEXT PRIMARY KEY, mean BLOB NOT NULL);
         CREATE TABLE calibration_null (encoder_id TEXT NOT NULL, channel TEXT NOT NULL, table_json TEXT NOT NULL, measured_at INTEGER NOT NULL,
           PRIMARY KEY (encoder_id, channel));`,
  },
];

/** Calibrations in the bot's SQLite store: the mean vector per encoder id, null tables per encoder id and channel. */
export class CalibrationStore implements CalibrationPersistence {
  constructor(private readonly store: Store) {
    store.migrate('calibration', MIGRATIONS);
  }

  loadMean(encoderId: string): Float32Array | undefined {
    const row = this.store.statement('SELECT mean FROM calibration_mean WHERE encoder_id = ?').get(encoderId) as { mean: Buffer } | undefined;
    if (!row) return undefined;
    const b = row.mean;
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }

  saveMean(encoderId: string, mean: Float32Array): void {
    this.store
      .statement('INSERT INTO calibration_mean (encoder_id, mean) VALUES (?, ?) ON CONFLICT(encoder_id) DO UPDATE SET mean = excluded.mean')
      .run(encoderId, Buffer.from(mean.buffer, mean.byteOffset, mean.byteLength));
  }

  loadTable(encoderId: string, channel: string): NullTable | undefined {
    const row = this.store.statement('SELECT table_json FROM calibration_null WHERE encoder_id = ? AND channel = ?').get(encoderId, channel) as
      { table_json: string } | undefined;
    if (!row) return undefined;
    try {
      const t = JSON.parse(row.table_json) as NullTable;
      return Array.isArray(t.rates) && Array.isArray(t.sims) && t.rates.length === t.sims.length && t.rates.length > 0 ? t : undefined;
    } catch {
      return undefined;
    }
  }

  saveTable(encoderId: string, channel: string, table: NullTable, at: number): void {
    this.store
      .statement(
        'INSERT INTO calibration_null (encoder_id, channel, table_json, measured_at) VALUES (?, ?, ?, ?) ON CONFLICT(encoder_id, channel) DO UPDATE SET table_json = excluded.table_json, measured_at = excluded.measured_at',
      )
      .run(encoderId, channel, JSON.stringify(table), at);
  }
}
