// `npm run bench:faults -- [--only auth,burst,helix,rate,soak,channels] [--full] [--soak-messages N]`:
// the bot under faults and load, end to end against the local sandbox (127.0.0.1 only, bounded
// loops), printing every "Done when" figure of issue 10. Without --full, the two-minute outages
// are scaled down to 12 s (the healing logic is the same; --full runs the real two minutes).
// The machine is shared: CPU figures are process CPU time (user+system), not wall clock, and the
// sandbox runs in the same process (so CPU per message includes the fake Twitch's own work).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startApp, type App } from '../src/app/app.js';
import { Bot } from '../src/bot/bot.js';
import { ManualClock, SystemClock } from '../src/chat/clock.js';
import { EffectQueue } from '../src/bot/effects/effect-queue.js';
import { CHAT_LANE, HELIX_LANE, QueuedActions } from '../src/bot/effects/queued-actions.js';
import type { EffectTransport } from '../src/bot/effects/transport.js';
import { createLogger, silentLogger } from '../src/chat/logger.js';
import type { ChatMessage } from '../src/chat/message.js';
import { createModules } from '../src/app/modules.js';
import { channelConfigSchema } from '../src/app/channel-config.js';
import type { ChannelConfig } from '../src/chat/channel-config.js';
import { localModeEnv } from '../src/config/env.js';
import { globalConfigSchema } from '../src/config/global-config.js';
import { createEncoder } from '../src/nlp/create-encoder.js';
import { SharedEncoder } from '../src/nlp/shared-encoder.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { Store } from '../src/store/store.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    full: { type: 'boolean', default: false },
    'soak-messages': { type: 'string', default: '1000000' },
    'rate-seconds': { type: 'string', default: '10' },
    'channels-seconds': { type: 'string', default: '20' },
  },
});
const only = new Set((values.only ?? 'auth,burst,helix,rate,soak,channels').split(',').map((s) => s.trim()));
const OUTAGE_MS = values.full ? 120_000 : 12_000;
const outageLabel = values.full ? '2 min' : '12 s (2 min scaled 1/10; --full for the real 2 min)';

/** Real chat lines (no users in the file); a fallback sample when the shared data is absent. */
function chatLines(): string[] {
  const file = join(root, '..', 'shared', 'data', 'backseat-2021-11-04.tsv');
  const fallback = join(root, 'test', 'fixtures', 'replay', 'backseat-excerpt.tsv');
  const path = existsSync(file) ? file : fallback;
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[2] ?? '')
    .filter((t) => t.trim().length > 0);
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const ms = (x: number): string => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const line = (label: string, value: string, target = ''): void => console.log(`  ${label.padEnd(58)} ${value}${target ? `   (target ${target})` : ''}`);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const tick = (t: number) => new Promise<void>((r) => setTimeout(r, t));

interface Harness {
  app: App;
  sandbox: Sandbox;
  logs: { msg: string; at: number; [k: string]: unknown }[];
  close(): Promise<void>;
}

async function start(o: { channels: string[]; channel?: Partial<ChannelConfig>; global?: Record<string, unknown>; authRetryMs?: number }): Promise<Harness> {
  const logs: Harness['logs'] = [];
  const log = createLogger({ level: 'info', format: 'json', write: (l) => logs.push({ ...(JSON.parse(l) as { msg: string }), at: Date.now() }) });
  const channel = channelConfigSchema.parse({ language: 'en', moderation: { defaultMode: 'enforce' }, ...o.channel });
  const app = await startApp({
    env: localModeEnv({ configDir: join(root, 'config'), sandboxPort: 0 }),
    config: {
      global: globalConfigSchema.parse({ health: { port: null }, ...o.global }),
      channels: [],
      channelConfigs: new Map(),
      defaultChannel: channel,
      warnings: [],
    },
    log,
    helixBackoffMs: 200,
    healthPort: 0,
    ...(o.authRetryMs !== undefined ? { authRetryMs: o.authRetryMs } : {}),
    sandbox: { port: 0, backgroundChat: false, channels: o.channels },
  });
  await app.runtime.waitUntilJoined(120_000);
  // Warm-up: each channel's first message loads its moderation state (blocklist, allowlist)
  let decided = 0;
  const off = app.runtime.onDecided(() => void decided++);
  for (const c of o.channels) app.sandbox!.sendAs({ channel: c, login: 'warmup', text: 'bonjour tout le monde' });
  await until(() => decided >= o.channels.length, 60_000);
  off();
  return { app, sandbox: app.sandbox!, logs, close: () => app.close() };
}

