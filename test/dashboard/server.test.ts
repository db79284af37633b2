// The dashboard of the real bot in local mode, over HTTP: sign-in (login token, Twitch through the
// sandbox's authorization-code stand-in), CSRF, the JSON APIs, the CSV export and /metrics.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Dashboard } from '../../src/dashboard/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { clientFor, parsePrometheus, sessionCookie, signIn, type DashboardClient } from './helpers.js';

let local: LocalApp;
let d: Dashboard;
let owner: DashboardClient;
const CH = 'sandbox';

beforeAll(async () => {
  local = await startLocalApp({ channel: channelConfigSchema.parse({ language: 'en', moderation: { repeat: { action: 'timeout', timeoutSeconds: 30 } } }) });
  d = local.app.dashboard!;
  owner = await signIn(d, CH);
});

afterAll(async () => {
  await local?.close();
});

/** Follows the Twitch sign-in through the sandbox as `login`; returns the callback's answer. */
async function twitchSignIn(login: string): Promise<Response> {
  const start = await fetch(`${d.url}/auth/twitch`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const stateCookie = start.headers
    .getSetCookie()
    .find((c) => c.startsWith('dash_oauth='))!
    .split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.pathname).toBe('/oauth2/authorize');
  // The sandbox's authorize page, then "Authorize" as `login`
  const page = await fetch(authorize);
  expect(await page.text()).toContain('Authorize');
  const confirm = new URL('/oauth2/authorize/confirm', authorize);
  for (const [k, v] of authorize.searchParams) confirm.searchParams.set(k, v);
  confirm.searchParams.set('login', login);
  const back = await fetch(confirm, { redirect: 'manual' });
  expect(back.status).toBe(302);
  const callback = new URL(back.headers.get('location')!);
  expect(callback.pathname).toBe('/auth/twitch/callback');
  return fetch(callback, { redirect: 'manual', headers: { cookie: stateCookie } });
}

