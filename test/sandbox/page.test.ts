import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import WebSocket from 'ws';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ channels: ['pagechan'] });
});

afterAll(async () => {
  await sandbox?.close();
});

/** A page-protocol client that records JSON events. */
async function pageClient(origin = sandbox.url.replace(/\/$/, '')) {
  const ws = new WebSocket(sandbox.url.replace('http', 'ws') + 'sandbox/ws', { headers: { Origin: origin } });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as Record<string, unknown>;
    events.push(e);
    for (const w of waiters.splice(0)) w.pred(e) ? w.resolve(e) : waiters.push(w);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (pred: (e: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = events.find(pred);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('no page event; got ' + JSON.stringify(events))), 5_000);
      waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  return { ws, events, next };
}

describe('web page server', () => {
  test('serves the page with a strict CSP and nothing outside its folder', async () => {
    const res = await fetch(sandbox.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<script type="module" src="app.js">');
    expect((await fetch(sandbox.url + 'app.js')).status).toBe(200);
    expect((await fetch(sandbox.url + '..%2Fpackage.json')).status).toBe(404);
    expect((await fetch(sandbox.url + 'assets/backseat-excerpt.tsv')).status).toBe(404);
  });

  test('page protocol: history on connect, chat as any role, refusals reported to the sender only', async () => {
    const earlier = sandbox.sendAs({ login: 'early', text: 'déjà là' });
    const a = await pageClient();
    const b = await pageClient();
    try {
      const hello = await a.next((e) => e['type'] === 'hello');
      expect(hello).toMatchObject({ defaultChannel: 'pagechan', bot: { login: sandbox.bot.login } });
      const history = (hello['channels'] as Array<{ login: string; history: Array<{ id: string }> }>)[0]!;
      expect(history.history.map((m) => m.id)).toEqual([earlier]);

      a.ws.send(JSON.stringify({ type: 'send', name: 'Élodie', role: 'moderator', text: 'bonsoir massietGG' }));
      const sent = await a.next((e) => e['type'] === 'sent');
      const shown = await b.next((e) => e['type'] === 'message' && (e['message'] as { id: string }).id === sent['id']);
      expect(shown['message']).toMatchObject({
        login: 'elodie',
        displayName: 'Élodie',
        badges: ['moderator'],
        emotes: [{ name: 'massietGG', start: 8, end: 16 }],
        source: 'page',
      });
      expect(sandbox.messages().at(-1)?.roles.has('moderator')).toBe(true);

      a.ws.send(JSON.stringify({ type: 'send', name: 'Élodie', role: 'broadcaster', text: 'je suis la streameuse' }));
      const streamer = await b.next((e) => e['type'] === 'message' && (e['message'] as { text: string }).text === 'je suis la streameuse');
      expect(streamer['message']).toMatchObject({ login: 'pagechan', badges: ['broadcaster'] });

      a.ws.send(JSON.stringify({ type: 'send', name: '😀😀', role: 'viewer', text: 'x' }));
      expect(await a.next((e) => e['type'] === 'rejected')).toMatchObject({ reason: 'bad_name' });
      a.ws.send('not json');
      expect(await a.next((e) => e['type'] === 'error')).toMatchObject({ text: 'Malformed request.' });
      expect(b.events.some((e) => e['type'] === 'rejected' || e['type'] === 'error')).toBe(false);
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  test('the page simulates a raid: every page sees it, a bad raider is refused to the sender', async () => {
    const a = await pageClient();
    const b = await pageClient();
    try {
      await a.next((e) => e['type'] === 'hello');
      a.ws.send(JSON.stringify({ type: 'raid', channel: 'pagechan', from: 'Ponce', viewers: '350' }));
      expect(await b.next((e) => e['type'] === 'raid')).toMatchObject({ channel: 'pagechan', login: 'ponce', viewers: 350 });
      a.ws.send(JSON.stringify({ type: 'raid', channel: 'pagechan', from: 'pagechan', viewers: 3 }));
      expect(await a.next((e) => e['type'] === 'rejected')).toMatchObject({ reason: 'bad_raid', text: expect.stringMatching(/cannot raid itself/) });
      expect(b.events.some((e) => e['type'] === 'rejected')).toBe(false);
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  test('the live switch: every page sees the stream go offline and live again, Helix GET streams follows', async () => {
    const a = await pageClient();
    const b = await pageClient();
    try {
      const hello = await a.next((e) => e['type'] === 'hello');
      expect((hello['channels'] as Array<{ stream: { live: boolean } }>)[0]!.stream.live).toBe(true);
      a.ws.send(JSON.stringify({ type: 'stream', channel: 'pagechan', live: false }));
      expect(await b.next((e) => e['type'] === 'stream')).toMatchObject({ channel: 'pagechan', stream: { live: false }, by: 'page' });
      expect(sandbox.stream('pagechan').live).toBe(false);
      const token = 'sandbox-access-token';
      const streams = async () =>
        (await (
          await fetch(`${sandbox.url}mock/streams?user_login=pagechan`, { headers: { Authorization: `Bearer ${token}`, 'Client-Id': sandbox.clientId } })
        ).json()) as { data: unknown[] };
      expect((await streams()).data).toEqual([]);
      a.ws.send(JSON.stringify({ type: 'stream', channel: 'pagechan', live: true }));
      await b.next((e) => e['type'] === 'stream' && (e['stream'] as { live: boolean }).live);
      expect((await streams()).data).toEqual([expect.objectContaining({ user_login: 'pagechan', type: 'live', game_name: 'Just Chatting' })]);
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  test('another website cannot open the page socket', async () => {
    const ws = new WebSocket(sandbox.url.replace('http', 'ws') + 'sandbox/ws', { headers: { Origin: 'http://evil.example' } });
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toMatch(/403/);
  });

  test('defect 10: the bot name is refused without demoting the bot, every rejection carries its nonce, a big frame gets an answer', async () => {
    const a = await pageClient();
    try {
      await a.next((e) => e['type'] === 'hello');
      const before = sandbox.messages().length;
      a.ws.send(JSON.stringify({ type: 'send', name: sandbox.bot.login, role: 'viewer', text: 'je suis le bot', nonce: 41 }));
      expect(await a.next((e) => e['type'] === 'rejected' && e['nonce'] === 41)).toMatchObject({ reason: 'reserved_name' });
      expect(() => sandbox.sendAs({ login: sandbox.bot.login, text: 'x' })).toThrow(/bot's account/);
      expect(sandbox.messages().length).toBe(before);

      a.ws.send(JSON.stringify({ type: 'send', name: '😀😀', role: 'viewer', text: 'x', nonce: 42 }));
      expect(await a.next((e) => e['type'] === 'rejected' && e['nonce'] === 42)).toMatchObject({ reason: 'bad_name' });
      a.ws.send(JSON.stringify({ type: 'raid', channel: 'pagechan', from: 'pagechan', viewers: 3, nonce: 43 }));
      const raid = await a.next((e) => e['type'] === 'rejected' && e['nonce'] === 43);
      expect(raid['reason']).toBe('bad_raid');

      a.ws.send(JSON.stringify({ type: 'send', name: 'gros', role: 'viewer', text: 'a'.repeat(20_000), nonce: 44 }));
      expect(await a.next((e) => e['type'] === 'rejected' && e['nonce'] === 44)).toMatchObject({ reason: 'too_large' });
      // The socket is still usable after the oversized request.
      a.ws.send(JSON.stringify({ type: 'send', name: 'petit', role: 'viewer', text: 'toujours là', nonce: 45 }));
      expect(await a.next((e) => e['type'] === 'sent' && e['nonce'] === 45)).toBeDefined();
      expect(a.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      a.ws.close();
    }
  });
});