async function healthz(app: App): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${app.healthServer!.port}/healthz`);
  const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
  return `${res.status} ${body.status} (auth: ${body.checks['auth']?.status}, chat: ${body.checks['chat']?.status})`;
}

/** Waits until `pred` holds, checking every 50 ms, at most `maxMs`. */
async function until(pred: () => boolean, maxMs: number): Promise<boolean> {
  const end = Date.now() + maxMs;
  while (!pred()) {
    if (Date.now() > end) return false;
    await tick(50);
  }
  return true;
}

// --- 1. Token endpoint down, then healthy; revoked token -------------------------------------
async function benchAuth(): Promise<void> {
  console.log(`\n1. Token endpoint 500 for ${outageLabel}, then healthy`);
  const h = await start({ channels: ['authchan'], authRetryMs: 1000 });
  const { app, sandbox } = h;
  try {
    const stop = sandbox.failUntilCleared('auth/token', 500);
    // The access token dies during the outage: the next use needs a refresh, which fails
    sandbox.revokeToken('sandbox-access-token');
    sandbox.dropConnections();
    const t0 = Date.now();
    await until(() => app.auth.state === 'refresh-failing', 20_000);
    line('state during the outage (/healthz)', await healthz(app));
    await tick(Math.max(0, OUTAGE_MS - (Date.now() - t0)));
    const during = sandbox.helixCalls.filter((c) => c.path === 'auth/token' && c.status === 500).length;
    stop();
    const healedAt = Date.now();
    const healed = await until(() => app.auth.state === 'ok', 120_000);
    const authBack = Date.now() - healedAt;
    const joined = await until(() => app.runtime.chat.isConnected && app.runtime.chat.currentChannels.length > 0, 120_000);
    const chatBack = Date.now() - healedAt;
    const reply = sandbox
      .waitForBotMessage((m) => /Commands|Commandes/.test(m.text), 30_000)
      .then(
        () => Date.now() - healedAt,
        () => NaN,
      );
    sandbox.sendAs({ login: 'afterhealing', text: '!commands' });
    const answeredIn = await reply;
    line('refresh attempts during the outage (backoff, not a loop)', String(during));
    line('token refreshed after the endpoint healed', healed ? `yes, ${ms(authBack)} later` : 'NO');
    line('chat connected and joined again (no restart)', joined ? `yes, ${ms(chatBack)} after healing` : 'NO');
    line('!commands answered after healing', Number.isFinite(answeredIn) ? `yes, ${ms(answeredIn)} after healing` : 'NO');
    line('state after healing (/healthz)', await healthz(app));
    const blamed = h.logs.filter((l) => /npm run auth/.test(l.msg)).length;
    line('log lines telling to run `npm run auth` during the outage', String(blamed), '0');
  } finally {
    await h.close();
  }
  // Revoked: the real entry point's fatal path, in a child process
  const child = spawnSync(process.execPath, [join(root, 'dist', 'scripts', 'bench-faults-revoke.js')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const advice = /npm run auth/.test(child.stderr ?? '');
  line('revoked token: exit code', String(child.status), '!= 0');
  line('revoked token: message says `npm run auth`', advice ? 'yes' : `NO: ${child.stderr?.slice(-300)}`);
}

// --- 2. 150 viewers typing commands at once: spam deletion lag ------------------------------
async function benchBurst(): Promise<void> {
  console.log('\n2. 150 viewers typing commands at once, spam arriving meanwhile');
  const h = await start({ channels: ['burstchan'] });
  const { sandbox } = h;
  try {
    const spamLag = async (viewers: number): Promise<{ lags: number[]; replies: number }> => {
      const sent = new Map<string, number>();
      const lags: number[] = [];
      const off = sandbox.onHelixCall((c) => {
        const id = c.query['message_id'];
        const at = id ? sent.get(id) : undefined;
        if (c.method === 'DELETE' && c.path === 'moderation/chat' && at !== undefined && c.status < 300) lags.push(Date.now() - at);
      });
      const before = sandbox.botMessages.length;
      const commands = ['!commands', '!faq', '!faq music', '!faq discord', '!help'];
      for (let i = 0; i < viewers; i++) {
        sandbox.sendAs({ login: `viewer${i}_${viewers}`, text: commands[i % commands.length]! });
        if (i % 15 === 0) {
          const id = sandbox.sendAs({ login: `seller${i}_${viewers}`, text: `Best viewers on bigfollows${i} .com cheap` });
          sent.set(id, Date.now());
        }
      }
      for (let i = 0; i < 10; i++) sent.set(sandbox.sendAs({ login: `seller_late${i}_${viewers}`, text: `Best viewers on streamboo${i} .com` }), Date.now());
      await until(() => lags.length >= sent.size, 30_000);
      await tick(1500);
      off();
      return { lags, replies: sandbox.botMessages.length - before };
    };
    // Warm-up: the channel's first messages load the blocklist and moderation state
    const warm = sandbox.waitForHelixCall((c) => c.path === 'moderation/chat', 20_000);
    sandbox.sendAs({ login: 'warmup', text: 'bonjour tout le monde' });
    sandbox.sendAs({ login: 'warmseller', text: 'Best viewers on bigfollows .com' });
    await warm;
    await tick(500);
    const idle = await spamLag(0);
    line('spam deletion lag, quiet chat: p50 / p99', `${ms(pct(idle.lags, 0.5))} / ${ms(pct(idle.lags, 0.99))} (${idle.lags.length} spam messages)`);
    const busy = await spamLag(150);
    line(
      "spam deletion lag with 150 viewers' commands: p50 / p99 / max",
      `${ms(pct(busy.lags, 0.5))} / ${ms(pct(busy.lags, 0.99))} / ${ms(Math.max(...busy.lags))} (${busy.lags.length} spam messages)`,
      'p99 <= 200 ms',
    );
    line('bot messages sent for the 150 commands (coalesced, cooldowns)', String(busy.replies));
  } finally {
    await h.close();
  }
}

// --- 3. Helix 5xx / 429 for two minutes ------------------------------------------------------
async function benchHelix(status: 503 | 429): Promise<void> {
  console.log(`\n3${status === 503 ? 'a' : 'b'}. Helix ${status} on moderation for ${outageLabel}, then healthy`);
  const h = await start({ channels: ['helixchan'] });
  const { app, sandbox } = h;
  try {
    const replyLag: number[] = [];
    const decidedLag: number[] = [];
    const spam = new Map<string, number>();
    const offBot = sandbox.onBotMessage((m) => {
      const at = m.replyParentId ? asked.get(m.replyParentId) : undefined;
      if (at !== undefined) replyLag.push(Date.now() - at);
    });
    const asked = new Map<string, number>();
    const stop = sandbox.failUntilCleared(/^(POST|DELETE|PATCH|GET) (moderation|chat\/settings)/, status, status === 429 ? { retryAfterSeconds: 5 } : {});
    const ids = ['music', 'schedule', 'setup', 'discord', 'game'];
    const t0 = Date.now();
    let i = 0;
    while (Date.now() - t0 < OUTAGE_MS) {
      asked.set(sandbox.sendAs({ login: `asker${i}`, text: `!faq ${ids[i % ids.length]}` }), Date.now());
      if (i % 2 === 0) spam.set(sandbox.sendAs({ login: `spammer${i}`, text: `Best viewers on bigfollows${i} .com` }), Date.now());
      i++;
      await tick(700);
    }
    stop();
    const recoveredAt = Date.now();
    // Every spam decision recorded (applied or reported failed), after recovery
    const results = () =>
      h.app.store.db
        .prepare(`SELECT message_id, helix_ok FROM moderation_log WHERE message_id IN (${[...spam.keys()].map(() => '?').join(',')})`)
        .all(...spam.keys()) as { message_id: string; helix_ok: number | null }[];
    await until(() => results().every((r) => r.helix_ok !== null) && results().length === spam.size, 90_000);
    const settledIn = Date.now() - recoveredAt;
    offBot();
    for (const l of h.logs) {
      if (l.msg !== 'moderation decided') continue;
      const at = spam.get(String(l['messageId']));
      if (at !== undefined) decidedLag.push(l.at - at);
    }
    const rows = results();
    const applied = rows.filter((r) => r.helix_ok === 1).length;
    const reported = rows.filter((r) => r.helix_ok === 0).length;
    const stats = app.runtime.effects.stats()[HELIX_LANE]!;
    line(
      'commands answered during the outage: p50 / p99',
      `${ms(pct(replyLag, 0.5))} / ${ms(pct(replyLag, 0.99))} (${replyLag.length}/${asked.size} answered)`,
      'p99 <= 2 s',
    );
    line(
      'moderation decision logged after the message: p50 / p99',
      `${ms(pct(decidedLag, 0.5))} / ${ms(pct(decidedLag, 0.99))} (${decidedLag.length} decisions)`,
    );
    line('spam actions applied after recovery / reported failed', `${applied} / ${reported} of ${spam.size} (all settled ${ms(settledIn)} after recovery)`);
    line('Helix attempts ending > 100 ms after their deadline', String(stats.late), '0');
    line('Helix effects: retries, past deadline, failed', `${stats.retries}, ${stats.deadline}, ${stats.failed}`);
  } finally {
    await h.close();
  }
}

// --- 4. One channel at 1,000 msgs/s ---------------------------------------------------------
async function benchRate(rate: number, seconds = Number(values['rate-seconds']), label = '4.'): Promise<void> {
  console.log(`\n${label} One channel at ${rate} msgs/s offered for ${seconds} s (hash encoder)`);
  const h = await start({ channels: ['ratechan'] });
  const { app, sandbox } = h;
  const texts = chatLines();
  try {
    const sentAt = new Map<string, number>();
    const lags: number[] = [];
    const settledLags: number[] = [];
    app.runtime.onDecided((ctx) => {
      const at = sentAt.get(ctx.message.id);
      if (at !== undefined) lags.push(Date.now() - at);
    });
    app.runtime.onHandled((ctx) => {
      const at = sentAt.get(ctx.message.id);
      if (at !== undefined) settledLags.push(Date.now() - at);
    });
    const windows: { cpu: number; drops: number }[] = [];
    const droppedBefore = app.runtime.droppedMessages;
    const cpu0 = cpuMs();
    const t0 = Date.now();
    let sent = 0;
    let lastCpu = cpu0;
    let lastWin = t0;
    while (Date.now() - t0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate);
      for (; sent < due; sent++) {
        try {
          sentAt.set(sandbox.sendAs({ login: `user${sent % 3000}`, text: texts[sent % texts.length]! }), Date.now());
        } catch {
          // sandbox chat rules (duplicate within 30 s...) refuse a few: not offered
        }
      }
      if (Date.now() - lastWin >= 1000) {
        const c = cpuMs();
        windows.push({ cpu: (c - lastCpu) / (Date.now() - lastWin), drops: app.runtime.droppedMessages - droppedBefore });
        lastCpu = c;
        lastWin = Date.now();
      }
      await tick(5);
    }
    const offered = sentAt.size;
    await until(() => lags.length + (app.runtime.droppedMessages - droppedBefore) >= offered, 30_000);
    const wall = Date.now() - t0;
    const cpu = (cpuMs() - cpu0) / wall;
    const drops = app.runtime.droppedMessages - droppedBefore;
    const firstDrop = windows.findIndex((w) => w.drops > 0);
    const summaries = h.logs.filter((l) => /message queue full/.test(l.msg)).length;
    line('offered / handled', `${offered} / ${lags.length} (${((100 * lags.length) / offered).toFixed(1)}%)`, '>= 95%');
    line('lag sent -> decided: p50 / p99', `${ms(pct(lags, 0.5))} / ${ms(pct(lags, 0.99))}`, 'p99 <= 1 s');
    line('lag sent -> its Helix effects done: p50 / p99', `${ms(pct(settledLags, 0.5))} / ${ms(pct(settledLags, 0.99))} (Helix budget 700/min)`);
    const hx = app.runtime.effects.stats()[HELIX_LANE]!;
    line('moderation calls: ok / waiting at the end', `${hx.ok} / ${hx.waiting}`);
    line('process CPU (bot + in-process sandbox), of one core', `${(cpu * 100).toFixed(0)}%`);
    line(
      'dropped messages; CPU in the second the first drop happened',
      drops === 0 ? '0 (no drop)' : `${drops}; ${(windows[firstDrop]!.cpu * 100).toFixed(0)}%`,
      'CPU > 80% before any drop',
    );
    line('drop log lines (one summary per 10 s, never one per message)', String(summaries));
    const enc = app.encoder.stats();
    line('encoder mean batch size / p99 encode latency', `${enc.meanBatchSize.toFixed(1)} / ${ms(enc.latencyMs.p99)}`);
  } finally {
    await h.close();
  }
}

// --- 5. 1 M messages, 20 k users: memory -----------------------------------------------------
async function benchSoak(): Promise<void> {
  const total = Number(values['soak-messages']);
  console.log(`\n5. ${total.toLocaleString('en')} messages of real chat from 20,000 users through the pipeline (all modules, effect queue), RSS`);
  const texts = chatLines();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  // A store file, like a real bot (an in-memory database would count the moderation log as RSS)
  const dir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const store = Store.open({ path: join(dir, 'soak.sqlite') });
  const encoder = new SharedEncoder(await createEncoder({ kind: 'hash' }), { maxWaitMs: 0 });
  const modules = createModules({ encoder, store, clock, log: silentLogger });
  const channel = channelConfigSchema.parse({ language: 'fr', moderation: { defaultMode: 'enforce' } });
  const bot = new Bot({ channels: { soak: channel }, modules, encoder, clock, log: silentLogger, botLogin: 'semanticbot', botUserId: '1' });
  const transport: EffectTransport = { moderate: async () => undefined, send: async () => undefined, classify: () => ({ retryable: false, error: 'x' }) };
  const queue = new EffectQueue({
    clock: new SystemClock(),
    lanes: { [HELIX_LANE]: { concurrency: 8 }, [CHAT_LANE]: { concurrency: 4, budget: { tokens: 90, perMs: 32_000 } } },
  });
  const actions = new QueuedActions({ channel: 'soak', queue, transport, log: silentLogger });
  const samples: { n: number; rss: number; heap: number; buffers: number }[] = [];
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const t0 = Date.now();
  const cpu0 = cpuMs();
  for (let n = 0; n < total; n++) {
    // 300 msgs/s of chat time: windows, cooldowns and pruning timers run as on a busy stream
    clock.advanceTo(clock.now() + 3 + (n % 3 === 0 ? 1 : 0));
    const u = (n * 7919) % 20_000;
    const text = texts[n % texts.length]!;
    const m: ChatMessage = {
      id: `m${n}`,
      channel: 'soak',
      channelId: '42',
      text: n % 5 === 0 ? `${text} ${u % 97}` : text,
      time: clock.now(),
      user: { id: `u${u}`, login: `user${u}`, displayName: `user${u}`, roles: new Set(), badges: new Map(), firstMessage: n < 20_000 },
      emotes: [],
    } as unknown as ChatMessage;
    await bot.handle(m, actions);
    if ((n + 1) % 50_000 === 0) {
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      samples.push({ n: n + 1, rss: mem.rss / 1048576, heap: mem.heapUsed / 1048576, buffers: mem.arrayBuffers / 1048576 });
    }
  }
  const wall = Date.now() - t0;
  const after = samples.filter((s) => s.n > total * 0.2);
  const rss = after.map((s) => s.rss);
  line('messages/s (wall; machine shared) / CPU ms per message', `${Math.round((total / wall) * 1000)} / ${((cpuMs() - cpu0) / total).toFixed(3)}`);
  line('RSS every 50k messages (MB)', samples.map((s) => s.rss.toFixed(0)).join(' '));
  line('JS heap used every 50k messages (MB, after GC when --expose-gc)', samples.map((s) => s.heap.toFixed(0)).join(' '));
  line('typed-array buffers every 50k messages (MB: vectors, caches)', samples.map((s) => s.buffers.toFixed(0)).join(' '));
  line('RSS before the first message (process, encoder, store, modules)', `${(base.rss / 1048576).toFixed(0)} MB`);
  line(
    'RSS after warm-up (first 20%): min / max / last',
    `${Math.min(...rss).toFixed(0)} / ${Math.max(...rss).toFixed(0)} / ${rss[rss.length - 1]!.toFixed(0)} MB`,
    '<= 250 MB, flat',
  );
  queue.close();
  await bot.close();
  await encoder.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

// --- 6. 200 channels x 5 msgs/s --------------------------------------------------------------
async function benchChannels(count: number, perSecond: number): Promise<void> {
  const seconds = Number(values['channels-seconds']);
  console.log(`\n6. ${count} channels x ${perSecond} msgs/s in one process through the sandbox, ${seconds} s`);
  const names = Array.from({ length: count }, (_, i) => `chan${String(i).padStart(3, '0')}`);
  // Verified-bot join limits so 200 joins take seconds, not minutes (the sandbox does not limit joins)
  const h = await start({ channels: names, global: { twitch: { botLevel: 'verified' } } });
  const { app, sandbox } = h;
  const texts = chatLines();
  try {
    const sentAt = new Map<string, number>();
    const lags: number[] = [];
    app.runtime.onDecided((ctx) => {
      const at = sentAt.get(ctx.message.id);
      if (at !== undefined) lags.push(Date.now() - at);
    });
    const rate = count * perSecond;
    const cpu0 = cpuMs();
    const t0 = Date.now();
    let sent = 0;
    while (Date.now() - t0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate);
      for (; sent < due; sent++) {
        try {
          sentAt.set(sandbox.sendAs({ channel: names[sent % count]!, login: `u${sent % 5000}`, text: texts[sent % texts.length]! }), Date.now());
        } catch {
          // refused by the sandbox's chat rules: not offered
        }
      }
      await tick(5);
    }
    await until(() => lags.length >= sentAt.size, 20_000);
    const wall = Date.now() - t0;
    const cpu = cpuMs() - cpu0;
    const perMsg = cpu / Math.max(1, lags.length);
    line('offered / handled', `${sentAt.size} / ${lags.length}`);
    line('lag sent -> decided: p50 / p99 / max', `${ms(pct(lags, 0.5))} / ${ms(pct(lags, 0.99))} / ${ms(Math.max(...lags))}`, 'p99 <= 100 ms');
    line('process CPU (bot + in-process sandbox), of one core', `${((cpu / wall) * 100).toFixed(0)}%`);
    line(
      'CPU per message (incl. sandbox) -> channels one core holds at 5 msgs/s',
      `${perMsg.toFixed(3)} ms -> ${Math.floor(1000 / (perMsg * perSecond))} channels (lower bound: the sandbox's share is counted)`,
    );
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench:faults (node ${process.version}; 2 shared cores: CPU figures are process CPU time)`);
  if (only.has('auth')) await benchAuth();
  if (only.has('burst')) await benchBurst();
  if (only.has('helix')) {
    await benchHelix(503);
    await benchHelix(429);
  }
  if (only.has('rate')) {
    await benchRate(1000);
    // Overload on purpose: drops must come only once the process is saturated, summarised
    await benchRate(5000, 8, '4b. (overload)');
  }
  if (only.has('soak')) await benchSoak();
  if (only.has('channels')) await benchChannels(200, 5);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench:faults failed:', err);
    process.exit(1);
  },
);
