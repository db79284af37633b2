// The sandbox web page in real headless Chromium, with the real bot in local mode.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/app/load-config.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { launchChromium, type HeadlessBrowser } from '../helpers/browser.js';
import { localEnv, startLocalApp, type LocalApp } from '../helpers/local-app.js';

let local: LocalApp | undefined;
let sandbox: Sandbox;
let browser: HeadlessBrowser | undefined;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = browser.page;
  local = await startLocalApp({ config: loadConfig({ dir: localEnv.configDir }), joinTimeoutMs: 15_000 });
  sandbox = local.sandbox;
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
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
    expect(
      await helix('POST', `moderation/bans?broadcaster_id=${mine!.channelId}&moderator_id=${sandbox.bot.id}`, {
        data: { user_id: spammy, duration: 600, reason: 'spam' },
      }),
    ).toBe(200);
    await page.locator('.system.mod', { hasText: 'spammy was timed out for 10 min' }).waitFor();
    expect(await page.locator('#actions li', { hasText: 'timeout spammy for 600 s' }).count()).toBe(1);

    // 3. A settings change shows as a mode chip, and the page reports refused messages.
    expect(await helix('PATCH', `chat/settings?broadcaster_id=${mine!.channelId}&moderator_id=${sandbox.bot.id}`, { emote_mode: true })).toBe(200);
    await page.locator('#modes .mode', { hasText: 'Emote-only' }).waitFor();
    await page.fill('#text', 'du texte normal');
    await page.click('#send');
    await page.locator('.system.rejected', { hasText: 'emote-only' }).waitFor();

    // 4. The raid form sends Twitch's raid notice; the page announces it.
    const raided = new Promise<unknown>((resolve) => {
      const off = sandbox.onEvent((e) => {
        if (e.type !== 'raid') return;
        off();
        resolve(e);
      });
    });
    await page.fill('#raid-from', 'Ponce');
    await page.fill('#raid-viewers', '42');
    await page.click('#raid-send');
    expect(await raided).toMatchObject({ raid: { from: { login: 'ponce' }, viewers: 42 } });
    await page.locator('.system.raid', { hasText: 'Ponce is raiding with a party of 42' }).waitFor();
  });
});
