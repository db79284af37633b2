import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { Store, storeOpenError } from '../../src/store/store.js';

function openError(path: string, origin?: string): Error {
  try {
    Store.open({ path, ...(origin ? { origin } : {}) }).close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected Store.open to fail');
}

describe('store open errors (defect 6)', () => {
  it('a file that is not a database: a ConfigError naming the origin, no advice to delete, file untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'my precious notes, not a database '.repeat(200));
    const err = openError(file, 'BOT_STORE_PATH in .env');
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('BOT_STORE_PATH in .env');
    expect(err.message).toContain(file);
    expect(err.message).not.toMatch(/delete/i);
    expect(err.message).toMatch(/backup/);
    expect(readFileSync(file, 'utf8')).toContain('my precious notes');
  });

  it('a folder instead of a file: says to point the setting to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const err = openError(dir);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('store.path in config/default.yaml');
    expect(err.message).not.toMatch(/delete/i);
  });

  it('a read-only store: asks for write access and keeps the data (never "delete")', () => {
    const err = storeOpenError(
      '/srv/bot.sqlite',
      'BOT_STORE_PATH in .env',
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
    );
    expect(err.message).toMatch(/write access/);
    expect(err.message).toMatch(/data in it is kept/);
    expect(err.message).not.toMatch(/delete/i);
    const eacces = storeOpenError(
      '/srv/bot.sqlite',
      'store.path in config/default.yaml',
      Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
    );
    expect(eacces.message).toMatch(/write access/);
  });

  it('a locked store names the other instance', () => {
    const err = storeOpenError('/srv/bot.sqlite', 'store.path in config/default.yaml', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(err.message).toMatch(/another process/);
  });
});
