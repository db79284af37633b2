// The Commands, Timers and Quotes pages in real headless Chromium against the bot in local mode:
// each page draws, adds through its form, and the bot uses the result in chat.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Dashboard } from '../../src/dashboard/index.js';
import { launchChromium, type HeadlessBrowser } from '../helpers/browser.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

let local: LocalApp | undefined;
let dashboard: Dashboard;
let browser: HeadlessBrowser | undefined;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1200, height: 760 });
  local = await startLocalApp({ channel: channelConfigSchema.parse({ language: 'en' }), joinTimeoutMs: 15_000 });
  dashboard = local.app.dashboard!;
  await page.goto(dashboard.loginUrl!);
  await page.locator('nav a[data-page="live"].active').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
});

describe('everyday pages in headless Chromium', () => {
  test('Commands: add a command with a variable, it answers in chat; a Twitch command is refused on the page', async () => {
    await page.click('nav a[data-page="commands"]');
    await page.locator('.commands h3', { hasText: 'Custom commands of #sandbox' }).waitFor();
    await page.fill('.cmd-name', 'discord');
    await page.fill('.cmd-response', 'Hi ${user}, join discord.gg/abc');
    await page.click('.new-command button');
    await page.locator('tr[data-command="discord"]').waitFor();
    const said = local!.sandbox.waitForBotMessage((m) => m.text === 'Hi fan, join discord.gg/abc');
    await local!.send({ login: 'fan', text: '!discord' });
    await said;
    await page.fill('.cmd-name', 'evil');
    await page.fill('.cmd-response', '/ban someone');
    await page.click('.new-command button');
    await page.locator('.commands .error', { hasText: 'cannot start with / or .' }).waitFor();
    expect(await page.locator('tr[data-command="evil"]').count()).toBe(0);
  });

  test('Timers: add, pause', async () => {
    await page.click('nav a[data-page="timers"]');
    await page.locator('.timers h3').waitFor();
    await page.fill('.timer-name', 'socials');
    await page.fill('.timer-text', 'Follow us everywhere');
    await page.click('.new-timer button');
    const row = page.locator('tr[data-timer="socials"]');
    await row.waitFor();
    await row.locator('button', { hasText: 'Pause' }).click();
    await page.locator('tr[data-timer="socials"]', { hasText: '(paused)' }).waitFor();
    expect(local!.app.store.db.prepare("SELECT enabled FROM timers WHERE name = 'socials'").get()).toEqual({ enabled: 0 });
  });

  test('Quotes: add, delete', async () => {
    await page.click('nav a[data-page="quotes"]');
    await page.locator('.quotes h3').waitFor();
    await page.fill('.quote-text', 'Je reviens dans cinq minutes');
    await page.click('.new-quote button');
    await page.locator('tr[data-quote="1"]', { hasText: 'Je reviens' }).waitFor();
    await page.locator('tr[data-quote="1"] button.delete').click();
    await page.locator('tr[data-quote="1"]').waitFor({ state: 'detached' });
  });
});
