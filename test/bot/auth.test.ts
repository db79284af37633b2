import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_SCOPES, DeviceFlowError, runDeviceCodeFlow } from '../../src/bot/twitch/device-flow.js';
import { readTokenFile, writeTokenFile, type StoredToken } from '../../src/bot/twitch/token-file.js';

const token: StoredToken = { accessToken: 'acc-1', refreshToken: 'ref-1', scope: ['chat:read'], expiresIn: 3600, obtainmentTimestamp: 1000, userId: '42', login: 'mybot' };

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

/** A fake id.twitch.tv: answers the device request, then the scripted token poll answers in order. */
async function fakeTwitch(polls: { status: number; body: unknown }[]) {
  const requests: { url: string; form: URLSearchParams }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push({ url: req.url ?? '', form });
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (req.url === '/oauth2/device') send(200, { device_code: 'dev-1', user_code: 'ABCD-EFGH', verification_uri: 'https://www.twitch.tv/activate?device-code=ABCD-EFGH', expires_in: 1800, interval: 5 });
      else if (req.url === '/oauth2/token') {
        const next = polls.shift() ?? { status: 500, body: { message: 'script exhausted' } };
        send(next.status, next.body);
      } else send(404, { message: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}/oauth2`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

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
      baseUrl: fake.baseUrl,
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
    expect(start.form.get('client_id')).toBe('cid');
    expect(start.form.get('scopes')!.split(' ')).toEqual(expect.arrayContaining(['chat:read', 'chat:edit', 'moderator:manage:chat_messages', 'moderator:manage:banned_users', 'moderator:manage:chat_settings', 'moderator:manage:warnings']));
    const poll = fake.requests[1]!;
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
    const opts = { clientId: 'cid', baseUrl: fake.baseUrl, onPrompt: () => undefined, sleep: async () => undefined };
    const e = await runDeviceCodeFlow(opts).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeviceFlowError);
    expect((e as Error).message).toMatch(/code expired.*npm run auth/);
    await expect(runDeviceCodeFlow(opts)).rejects.toThrow(/refused on Twitch/);
  });

  it('explains a refused client id', async () => {
    const fake = await fakeTwitch([]);
    close = fake.close;
    await expect(runDeviceCodeFlow({ clientId: 'cid', baseUrl: fake.baseUrl.replace('/oauth2', '/nope'), onPrompt: () => undefined, sleep: async () => undefined })).rejects.toThrow(
      /HTTP 404.*Fix: check TWITCH_CLIENT_ID/,
    );
  });
});

