import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_SCOPES } from '../../src/chat/scopes.js';
import { DeviceFlowError, runDeviceCodeFlow } from '../../src/twitch/device-flow.js';
import { setTwurpleMockApiPort } from '../../src/config/env.js';
import { repoRoot } from '../helpers/paths.js';
import { readTokenFile, writeTokenFile, type StoredToken } from '../../src/twitch/token-file.js';

const token: StoredToken = {
  accessToken: 'acc-1',
  refreshToken: 'ref-1',
  scope: ['chat:read'],
  expiresIn: 3600,
  obtainmentTimestamp: 1000,
  userId: '42',
  login: 'mybot',
};

describe('token file', () => {
  it('writes atomically with mode 0600 and reads back the same token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-token-'));
    const path = join(dir, 'sub', 'token.json');
    writeTokenFile(path, token);
    writeTokenFile(path, { ...token, accessToken: 'acc-2' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readTokenFile(path)).toEqual({ ...token, accessToken: 'acc-2' });
    // No temp file left behind.
    expect(readdirSync(join(dir, 'sub'))).toEqual(['token.json']);
  });

  it('a corrupt or missing file says to run npm run auth, without echoing the content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-token-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"accessToken": "secret-value", ');
    expect(() => readTokenFile(bad)).toThrow(/Token file .*bad\.json is corrupt.*Fix: run `npm run auth`/);
    try {
      readTokenFile(bad);
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-value');
    }
    writeFileSync(bad, JSON.stringify({ accessToken: 'secret-value' }));
    expect(() => readTokenFile(bad)).toThrow(/corrupt \(bad or missing: refreshToken\).*npm run auth/);
    expect(() => readTokenFile(join(dir, 'none.json'))).toThrow(/not found\. Fix: run `npm run auth`/);
  });
});

/**
 * A fake id.twitch.tv that twurple reaches through `TWURPLE_MOCK_API_PORT` (`/auth/device`,
 * `/auth/token`): answers the device request, then the scripted token polls in order.
 */
