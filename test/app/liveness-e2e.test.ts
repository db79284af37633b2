// Liveness end to end (issue 10): the real app in local mode against the sandbox, with faults.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/chat/logger.js';
import type { BotModule } from '../../src/bot/module.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

let local: LocalApp | undefined;
afterEach(async () => {
  await local?.close();
  local = undefined;
});

const enforcing = channelConfigSchema.parse({ language: 'en', moderation: { defaultMode: 'enforce' } });

describe('liveness under faults', () => {
  it('heals after the token endpoint failed: chat reconnects and commands are answered again, without a restart', async () => {
    local = await startLocalApp({ channel: enforcing, sandbox: { channels: ['healchan'] }, authRetryMs: 20 });
    const { app, sandbox } = local;
    const stop = sandbox.failUntilCleared('auth/token', 500);
    sandbox.revokeToken('sandbox-access-token');
    const failing = app.auth.when('refresh-failing');
    sandbox.dropConnections(); // chat must log in again, which needs a refreshed token
    await failing;
    const health = await (await fetch(`http://127.0.0.1:${app.healthServer!.port}/healthz`)).json();
    expect(health).toMatchObject({ status: 'degraded', checks: { auth: { status: 'degraded' } } });
    const rejoined = sandbox.waitForJoin('healchan', app.identity.login, 20_000);
    stop();
    await rejoined;
    expect(app.auth.state).toBe('ok');
    expect(app.runtime.chat.isConnected).toBe(true);
    const reply = await local.replyTo({ login: 'viewer', text: '!commands' }, 20_000);
    expect(reply.text).toMatch(/^Commands: /);
  });

  it('decides without waiting for Helix: commands are answered during a Helix outage and the spam is removed once it ends', async () => {
    local = await startLocalApp({ channel: enforcing, modules: (s) => [createModerationModule(s)], sandbox: { channels: ['outagechan'] } });
    const { app, sandbox } = local;
    const stop = sandbox.failUntilCleared(/^(POST|DELETE) moderation\//, 503);
    const spamId = sandbox.sendAs({ login: 'seller', text: 'Best viewers on bigfollows .com' });
    // The moderator's command behind the spam is answered while Helix still fails
    const reply = await local.replyTo({ login: 'modo', roles: ['moderator'], text: '!commands' }, 10_000);
    expect(reply.text).toMatch(/^Commands: /);
    expect(sandbox.messages('outagechan').find((m) => m.id === spamId)?.deleted).toBeFalsy();
    expect(app.store.db.prepare('SELECT filter, helix_ok FROM moderation_log WHERE message_id = ?').get(spamId)).toEqual({
      filter: 'blocklist',
      helix_ok: null,
    });
    const deleted = sandbox.waitForHelixCall((c) => c.method === 'DELETE' && c.path === 'moderation/chat' && c.status < 300, 20_000);
    stop();
    expect((await deleted).query['message_id']).toBe(spamId);
  });

  it('150 viewers typing !commands at once get one coalesced answer, and the spam among them is still deleted', async () => {
    local = await startLocalApp({ channel: enforcing, modules: (s) => [createModerationModule(s)], sandbox: { channels: ['crowdchan'] } });
    const { sandbox } = local;
    const before = sandbox.botMessages.length;
    const answered = sandbox.waitForBotMessage((m) => /^Commands: /.test(m.text), 20_000);
    const deleted = sandbox.waitForHelixCall((c) => c.method === 'DELETE' && c.path === 'moderation/chat' && c.status < 300, 20_000);
    for (let i = 0; i < 150; i++) {
      sandbox.sendAs({ login: `viewer${i}`, text: '!commands' });
      if (i === 75) sandbox.sendAs({ login: 'seller', text: 'Best viewers on bigfollows .com' });
    }
    await answered;
    await deleted;
    // Every one of the 150 has been decided once a later message is handled
    await local.send({ login: 'last', text: 'bonne soirée' });
    const answers = sandbox.botMessages.slice(before).filter((m) => /^Commands: /.test(m.text));
    expect(answers).toHaveLength(1);
  });

  it('a channel that cannot keep up drops its oldest waiting messages with one summary line, not one line per message (defect 8)', async () => {
    const lines: string[] = [];
    let summary: (line: string) => void = () => undefined;
    const summarised = new Promise<string>((r) => (summary = r));
    const log = createLogger({
      level: 'warn',
      format: 'json',
      write: (l) => {
        lines.push(l);
        if (/message queue full/.test(l)) summary(l);
      },
    });
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (release = r));
    let seen = 0;
    const slow: BotModule = {
      name: 'slow',
      moderation: async (ctx, next) => {
        if (++seen === 1) await blocked;
        return next();
      },
    };
    local = await startLocalApp({ log, modules: () => [slow], sandbox: { channels: ['slowchan'] }, maxQueuedPerChannel: 5, dropSummaryEveryMs: 50 });
    const { sandbox } = local;
    for (let i = 0; i < 60; i++) sandbox.sendAs({ login: `v${i}`, text: `message ${i}` });
    const line = JSON.parse(await summarised) as { dropped: number; msg: string };
    expect(line.dropped).toBeGreaterThan(0);
    expect(line.msg).toMatch(/oldest waiting messages dropped/);
    expect(lines.filter((l) => /message queue full/.test(l))).toHaveLength(1);
    release();
    await local.send({ login: 'after', text: 'still here' });
  });
});
