import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/errors.js';

/** What the token file holds: twurple's `AccessToken` plus who it belongs to. */
export interface StoredToken {
  accessToken: string;
  refreshToken: string | null;
  /** Scopes granted. */
  scope: string[];
  /** Lifetime in seconds from `obtainmentTimestamp`, null when unknown. */
  expiresIn: number | null;
  /** ms since the epoch. */
  obtainmentTimestamp: number;
  /** Twitch user id of the bot account, when known. */
  userId?: string;
  /** Login of the bot account, when known. */
  login?: string;
}

const storedTokenSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  scope: z.array(z.string()).default([]),
  expiresIn: z.number().nullable().default(null),
  obtainmentTimestamp: z.number().default(0),
  userId: z.string().optional(),
  login: z.string().optional(),
});

const FIX = 'Fix: run `npm run auth` to obtain a new token.';

/** Reads the token file; a missing or corrupt file is a {@link ConfigError} saying to run `npm run auth`. */
export function readTokenFile(path: string): StoredToken {
  if (!existsSync(path)) throw new ConfigError(`Token file ${path} not found. ${FIX}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Token file ${path} is corrupt (${(err as Error).message.split('\n')[0]}). ${FIX}`);
  }
  const r = storedTokenSchema.safeParse(raw);
  if (!r.success) {
    const keys = [...new Set(r.error.issues.map((i) => i.path.join('.') || '(file)'))].join(', ');
    throw new ConfigError(`Token file ${path} is corrupt (bad or missing: ${keys}). ${FIX}`);
  }
  return r.data;
}

/**
 * Writes the token file atomically: a temp file in the same folder (mode 0600, fsynced), then
 * renamed over the old one, so a crash never leaves a half-written token.
 */
export function writeTokenFile(path: string, token: StoredToken): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(token, null, 2) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
