// The dashboard in real headless Chromium, driving the real bot in local mode: a dry-run repeat
// shows inline with its evidence, "Enforce" times the user out (seen on the sandbox page), "Undo"
// lifts it, an FAQ entry made on the page answers the next question in chat, a setting change
// applies at once. Also takes the README's screenshots (docs/dashboard/*.png).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Dashboard } from '../../src/dashboard/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { launchChromium, type HeadlessBrowser } from '../helpers/browser.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { fixturePath, repoRoot } from '../helpers/paths.js';

let local: LocalApp | undefined;
let sandbox: Sandbox;
let dashboard: Dashboard;
let browser: HeadlessBrowser | undefined;
let page: Page;
// The README's screenshots are refreshed with `npm run screenshots`; a plain test run keeps them in a temporary folder
const shots = process.env['DASHBOARD_SCREENSHOTS'] ? join(repoRoot, 'docs', 'dashboard') : mkdtempSync(join(tmpdir(), 'dashboard-shots-'));

beforeAll(async () => {
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1100, height: 720 });
  local = await startLocalApp({
    channel: channelConfigSchema.parse({ language: 'en', moderation: { repeat: { action: 'timeout', timeoutSeconds: 120 } } }),
    joinTimeoutMs: 15_000,
    dashboard: { riverEveryMs: 500 },
  });
  sandbox = local.sandbox;
  dashboard = local.app.dashboard!;
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
  if (!process.env['DASHBOARD_SCREENSHOTS']) rmSync(shots, { recursive: true, force: true });
});

const shot = async (name: string) => {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(shots, `${name}.png`) });
};

