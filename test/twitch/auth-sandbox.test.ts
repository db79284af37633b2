// The bot's token against the sandbox's auth endpoints (real twurple RefreshingAuthProvider):
// a refused or unavailable refresh says what to do, and the token never reaches the logs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentLogger } from '../../src/chat/logger.js';
import { SystemClock } from '../../src/chat/clock.js';
import { AuthMonitor } from '../../src/twitch/auth-monitor.js';
import { createAuth } from '../../src/twitch/auth.js';
import { applyApiTarget } from '../../src/twitch/connection.js';
import { writeTokenFile } from '../../src/twitch/token-file.js';
import { ConfigError } from '../../src/config/errors.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

describe('the bot token against the sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, backgroundChat: false });
    applyApiTarget({ kind: 'local', chatPort: sandbox.port, helixPort: sandbox.helixPort });
    dir = mkdtempSync(join(tmpdir(), 'bot-auth-sandbox-'));
  });
  afterAll(async () => {
    applyApiTarget({ kind: 'twitch' });
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failed refresh is logged with its status and Twitch message, never with the refresh token', async () => {
    const file = join(dir, 'token.json');
    writeTokenFile(file, { accessToken: 'ACCESS-SECRET-1', refreshToken: 'REFRESH-SECRET-1', scope: [], expiresIn: null, obtainmentTimestamp: Date.now() });
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) });
    const auth = await createAuth({ clientId: sandbox.clientId, tokenFile: file, log });
    const revoked: string[] = [];
    const monitor = new AuthMonitor({
      provider: auth.provider,
      userId: auth.userId,
      currentToken: auth.currentToken,
      clock: new SystemClock(),
      log,
      onRevoked: (m) => revoked.push(m),
    });
    sandbox.revokeToken('ACCESS-SECRET-1');
    sandbox.failNext('auth/token', 400, 1, { message: 'Invalid refresh token' });
    const api = new ApiClient({ authProvider: auth.provider });
    const failure = await api
      .asUser(auth.userId, (c) => c.users.getUserByName('sandbox'))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String(failure)).toContain('REFRESH-SECRET-1'); // twurple's own error does hold it...
    log.error('call failed', { error: failure });
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; error?: unknown });
    const advice =
      "Twitch refused the bot's refresh token (HTTP 400: Invalid refresh token): the token was revoked or is no longer valid. Fix: run `npm run auth`, then start the bot again.";
    expect(entries).toContainEqual(expect.objectContaining({ msg: advice }));
    expect(revoked).toEqual([advice]);
    expect(monitor.state).toBe('revoked');
    expect(monitor.health().status).toBe('down');
    expect(lines.join('\n')).not.toMatch(/REFRESH-SECRET|ACCESS-SECRET/); // ...our logs never do.
    monitor.close();
  });

  it('an outage of the token endpoint is retried until it heals, and is not blamed on the token', async () => {
    const file = join(dir, 'heal-token.json');
    writeTokenFile(file, { accessToken: 'ACCESS-SECRET-3', refreshToken: 'REFRESH-SECRET-3', scope: [], expiresIn: null, obtainmentTimestamp: Date.now() });
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) });
    const auth = await createAuth({ clientId: sandbox.clientId, tokenFile: file, log });
    const healed: number[] = [];
    let onHealed: () => void = () => undefined;
    const healedOnce = new Promise<void>((r) => (onHealed = r));
    const monitor = new AuthMonitor({
      provider: auth.provider,
      userId: auth.userId,
      currentToken: auth.currentToken,
      clock: new SystemClock(),
      log,
      firstRetryMs: 10,
      maxRetryMs: 40,
      onRevoked: () => {
        throw new Error('an outage is not a revocation');
      },
      onHealed: () => {
        healed.push(Date.now());
        onHealed();
      },
    });
    sandbox.revokeToken('ACCESS-SECRET-3');
    const stop = sandbox.failUntilCleared('auth/token', 500);
    const api = new ApiClient({ authProvider: auth.provider });
    await api
      .asUser(auth.userId, (c) => c.users.getUserByName('sandbox'))
      .then(
        () => undefined,
        () => undefined,
      );
    expect(monitor.state).toBe('refresh-failing');
    expect(monitor.health()).toMatchObject({ status: 'degraded' });
    // twurple alone would refuse the user for good from now on; the monitor keeps retrying
    let failed = 0;
    await sandbox.waitForHelixCall((c) => c.path === 'auth/token' && c.status === 500 && ++failed >= 3);
    stop();
    await healedOnce;
    expect(monitor.state).toBe('ok');
    const user = await api.asUser(auth.userId, (c) => c.users.getUserByName('sandbox'));
    expect(user?.name).toBe('sandbox');
    const msgs = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs.some((m) => /token endpoint is unreachable or failing \(not a problem with the token\)/.test(m))).toBe(true);
    expect(msgs.some((m) => /token refresh works again/.test(m))).toBe(true);
    expect(msgs.some((m) => /npm run auth/.test(m))).toBe(false);
    monitor.close();
  });

  it('at start, a refused refresh says to run npm run auth; a Twitch outage says to try again later', async () => {
    const file = join(dir, 'start-token.json');
    const startWith = async (accessToken: string, refreshStatus: number) => {
      writeTokenFile(file, { accessToken, refreshToken: 'REFRESH-SECRET-2', scope: [], expiresIn: null, obtainmentTimestamp: Date.now() });
      sandbox.revokeToken(accessToken);
      sandbox.failNext('auth/token', refreshStatus, 1, { message: 'Invalid refresh token' });
      return createAuth({ clientId: sandbox.clientId, tokenFile: file, log: silentLogger }).then(
        () => undefined,
        (e: unknown) => e,
      );
    };
    const refused = await startWith('EXPIRED-1', 400);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toBe(
      'The bot token was refused by Twitch (HTTP 400: Invalid refresh token). Fix: run `npm run auth` to obtain a new token.',
    );
    const outage = await startWith('EXPIRED-2', 503);
    expect((outage as Error).message).toMatch(/^Twitch could not check the bot token right now \(HTTP 503: .*\)\. Fix: start again in a few minutes/);
    expect(sandbox.helixCalls.slice(-2).map((c) => `${c.path} ${c.status}`)).toEqual(['auth/validate 401', 'auth/token 503']);
  });
});