async function fakeTwitch(polls: { status: number; body: unknown }[], device: { status: number; body: unknown } = DEVICE) {
  const requests: { path: string; form: URLSearchParams }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // twurple sends the parameters in the query string; a form body is accepted too.
      const form = new URLSearchParams([...url.searchParams, ...new URLSearchParams(body)]);
      requests.push({ path: url.pathname, form });
      const send = (r: { status: number; body: unknown }) => {
        res.writeHead(r.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(r.body));
      };
      if (req.method === 'POST' && url.pathname === '/auth/device') send(device);
      else if (req.method === 'POST' && url.pathname === '/auth/token') send(polls.shift() ?? { status: 500, body: { message: 'script exhausted' } });
      else if (req.method === 'GET' && url.pathname === '/auth/validate')
        send({ status: 200, body: { client_id: 'cid', login: 'mybot', user_id: '42', scopes: [...BOT_SCOPES], expires_in: 14000 } });
      else send({ status: 404, body: { status: 404, message: 'not found' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  setTwurpleMockApiPort(port);
  return {
    port,
    requests,
    close: () => {
      setTwurpleMockApiPort(undefined);
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const DEVICE = {
  status: 200,
  body: {
    device_code: 'dev-1',
    user_code: 'ABCD-EFGH',
    verification_uri: 'https://www.twitch.tv/activate?device-code=ABCD-EFGH',
    expires_in: 1800,
    interval: 5,
    scopes: [...BOT_SCOPES],
  },
};

describe('device code flow', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('shows the code, polls through authorization_pending and slow_down, returns the token', async () => {
    const fake = await fakeTwitch([
      { status: 400, body: { status: 400, message: 'authorization_pending' } },
      { status: 400, body: { status: 400, message: 'slow_down' } },
      { status: 400, body: { status: 400, message: 'authorization_pending' } },
      { status: 200, body: { access_token: 'at', refresh_token: 'rt', expires_in: 14000, scope: [...BOT_SCOPES], token_type: 'bearer' } },
    ]);
    close = fake.close;
    const waits: number[] = [];
    const prompts: string[] = [];
    let t = 0;
    const result = await runDeviceCodeFlow({
      clientId: 'cid',
      onPrompt: (p) => prompts.push(`${p.userCode} ${p.verificationUri}`),
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
      now: () => t,
    });
    expect(prompts).toEqual(['ABCD-EFGH https://www.twitch.tv/activate?device-code=ABCD-EFGH']);
    expect(result).toMatchObject({ accessToken: 'at', refreshToken: 'rt', expiresIn: 14000, scope: [...BOT_SCOPES] });
    // interval 5 s, +5 s after slow_down.
    expect(waits).toEqual([5000, 5000, 10000, 10000]);
    const start = fake.requests[0]!;
    expect(start.path).toBe('/auth/device');
    expect(start.form.get('client_id')).toBe('cid');
    expect(start.form.get('scopes')!.split(' ')).toEqual(
      expect.arrayContaining([
        'chat:read',
        'chat:edit',
        'moderator:manage:chat_messages',
        'moderator:manage:banned_users',
        'moderator:manage:chat_settings',
        'moderator:manage:warnings',
      ]),
    );
    const poll = fake.requests[1]!;
    expect(poll.path).toBe('/auth/token');
    expect(poll.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(poll.form.get('device_code')).toBe('dev-1');
  });

  it('stops with a clear error when the code expires or is refused', async () => {
    const fake = await fakeTwitch([
      { status: 400, body: { status: 400, message: 'authorization_pending' } },
      { status: 400, body: { status: 400, message: 'expired_token' } },
      { status: 400, body: { status: 400, message: 'access_denied' } },
    ]);
    close = fake.close;
    const opts = { clientId: 'cid', onPrompt: () => undefined, sleep: async () => undefined };
    const e = await runDeviceCodeFlow(opts).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeviceFlowError);
    expect((e as Error).message).toMatch(/code expired.*npm run auth/);
    await expect(runDeviceCodeFlow(opts)).rejects.toThrow(/refused on Twitch/);
  });

  it('explains a refused client id', async () => {
    const fake = await fakeTwitch([], { status: 400, body: { status: 400, message: 'invalid client' } });
    close = fake.close;
    await expect(runDeviceCodeFlow({ clientId: 'cid', onPrompt: () => undefined, sleep: async () => undefined })).rejects.toThrow(
      /^Twitch refused to start the device flow \(HTTP 400: invalid client\)\. Fix: check TWITCH_CLIENT_ID/,
    );
  });

  it('fails clearly instead of hanging when Twitch accepts the connection but never answers, or is unreachable', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    setTwurpleMockApiPort(port);
    close = () => {
      setTwurpleMockApiPort(undefined);
      silent.closeAllConnections();
      return new Promise<void>((r) => silent.close(() => r()));
    };
    const prompts: string[] = [];
    const opts = { clientId: 'cid', requestTimeoutMs: 100, onPrompt: (p: { userCode: string }) => prompts.push(p.userCode), sleep: async () => undefined };
    const e = await runDeviceCodeFlow(opts).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeviceFlowError);
    expect((e as Error).message).toBe(
      'Cannot reach Twitch (no answer within 0.1 s). Fix: check the network connection (and any proxy or firewall), then run `npm run auth` again.',
    );
    await close();
    close = undefined;
    // Nothing listens there any more: refused at once.
    setTwurpleMockApiPort(port);
    close = async () => setTwurpleMockApiPort(undefined);
    await expect(runDeviceCodeFlow(opts)).rejects.toThrow(/^Cannot reach Twitch \(fetch failed\)\. Fix: check the network/);
    expect(prompts).toEqual([]);
  });
});

/** Runs the `npm run auth` script (dist/scripts/auth.js) with `env` and `args`. */
function runAuthScript(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'scripts', 'auth.js'), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', ENV_FILE: join(tmpdir(), 'no-such-env-file'), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run auth', () => {
  it('--help explains the command without a client id or network', async () => {
    const r = await runAuthScript({}, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: npm run auth\n/);
    expect(r.out).toContain('TWITCH_CLIENT_ID');
    expect(r.out).toContain('moderator:manage:banned_users');
  });

  it('without TWITCH_CLIENT_ID says where to get one (exit code 2)', async () => {
    const r = await runAuthScript({});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TWITCH_CLIENT_ID is not set\. Fix: register an application at https:\/\/dev\.twitch\.tv\/console\/apps/);
  });

  it('prints the URL and code, then saves the authorised token with the bot account (mode 0600)', async () => {
    const fake = await fakeTwitch(
      [{ status: 200, body: { access_token: 'at-script', refresh_token: 'rt-script', expires_in: 14000, scope: [...BOT_SCOPES], token_type: 'bearer' } }],
      {
        status: 200,
        body: { ...DEVICE.body, interval: 1 },
      },
    );
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'bot-auth-script-')), 'token.json');
      const r = await runAuthScript({ TWITCH_CLIENT_ID: 'cid', TWITCH_TOKEN_FILE: file, TWURPLE_MOCK_API_PORT: String(fake.port) });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('open: https://www.twitch.tv/activate?device-code=ABCD-EFGH');
      expect(r.out).toContain('code shown is: ABCD-EFGH');
      expect(r.out).toContain(`Saved the token of mybot to ${file} (mode 0600)`);
      expect(r.out).not.toMatch(/at-script|rt-script/);
      expect(readTokenFile(file)).toMatchObject({ accessToken: 'at-script', refreshToken: 'rt-script', userId: '42', login: 'mybot' });
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await fake.close();
    }
  });
});
