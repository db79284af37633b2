// Trusted chatters end to end: the real app in local mode against the sandbox, with the real
// moderation module and the app's chatter registry. A regular's link stays, a first-time
// chatter's is deleted; semantic filters still act on the regular; !trust / !untrust; a young
// account (Helix GET users) is not trusted whatever its history.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChatContext } from '../../src/chat/context.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { BotModule, ChannelEvent } from '../../src/bot/module.js';
import { createModerationModule } from '../../src/moderation/module.js';
import type { Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { ChatterRegistry } from '../../src/store/chatters.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

const CHANNEL = 'trustchan';
const DAY = 86_400_000;
let local: LocalApp;
let sandbox: Sandbox;
/** Resolves the waiters on each moderator-action event, after moderation handled it. */
const actionWaiters = new Set<(e: ChannelEvent) => void>();
const recorder: BotModule = {
  name: 'recorder',
  onChannelEvent: (event) => {
    if (event.kind === 'moderator-action') for (const w of [...actionWaiters]) w(event);
  },
};
const nextModeratorAction = () =>
  new Promise<ChannelEvent>((resolve) => {
    const w = (e: ChannelEvent) => {
      actionWaiters.delete(w);
      resolve(e);
    };
    actionWaiters.add(w);
  });

beforeAll(async () => {
  local = await startLocalApp({
    channel: channelConfigSchema.parse({ language: 'en', moderation: { defaultMode: 'enforce', announceDryRun: false } }),
    modules: (services) => [createModerationModule(services), recorder],
    sandbox: { channels: [CHANNEL] },
  });
  sandbox = local.sandbox;
  await sandbox.waitForJoin(CHANNEL, local.app.identity.login);
  // History from earlier streams: 60 messages over 5 days for the regulars
  const registry = new ChatterRegistry(local.app.store);
  const now = Date.now();
  for (const login of ['regular1', 'youngreg', 'regular2']) {
    for (let d = 5; d >= 1; d--) for (let i = 0; i < 12; i++) registry.record(CHANNEL, `id-${login}`, login, now - d * DAY + i * 60_000);
  }
});

afterAll(async () => {
  await local?.close();
});

const OLD = Date.now() - 800 * DAY;
const as = (login: string, text: string, extra: Partial<SendAsInput> = {}): SendAsInput => ({
  login,
  userId: `id-${login}`,
  accountCreatedAt: OLD,
  text,
  channel: CHANNEL,
  ...extra,
});
const deleted = (ctx: ChatContext) => sandbox.messages(CHANNEL).find((m) => m.id === ctx.message.id)?.deleted ?? false;
const mod = (text: string) => local.replyTo({ login: 'helper', roles: ['moderator'], text, channel: CHANNEL });

describe('trusted chatters through the sandbox', () => {
  it("leaves a regular's link alone and deletes a first-time chatter's", async () => {
    const regular = await local.send(as('regular1', 'look at this clip https://streamable.com/abc123 so funny'));
    expect(regular.moderated).toBeUndefined();
    expect(deleted(regular)).toBe(false);
    const newcomer = await local.send(as('newcomer', 'look at this clip https://streamable.com/xyz789 so funny'));
    expect(newcomer.moderated).toMatchObject({ filter: 'links', enforced: true });
    expect(deleted(newcomer)).toBe(true);
    // Shouting: the regular's caps stay, the newcomer's go
    const caps = 'GGGG WHAT A PLAY THAT WAS ABSOLUTELY INSANE LETS GOOOO';
    expect((await local.send(as('regular1', caps))).moderated).toBeUndefined();
    expect((await local.send(as('newcomer', caps))).moderated).toMatchObject({ filter: 'caps' });
  });

  it('does not trust a young account (Helix account age), whatever its history', async () => {
    const young = await local.send(as('youngreg', 'my clip https://streamable.com/young1', { accountCreatedAt: Date.now() - 2 * DAY }));
    expect(young.moderated).toMatchObject({ filter: 'links' });
    expect(sandbox.helixCalls.some((c) => c.path === 'users' && c.query['id'] === 'id-youngreg')).toBe(true);
  });

  it('!trust and !untrust override the automatic level', async () => {
    expect((await mod('!trust newcomer')).text).toMatch(/^@newcomer is trusted/);
    expect((await local.send(as('newcomer', 'here https://streamable.com/ok1'))).moderated).toBeUndefined();
    expect((await mod('!untrust regular1')).text).toMatch(/^@regular1 is no longer trusted/);
    expect((await local.send(as('regular1', 'again https://streamable.com/no1'))).moderated).toMatchObject({ filter: 'links' });
    expect((await mod('!trust regular1 auto')).text).toBe('Trust of @regular1 is automatic again (regular).');
    expect((await mod('!trustlevel regular1')).text).toMatch(/^@regular1: regular \(\d+ messages on 6 days, history\); rule filters lifted\.$/);
    expect((await mod('!trust nobodyhere')).text).toBe('@nobodyhere never chatted here: I cannot set their trust.');
  });

  it("another moderator's timeout is moderation history: the regular's links are filtered again", async () => {
    expect((await local.send(as('regular2', 'clip https://streamable.com/r2a'))).moderated).toBeUndefined();
    const seen = nextModeratorAction();
    sandbox.moderate({ by: 'othermod', action: 'timeout', login: 'regular2', durationSeconds: 60, channel: CHANNEL });
    expect(await seen).toMatchObject({ kind: 'moderator-action', action: 'timeout', target: { login: 'regular2' } });
    const after = await local.send(as('regular2', 'clip https://streamable.com/r2b', { bypassChatRules: true }));
    expect(after.moderated).toMatchObject({ filter: 'links' });
  });

  it('semantic filters still act on a regular, and the penalty costs their trust', async () => {
    const spam = await local.send(as('regular1', 'Best viewers on bigfollows .com'));
    expect(spam.moderated).toMatchObject({ filter: 'blocklist' });
    expect(deleted(spam)).toBe(true);
    // Warned within penaltyDays: back to new, rule filters apply again
    const link = await local.send(as('regular1', 'clip https://streamable.com/after1'));
    expect(link.moderated).toMatchObject({ filter: 'links' });
    expect((await mod('!trustlevel regular1')).text).toMatch(/^@regular1: new \(.*recent penalty\); rule filters on\.$/);
  });
});