describe('dashboard in headless Chromium', () => {
  test('sign-in page without a session, the app with the login link', async () => {
    await page.goto(dashboard.url + '/');
    await page.locator('a.twitch', { hasText: 'Sign in with Twitch' }).waitFor();
    await page.goto(dashboard.loginUrl!);
    await page.locator('nav a[data-page="live"].active').waitFor();
    expect(await page.locator('.status.online').count()).toBe(1);
  });

  test('a dry-run repeat shows inline with its evidence; Enforce times out, Undo lifts', async () => {
    const sandboxPage = await browser!.context.newPage();
    await sandboxPage.goto(sandbox.url);
    await sandboxPage.locator('#status.online').waitFor({ timeout: 10_000 });

    await local!.send({ login: 'regular_ana', text: 'good evening everyone, how is the stream going' });
    await local!.send({ login: 'regular_ben', roles: ['subscriber'], text: 'that last game was so close' });
    const texts = [
      'check my channel for the best clips of the week',
      'Check my channel for the best clips of the week!',
      'check my channel for the best clips of the week !!!',
    ];
    let last = '';
    for (const text of texts) last = (await local!.send({ login: 'clipper', text })).message.id;

    const row = page.locator(`.msg[data-msg-id="${last}"]`);
    const decision = row.locator('.decision[data-filter="repeat"]');
    await decision.waitFor();
    expect(await decision.locator('.action').textContent()).toBe('would timeout 120 s (dry-run)');
    expect(await decision.locator('.evidence li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(texts[0]!), expect.stringContaining(texts[1]!)]),
    );
    await shot('live');

    const banned = sandbox.waitForHelixCall((c) => c.method === 'POST' && c.path === 'moderation/bans');
    await decision.locator('button.enforce').click();
    expect((await banned).status).toBe(200);
    expect(sandbox.banOf('clipper')).toEqual(expect.any(Number));
    await decision.locator('.follow', { hasText: 'enforced by owner' }).waitFor();
    await sandboxPage.locator('.system.mod', { hasText: 'clipper was timed out for 2 min' }).waitFor();

    const lifted = sandbox.waitForHelixCall((c) => c.method === 'DELETE' && c.path === 'moderation/bans');
    await decision.locator('button.undo').click();
    expect((await lifted).status).toBe(204);
    expect(sandbox.banOf('clipper')).toBeUndefined();
    await decision.locator('.follow', { hasText: 'lifted by owner' }).waitFor();
    await sandboxPage.locator('.system.mod', { hasText: 'clipper was unbanned' }).waitFor();
    await sandboxPage.close();
  });

  test('an FAQ entry made on the page answers the next question in chat', async () => {
    await page.click('nav a[data-page="faq"]');
    await page.locator('.new-entry').waitFor();
    await page.fill('.new-entry input', 'merch');
    await page.fill('.new-entry textarea', 'The merch shop opens on Friday at shop.example.org');
    await page.click('.new-entry button');
    const entry = page.locator('.faq-entry[data-entry="merch"]');
    await entry.waitFor();
    await entry.locator('.new-example').fill('where can i buy the merch hoodie');
    await entry.locator('button', { hasText: 'Add' }).click();
    await entry.locator('.examples li', { hasText: 'where can i buy the merch hoodie' }).waitFor();
    await page.fill('.test-input', 'where can i buy the merch hoodie?');
    await page.locator('.scores li.accepted', { hasText: 'merch' }).waitFor();
    await shot('faq');

    const reply = await local!.replyTo({ login: 'hoodie_fan', text: 'where can i buy the merch hoodie?' });
    expect(reply.text).toBe('The merch shop opens on Friday at shop.example.org');
  });

  test('a setting changed on the page applies from the next message', async () => {
    await page.click('nav a[data-page="settings"]');
    const prefix = page.locator('#set-prefix');
    await prefix.waitFor();
    await prefix.fill('?');
    await page.click('button.save-settings');
    await page.locator('.saved').waitFor();
    await shot('settings');
    const reply = await local!.replyTo({ login: 'curious_cat', text: '?commands' });
    expect(reply.text).toContain('?topic');
  });

  test('moderation log, lists and topics pages', async () => {
    await page.click('nav a[data-page="log"]');
    await page.locator('tbody tr', { hasText: 'clipper' }).first().waitFor();
    expect(await page.locator('tbody tr', { hasText: 'undo' }).count()).toBeGreaterThanOrEqual(1);
    await shot('log');
    const waves = [
      ['the new boss fight is so hard', 'that boss fight took me ages', 'i died to the boss fight again', 'boss fight phase two is crazy'],
      ['what is this song in the background', 'this song is such a banger', 'the song from the intro is great', 'who sings this song'],
    ];
    for (const [w, wave] of waves.entries()) for (const [i, text] of wave.entries()) await local!.send({ login: `viewer${w}${i}`, text });
    await page.click('nav a[data-page="topics"]');
    await page.locator('.topic-answer', { hasText: 'boss' }).waitFor();
    await page.locator('svg.river path').first().waitFor();
    await shot('topics');
    await page.setViewportSize({ width: 390, height: 760 });
    await page.click('nav a[data-page="live"]');
    await page.locator('.decision[data-filter="repeat"]').first().waitFor();
    await shot('phone');
  });

  test("a feature's page (routes + script) shows in the navigation and works", async () => {
    const notes: string[] = [];
    dashboard.addPage({
      id: 'notes',
      title: 'Notes',
      script: fixturePath('dashboard', 'notes-page.js'),
      routes: [
        { method: 'GET', path: '', handle: () => ({ body: { notes } }) },
        {
          method: 'POST',
          path: 'add',
          handle: (r) => {
            notes.push(`${r.channel}: ${(r.body as { text: string }).text} (${r.session.login})`);
            return { body: { ok: true } };
          },
        },
      ],
    });
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.reload();
    await page.click('nav a[data-page="notes"]');
    await page.fill('.note-text', 'raid at nine');
    await page.click('.notes button');
    await page.locator('.notes li', { hasText: 'sandbox: raid at nine (owner)' }).waitFor();
    expect(notes).toEqual(['sandbox: raid at nine (owner)']);
  });
});
