// The bot's token against the sandbox's auth endpoints (real twurple RefreshingAuthProvider):
// a refused or unavailable refresh says what to do, and the token never reaches the logs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiClient } from '@twurple/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentLogger } from '../../src/chat/logger.js';
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
    sandbox.revokeToken('ACCESS-SECRET-1');
    sandbox.failNext('auth/token', 400, 1, { message: 'Invalid refresh token' });
    const api = new ApiClient({ authProvider: auth.provider });
    const failure = await api.asUser(auth.userId, (c) => c.users.getUserByName('sandbox')).then(() => undefined, (e: unknown) => e);
    expect(String(failure)).toContain('REFRESH-SECRET-1'); // twurple's own error does hold it...
    log.error('call failed', { error: failure });
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; error?: unknown });
    expect(entries).toContainEqual(expect.objectContaining({ msg: 'token refresh failed. Fix: run `npm run auth`', error: 'HTTP 400: Invalid refresh token' }));
    expect(lines.join('\n')).not.toMatch(/REFRESH-SECRET|ACCESS-SECRET/); // ...our logs never do.
  });

  it('at start, a refused refresh says to run npm run auth; a Twitch outage says to try again later', async () => {
    const file = join(dir, 'start-token.json');
    const startWith = async (accessToken: string, refreshStatus: number) => {
      writeTokenFile(file, { accessToken, refreshToken: 'REFRESH-SECRET-2', scope: [], expiresIn: null, obtainmentTimestamp: Date.now() });
      sandbox.revokeToken(accessToken);
      sandbox.failNext('auth/token', refreshStatus, 1, { message: 'Invalid refresh token' });
      return createAuth({ clientId: sandbox.clientId, tokenFile: file, log: silentLogger }).then(() => undefined, (e: unknown) => e);
    };
    const refused = await startWith('EXPIRED-1', 400);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toBe('The bot token was refused by Twitch (HTTP 400: Invalid refresh token). Fix: run `npm run auth` to obtain a new token.');
    const outage = await startWith('EXPIRED-2', 503);
    expect((outage as Error).message).toMatch(/^Twitch could not check the bot token right now \(HTTP 503: .*\)\. Fix: start again in a few minutes/);
    expect(sandbox.helixCalls.slice(-2).map((c) => `${c.path} ${c.status}`)).toEqual(['auth/validate 401', 'auth/token 503']);
  });
});
