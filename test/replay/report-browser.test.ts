// The replay report in real headless Chromium: opens offline with no console error, every chart
// is drawn, and the window selector redraws the top-topics bars.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { createModules } from '../../src/app/modules.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { readChatFile } from '../../src/replay/read-chat-file.js';
import { renderReport } from '../../src/replay/report-html.js';
import type { ReportData } from '../../src/replay/report-data.js';
import { runReplay } from '../../src/replay/runner.js';
import { inProcessTarget } from '../../src/replay/target.js';
import { findTopicSource } from '../../src/replay/topics-adapter.js';
import { defaultChannelConfig } from '../../src/app/channel-config.js';
import { launchChromium, type HeadlessBrowser } from '../helpers/browser.js';
import { fixturePath } from '../helpers/paths.js';

let dir: string;
let browser: HeadlessBrowser | undefined;
let page: Page;
let report: ReportData;
const consoleErrors: string[] = [];
const outsideRequests: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const { context } = browser;
  page = browser.page;
  dir = mkdtempSync(join(tmpdir(), 'replay-report-'));
  // A real half hour of chat through the real modules.
  const encoder = new SharedEncoder(new HashEncoder(), { maxWaitMs: 0 });
  try {
    const parse = readChatFile(fixturePath('replay', 'backseat-20h05-20h35.tsv'));
    // A follower-selling raid at 20:20: obfuscated copies from many accounts.
    const at = parse.records.findIndex((r) => r.time >= Date.UTC(2021, 10, 4, 20, 20));
    const t0 = parse.records[at]!.time;
    const variants = [
      'Best viewers on streamboo .com',
      'B e s t viewers on streamboo .com',
      'Bеst vіewers on streamboo .com !!',
      'best VIEWERS on streamboo .com',
    ];
    const raid = Array.from({ length: 12 }, (_, i) => ({
      line: 2000 + i,
      time: t0 + i * 2000,
      text: variants[i % variants.length]!,
      user: `spam_bot_${i}`,
      userId: `spam-${i}`,
      roles: [],
    }));
    parse.records.splice(at, 0, ...raid);
    const result = await runReplay({
      parse,
      file: 'backseat-20h05-20h35.tsv',
      channel: 'backseat',
      target: inProcessTarget({ encoder, createModules }),
      config: defaultChannelConfig(),
      topics: findTopicSource,
      report: true,
    });
    report = result.report!;
  } finally {
    await encoder.close();
  }
  // Hostile text in the data must stay text.
  report.moderation.push({
    kind: 'moderation',
    line: 9999,
    time: new Date(report.activity.start + 60_000).toISOString(),
    user: 'evil',
    user_id: 'x',
    text: '</script><img src=x onerror="window.__pwned=1">\u202e\ud800 Z̸̢̛̤a̷l̶g̴o̵',
    filter: 'blocklist',
    score: 0.99,
    action: 'ban',
    duration: null,
    evidence: [],
    evidence_other: ['example:1'],
    reason: 'x',
    enforced: false,
    evidence_texts: [],
  });
  // FAQ answers: the replay's own replaced by three of one entry and one of another.
  report.faq.length = 0;
  const at = (min: number): string => new Date(report.activity.start + min * 60_000).toISOString();
  for (const [i, entry] of ['music', 'schedule', 'music', 'music'].entries()) {
    report.faq.push({
      kind: 'faq',
      line: 3000 + i,
      time: at(5 + i),
      user: `fan${i}`,
      user_id: `f${i}`,
      text: 'c quoi la musique ?',
      entry,
      score: 0.9,
      answer: `answer about ${entry}`,
    });
  }
  report.moderationTimes.filters.push('evil-filter');
  report.moderationTimes.points.push([report.activity.start + 60_000, report.moderationTimes.filters.length - 1]);
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(report));

  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // Works offline: any request other than the file itself is refused and recorded.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.locator('body[data-ready="1"]').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Non-transparent pixels of a canvas (page code as text: the project has no DOM types). */
function inkOf(id: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.getElementById(${JSON.stringify(id)});
    if (!c) return -1;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`) as Promise<number>;
}

describe('replay report in headless Chromium', () => {
  test('opens with no console error and no network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(outsideRequests).toEqual([]);
  });

  test('the replayed half hour has topics and moderation data to show', () => {
    expect(report.topics.snapshots.length).toBeGreaterThan(5);
    expect(report.topics.snapshots.some((s) => s.clusters.length > 0)).toBe(true);
    expect(report.summary.messages).toBe(1309 + 12);
    expect(report.summary.moderation.messages_acted_on).toBeGreaterThanOrEqual(6);
  });

  test('every chart is drawn', async () => {
    for (const id of ['activity', 'timeline', 'window', 'moderation']) {
      expect(await inkOf(id)).toBeGreaterThan(500);
    }
    // The moderation chart counts every decision, per filter.
    const charted = await page.evaluate(
      `Chart.getChart(document.getElementById('moderation')).data.datasets.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0)`,
    );
    expect(charted).toBe(report.moderationTimes.points.length);
    expect(report.moderationTimes.points.length).toBe(report.summary.moderation.decisions + 1);
  });

  test('summary cards and tables show the numbers; chat text stays text', async () => {
    const cards = await page.locator('#cards .card b').allTextContents();
    expect(cards[0]!.replace(/\D/g, '')).toBe('1321');
    const rows = await page.locator('#mod-rows tr').count();
    expect(rows).toBe(report.moderation.length);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('#mod-rows').textContent()).toContain('</script><img');
  });

  test('the top-topics windows start with the chat and each length opens on its busiest window', async () => {
    expect(await page.inputValue('#win-length')).toBe('30');
    await page.selectOption('#win-length', '10');
    const options = await page.locator('#win-start option').evaluateAll((o) =>
      o.map((x) => {
        const opt = x as unknown as { value: string; textContent: string; selected: boolean };
        return { start: Number(opt.value), count: Number(opt.textContent.split('·')[1]!.replace(/\D/g, '')), selected: opt.selected };
      }),
    );
    expect(options.length).toBeGreaterThan(1);
    expect(options[0]!.start).toBeGreaterThan(report.activity.start - 5 * 60_000);
    const counts = options.map((o) => o.count);
    expect(new Set(counts).size).toBeGreaterThan(1);
    expect(options.find((o) => o.selected)!.count).toBe(Math.max(...counts));
  });

  test('FAQ answers are summed up per entry, most used first, above the list of answers', async () => {
    expect(await page.locator('#faq-rows tr').count()).toBe(4);
    const entries = await page.locator('#faq-entries li').allTextContents();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/3\s*music\s*answer about music/);
    expect(entries[1]).toMatch(/1\s*schedule\s*answer about schedule/);
  });

  test('choosing another window redraws the top-topics bars', async () => {
    const bars = () => page.evaluate(`JSON.stringify(Chart.getChart(document.getElementById('window')).data.labels)`) as Promise<string>;
    const before = await bars();
    expect(JSON.parse(before).length).toBeGreaterThan(0);
    await page.selectOption('#win-length', '10');
    const options = await page.locator('#win-start option').evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value));
    expect(options.length).toBeGreaterThan(3);
    const current = await page.inputValue('#win-start');
    await page.selectOption('#win-start', options.find((o, i) => o !== current && i >= options.length / 2) ?? options.find((o) => o !== current)!);
    const after = await bars();
    expect(after).not.toBe(before);
    expect(await inkOf('window')).toBeGreaterThan(500);
  });
});
