// The sandbox web page in real headless Chromium, with the real bot in local mode.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type App } from '../../src/bot/app.js';
import { silentLogger } from '../../src/bot/logger.js';
import type { Env } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/loader.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { repoRoot } from '../helpers/paths.js';

const CHROMIUM = '/usr/bin/chromium';

const env: Env = {
  twitchClientId: undefined,
  twitchClientSecret: undefined,
  botLogin: undefined,
  channels: undefined,
  tokenFile: 'unused',
  configDir: join(repoRoot, 'config'),
  mode: 'local',
  logLevel: undefined,
  logFormat: undefined,
  storePath: ':memory:',
  sandboxPort: 0,
  envFile: undefined,
};

let app: App;
let sandbox: Sandbox;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (as root): apt-get install -y chromium — .ci/run does this.`);
  }
  const config = loadConfig({ dir: env.configDir });
  app = await startApp({ env, config, log: silentLogger, sandbox: { port: 0, backgroundChat: false } });
  sandbox = app.sandbox!;
  await app.runtime.waitUntilJoined(15_000);
  profile = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await app?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Calls the sandbox's Helix as the bot (what the moderation module does through twurple). */
async function helix(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${sandbox.helixPort}/mock/${path}`, {
    method,
    headers: { Authorization: 'Bearer page-test', 'Client-Id': sandbox.clientId, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.status;
}

describe('sandbox web page in headless Chromium', () => {
  test('a message typed on the page reaches the bot, its reply and its moderation show on the page', async () => {
    await page.goto(sandbox.url);
    await page.locator('#status.online').waitFor({ timeout: 10_000 });
    await page.fill('#name', 'Newcomer');
    await page.selectOption('#role', 'viewer');

    // 1. Type a command: the bot (real pipeline, real twurple clients) answers it as a reply.
    const botReply = sandbox.waitForBotMessage((m) => m.replyParentId !== undefined, 15_000);
    await page.fill('#text', '!commands');
    await page.click('#send');
    const reply = await botReply;
    const mine = sandbox.messages().find((m) => m.user.login === 'newcomer' && m.text === '!commands');
    expect(mine?.source).toBe('page');
    expect(reply.replyParentId).toBe(mine!.id);
    expect(reply.text).toMatch(/^Comman\w+ ?: .*!commands/);

    const botRow = page.locator(`.msg.bot[data-id="${reply.id}"]`);
    await botRow.waitFor({ timeout: 10_000 });
    expect(await botRow.locator('.body').textContent()).toBe(reply.text);
    expect(await botRow.locator('.reply').textContent()).toContain('@Newcomer');
    expect(await page.locator(`.msg[data-id="${mine!.id}"] .name`).textContent()).toBe('Newcomer');

    // 2. Moderation shows: a deleted message is struck through, a timeout is announced.
    const victim = sandbox.sendAs({ login: 'spammy', text: 'buy followers at spam dot example' });
    await page.locator(`.msg[data-id="${victim}"]`).waitFor();
    expect(await helix('DELETE', `moderation/chat?broadcaster_id=${mine!.channelId}&moderator_id=${sandbox.bot.id}&message_id=${victim}`)).toBe(204);
    await page.locator(`.msg.deleted[data-id="${victim}"]`).waitFor();
    const spammy = sandbox.messages().find((m) => m.id === victim)!.user.id;
    expect(await helix('POST', `moderation/bans?broadcaster_id=${mine!.channelId}&moderator_id=${sandbox.bot.id}`, { data: { user_id: spammy, duration: 600, reason: 'spam' } })).toBe(200);
    await page.locator('.system.mod', { hasText: 'spammy was timed out for 10 min' }).waitFor();
    expect(await page.locator('#actions li', { hasText: 'timeout spammy for 600 s' }).count()).toBe(1);

    // 3. A settings change shows as a mode chip, and the page reports refused messages.
    expect(await helix('PATCH', `chat/settings?broadcaster_id=${mine!.channelId}&moderator_id=${sandbox.bot.id}`, { emote_mode: true })).toBe(200);
    await page.locator('#modes .mode', { hasText: 'Emote-only' }).waitFor();
    await page.fill('#text', 'du texte normal');
    await page.click('#send');
    await page.locator('.system.rejected', { hasText: 'emote-only' }).waitFor();
  });
});
