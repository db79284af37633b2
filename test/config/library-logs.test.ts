import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quietLibraryLoggers } from '../../src/config/env.js';
import { repoRoot } from '../helpers/paths.js';

/** Runs twurple's chat rate limiter past its limit in a fresh process; returns its stderr. */
function limiterStderr(quiet: boolean): string {
  const setup = pathToFileURL(join(repoRoot, 'dist', 'src', 'config', 'library-logs.js')).href;
  const code = `${quiet ? `await import(${JSON.stringify(setup)});` : ''}
const { TimeBasedRateLimiter } = await import('@d-fischer/rate-limiter');
const l = new TimeBasedRateLimiter({ bucketSize: 1, timeFrame: 20, doRequest: async (x) => x });
await Promise.all([l.request(1), l.request(2), l.request(3)]);`;
  const env = { ...process.env };
  delete env['LOGGING'];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, env, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr;
}

describe("twurple's own loggers (defect 8)", () => {
  it('its chat rate limiter prints coloured lines outside our logger unless quietened before twurple loads', () => {
    expect(limiterStderr(false)).toMatch(/Rate limit of 1 was reached/);
    const quiet = limiterStderr(true);
    expect(quiet).not.toMatch(/Rate limit/);
    // eslint-disable-next-line no-control-regex
    expect(quiet).not.toMatch(/\u001b\[/);
  });

  it("keeps the user's own LOGGING choice for the rate limiter and adds to other settings", () => {
    const mine: Record<string, string | undefined> = { LOGGING: 'rate-limiter=debug' };
    quietLibraryLoggers(mine);
    expect(mine['LOGGING']).toBe('rate-limiter=debug');
    const other: Record<string, string | undefined> = { LOGGING: 'twurple:chat=info' };
    quietLibraryLoggers(other);
    expect(other['LOGGING']).toBe('twurple:chat=info;rate-limiter=critical');
    const none: Record<string, string | undefined> = {};
    quietLibraryLoggers(none);
    expect(none['LOGGING']).toBe('rate-limiter=critical');
  });
});