describe('dashboard access', () => {
  it('serves nothing but the health endpoint and the sign-in page without a session', async () => {
    const health = await fetch(`${d.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: expect.any(Object) });
    const home = await fetch(`${d.url}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Sign in with Twitch');
    expect(html).not.toContain('app.js');
    for (const path of ['/api/session', `/api/c/${CH}/live`, `/api/c/${CH}/log?format=csv`, '/metrics', '/app.js', '/vendor/preact-htm.js']) {
      expect([path, (await fetch(`${d.url}${path}`)).status]).toEqual([path, 401]);
    }
    const ws = new WebSocket(`${d.url.replace('http', 'ws')}/ws?channel=${CH}`);
    const code = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(code).toBe(403);
  });

  it('refuses the live WebSocket to another origin, even with the session cookie', async () => {
    const url = `${d.url.replace('http', 'ws')}/ws?channel=${CH}`;
    const evil = new WebSocket(url, { headers: { cookie: owner.cookie, origin: 'https://evil.example' } });
    expect(await new Promise<number>((resolve) => evil.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))).toBe(403);
    const ok = new WebSocket(url, { headers: { cookie: owner.cookie, origin: d.url } });
    const first = await new Promise<string>((resolve) => ok.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(first)).toMatchObject({ type: 'backlog', messages: expect.any(Array) });
    ok.close();
  });

  it('refuses a wrong login token and accepts the printed one', async () => {
    expect(d.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{40,}$/);
    const wrong = await fetch(`${d.url}/login?token=${'x'.repeat(43)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const res = await fetch(d.loginUrl!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('dash_session='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const session = await fetch(`${d.url}/api/session`, { headers: { cookie: sessionCookie(res) } });
    expect(await session.json()).toMatchObject({ login: 'owner', channels: [CH] });
  });

  it('refuses a Twitch sign-in of a viewer who is not a moderator (checked through Helix)', async () => {
    local.sandbox.sendAs({ login: 'plainviewer', text: 'hello there' });
    const res = await twitchSignIn('plainviewer');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('neither a moderator nor the broadcaster');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('dash_session='))).toBe(false);
    // The check used the user's own token on "Get Moderated Channels"
    expect(local.sandbox.helixCalls.some((c) => c.path === 'moderation/channels' && c.user === 'plainviewer' && c.status === 200)).toBe(true);
  });

  it("lets the channel's moderator in with Twitch, for that channel only", async () => {
    await local.send({ login: 'trustedmod', roles: ['moderator'], text: 'hi chat' });
    const res = await twitchSignIn('trustedmod');
    expect(res.status).toBe(303);
    const mod = await clientFor(d, CH, sessionCookie(res));
    const session = await fetch(`${d.url}/api/session`, { headers: { cookie: mod.cookie } });
    expect(await session.json()).toMatchObject({ login: 'trustedmod', via: 'twitch', channels: [CH] });
    expect((await mod.api('GET', 'live')).status).toBe(200);
    const other = await fetch(`${d.url}/api/c/otherchannel/live`, { headers: { cookie: mod.cookie } });
    expect(other.status).toBe(403);
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    const res = await fetch(`${d.url}/auth/twitch/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(res.status).toBe(400);
  });

  it('refuses state-changing requests without the CSRF token or from another origin', async () => {
    const url = `${d.url}/api/c/${CH}/settings/mode`;
    const body = JSON.stringify({ mode: 'dry' });
    const noToken = await fetch(url, { method: 'POST', headers: { cookie: owner.cookie, 'content-type': 'application/json' }, body });
    expect(noToken.status).toBe(403);
    const wrongToken = await fetch(url, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/json', 'x-csrf-token': 'nope' },
      body,
    });
    expect(wrongToken.status).toBe(403);
    const crossSite = await owner.api('POST', 'settings/mode', { mode: 'dry' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const ok = await owner.api('POST', 'settings/mode', { mode: 'dry' }, { origin: d.url });
    expect(ok.status).toBe(200);
    expect(ok.body.mode).toBe('dry');
  });
});

describe('dashboard APIs', () => {
  it('shows a dry-run repeat with its evidence, enforces it, undoes it, and exports the log as CSV', async () => {
    const texts = [
      'does anyone know the name of this song please',
      'Does anyone know the name of this song please?',
      'does anyone know the name of this song please !!',
    ];
    let last = '';
    for (const text of texts) last = (await local.send({ login: 'songasker', text })).message.id;
    const live = await owner.api('GET', 'live');
    const msg = (live.body.messages as { id: string; decisions: any[] }[]).find((m) => m.id === last)!;
    const decision = msg.decisions.find((x) => x.filter === 'repeat');
    expect(decision).toMatchObject({ kind: 'moderation', action: 'timeout', duration: 30, enforced: false });
    expect(decision.evidence.map((e: { text: string }) => e.text)).toEqual(expect.arrayContaining([texts[0], texts[1]]));
    expect(local.sandbox.banOf('songasker')).toBeUndefined();

    const enforced = await owner.api('POST', `live/enforce/${decision.logId}`);
    expect(enforced.status).toBe(200);
    expect(enforced.body.ok).toBe(true);
    expect(local.sandbox.banOf('songasker')).toEqual(expect.any(Number));
    expect((await owner.api('POST', `live/enforce/${decision.logId}`)).status).toBe(409);

    const undone = await owner.api('POST', `live/undo/${enforced.body.logId}`);
    expect(undone.body).toMatchObject({ ok: true });
    expect(local.sandbox.banOf('songasker')).toBeUndefined();

    const csv = await owner.api('GET', 'log?user=songasker&format=csv');
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('time,actor,source,user,filter,action,duration,score,enforced,helix,reason,text,evidence,logId');
    expect(lines.some((l) => l.includes(',bot,bot,songasker,repeat,timeout,30,') && l.includes(',false,'))).toBe(true);
    expect(lines.some((l) => l.includes(',owner,dashboard,songasker,repeat,timeout,30,') && l.includes(',true,ok,'))).toBe(true);
    expect(lines.some((l) => l.includes(',owner,dashboard,songasker,,undo,'))).toBe(true);
    const json = await owner.api('GET', 'log?actor=owner&user=songasker');
    expect(json.body.rows.map((r: { action: string; enforced: boolean | null }) => [r.action, r.enforced])).toEqual([
      ['undo', null],
      ['timeout', true],
    ]);
  });

  it("shows another moderator's action seen in chat in the log, as theirs", async () => {
    await local.send({ login: 'rowdy', text: 'some rowdy message' });
    local.sandbox.moderate({ by: 'humanmod', action: 'timeout', login: 'rowdy', durationSeconds: 300, reason: 'calm down' });
    // Channel events and messages share one queue: once this message is handled, the timeout was too
    await local.send({ login: 'bystander', text: 'whoa what happened' });
    const rows = (await owner.api('GET', 'log?user=rowdy')).body.rows;
    expect(rows).toEqual([expect.objectContaining({ source: 'chat', actor: 'a moderator', action: 'timeout', user: 'rowdy', reason: '300 s' })]);
  });

  it('refuses to undo a delete (final on Twitch)', async () => {
    await owner.api('PUT', 'settings', { overrides: { moderation: { caps: { action: 'delete' } } } });
    await owner.api('POST', 'settings/mode', { mode: 'enforce' });
    try {
      const ctx = await local.send({ login: 'shouty', text: 'WHY IS EVERYONE SO QUIET TONIGHT IN THIS CHAT' });
      expect(ctx.moderated).toMatchObject({ filter: 'caps', enforced: true });
      const row = (await owner.api('GET', 'log?user=shouty')).body.rows[0];
      const r = await owner.api('POST', `live/undo/${row.logId}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/final/);
    } finally {
      await owner.api('POST', 'settings/mode', { mode: 'dry' });
      await owner.api('PUT', 'settings', { overrides: {} });
    }
  });

  it('validates settings with the YAML schema and applies them without restart', async () => {
    const bad = await owner.api('PUT', 'settings', { overrides: { prefix: '', moderation: { repeatt: { enabled: false } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('did you mean "repeat"');
    expect(bad.body.error).toContain('prefix');
    expect(local.app.bot.configOf(CH).prefix).toBe('!');
    const ok = await owner.api('PUT', 'settings', { overrides: { prefix: '?' } });
    expect(ok.status).toBe(200);
    const reply = await local.replyTo({ login: 'curious', text: '?commands' });
    expect(reply.text).toContain('?');
    await owner.api('PUT', 'settings', { overrides: {} });
    expect(local.app.bot.configOf(CH).prefix).toBe('!');
  });

  it('FAQ: edits from chat and from the page share the store; examples say who added them; the test box scores', async () => {
    await local.replyTo({ login: 'faqmod', roles: ['moderator'], text: '!faq ask game which game are we playing today' });
    const added = await owner.api('POST', 'faq/game/examples', { text: 'what are we playing right now' });
    expect(added.status).toBe(200);
    const game = (await owner.api('GET', 'faq')).body.entries.find((e: { id: string }) => e.id === 'game');
    expect(game.examples).toEqual(
      expect.arrayContaining([
        { text: 'which game are we playing today', addedBy: 'faqmod' },
        { text: 'what are we playing right now', addedBy: 'owner' },
      ]),
    );
    const test = await owner.api('POST', 'faq/test', { text: 'which game are we playing today?' });
    expect(test.body.accepted).toBe('game');
    expect(test.body.scores[0]).toMatchObject({ id: 'game', example: 'which game are we playing today' });
    expect(test.body.scores.length).toBeGreaterThan(1);
  });

  it('teaches the blocklist and the allowlist', async () => {
    const spam = await owner.api('POST', 'live/teach', { verdict: 'spam', text: 'cheap viewers and followers at bestviewers dot shop' });
    expect(spam.status).toBe(200);
    const fine = await owner.api('POST', 'live/teach', { verdict: 'fine', text: 'let him cook' });
    expect(fine.body.allowlist).toContain('let him cook');
    const lists = await owner.api('GET', 'lists');
    expect(lists.body.blocklist.map((x: { id: number }) => x.id)).toContain(spam.body.blocklistId);
    expect(lists.body.allowlist).toContain('let him cook');
    expect(local.app.bot.configOf(CH).moderation.flood.allowlist).toContain('let him cook');
    await owner.api('DELETE', 'lists/allowlist', { text: 'let him cook' });
    expect(local.app.bot.configOf(CH).moderation.flood.allowlist).not.toContain('let him cook');
  });

  it('scrapes /metrics in the Prometheus format', async () => {
    expect((await fetch(`${d.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${d.url}/metrics`, { headers: { authorization: `Bearer ${d.loginToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const samples = parsePrometheus(await res.text());
    const one = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(one('bot_chat_messages_total', { channel: CH })!.value).toBeGreaterThanOrEqual(5);
    expect(one('bot_moderation_decisions_total', { channel: CH, filter: 'repeat', action: 'timeout', enforced: 'false' })!.value).toBeGreaterThanOrEqual(1);
    expect(one('bot_commands_total', { command: 'commands' })!.value).toBeGreaterThanOrEqual(1);
    expect(one('bot_encoder_queue_depth')!.value).toBeGreaterThanOrEqual(0);
    const hit = one('bot_encoder_cache_hit_ratio')!.value;
    expect(hit >= 0 && hit <= 1).toBe(true);
    expect(one('bot_encoder_latency_seconds', { quantile: '0.5' })).toBeDefined();
    expect(one('nodejs_eventloop_lag_seconds')).toBeDefined();
    expect(one('bot_effects_waiting', { lane: 'helix' })!.value).toBeGreaterThanOrEqual(0);
    expect(one('process_resident_memory_bytes')!.value).toBeGreaterThan(0);
  });

  it('counts Helix failures by status', async () => {
    local.sandbox.failNext((r) => r.method === 'DELETE' && r.path === 'moderation/bans', 400);
    await owner.api('POST', 'settings/mode', { mode: 'enforce' });
    try {
      const texts = [
        'who is the guest on the show tonight please',
        'Who is the guest on the show tonight please?',
        'who is the guest on the show tonight please !!',
      ];
      for (const text of texts) await local.send({ login: 'guestasker', text });
      const row = (await owner.api('GET', 'log?user=guestasker&filter=repeat')).body.rows[0];
      expect(row).toMatchObject({ action: 'timeout', enforced: true, helix: 'ok' });
      const undo = await owner.api('POST', `live/undo/${row.logId}`);
      expect(undo.body.ok).toBe(false);
      const samples = parsePrometheus(await (await fetch(`${d.url}/metrics`, { headers: { authorization: `Bearer ${d.loginToken}` } })).text());
      expect(samples.find((s) => s.name === 'bot_helix_failures_total' && s.labels['action'] === 'unban' && s.labels['status'] === '400')?.value).toBe(1);
    } finally {
      await owner.api('POST', 'settings/mode', { mode: 'dry' });
    }
  });
});

describe('exposing the dashboard', () => {
  it('refuses to start exposed without a public URL (Twitch sign-in needs it)', async () => {
    await expect(startLocalApp({ dashboard: { host: '0.0.0.0' } })).rejects.toThrow(/dashboard\.publicUrl/);
  });

  it('exposed (a public URL): no login token, Twitch sign-in redirects to the public URL, Secure cookies', async () => {
    // Behind a reverse proxy on the same machine: bound to loopback, yet exposed
    const exposed = await startLocalApp({ dashboard: { publicUrl: 'https://bot.example.org' } });
    try {
      const dash = exposed.app.dashboard!;
      expect(dash.loginUrl).toBeUndefined();
      const local = `http://127.0.0.1:${dash.port}`;
      expect((await fetch(`${local}/login?token=anything`, { redirect: 'manual' })).status).toBe(403);
      const start = await fetch(`${local}/auth/twitch`, { redirect: 'manual' });
      expect(new URL(start.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://bot.example.org/auth/twitch/callback');
      expect(start.headers.getSetCookie()[0]).toMatch(/; Secure$/);
    } finally {
      await exposed.close();
    }
  });
});
