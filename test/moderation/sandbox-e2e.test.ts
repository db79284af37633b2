// End to end: the real app in local mode (twurple ChatClient + ApiClient) against the sandbox's
// IRC and Helix servers, with the real moderation module. The bot's clock runs on wall time but
// can jump forward, so the shield's restore timer runs without waiting two minutes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { App } from '../../src/app/app.js';
import type { CancelTimer, Clock } from '../../src/chat/clock.js';
import type { ChatContext } from '../../src/chat/context.js';
import type { Decision, ModerationDecision } from '../../src/chat/decisions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

let app: App;
let sandbox: Sandbox;
/** Wall-clock time plus an offset that `jump` increases, firing the timers that fall due. */
class JumpClock implements Clock {
  private offset = 0;
  private readonly timers = new Set<{ at: number; fn: () => void; handle: NodeJS.Timeout }>();
  now(): number {
    return Date.now() + this.offset;
  }
  setTimer(ms: number, fn: () => void): CancelTimer {
    const t = { at: this.now() + Math.max(0, ms), fn, handle: setTimeout(() => this.fire(t), Math.max(0, ms)) };
    this.timers.add(t);
    return () => {
      clearTimeout(t.handle);
      this.timers.delete(t);
    };
  }
  private fire(t: { at: number; fn: () => void; handle: NodeJS.Timeout }): void {
    if (!this.timers.delete(t)) return;
    clearTimeout(t.handle);
    t.fn();
  }
  jump(ms: number): void {
    this.offset += ms;
    for (const t of [...this.timers].sort((a, b) => a.at - b.at)) if (t.at <= this.now()) this.fire(t);
  }
}
const clock = new JumpClock();
let decisions: Decision[];
let sendAndHandle: LocalApp['send'];
const moderation = () => decisions.filter((d): d is ModerationDecision => d.kind === 'moderation');

beforeAll(async () => {
  const channel = channelConfigSchema.parse({
    language: 'en',
    moderation: { defaultMode: 'enforce', flood: { shield: { enabled: true, users: 5, durationSeconds: 120 } } },
  });
  ({
    app,
    sandbox,
    decisions,
    send: sendAndHandle,
  } = await startLocalApp({
    channel,
    clock,
    modules: (services) => [createModerationModule(services)],
    sandbox: { channels: ['modchan'] },
  }));
  await sandbox.waitForJoin('modchan', app.identity.login);
});

afterAll(async () => {
  await app?.close();
});

describe('moderation through the sandbox', () => {
  it('warns a repeater through Helix, then times them out', async () => {
    const texts = [
      'quelle est la musique de fond de l’émission ce soir svp',
      'Quelle est la musique de fond de l’émission ce soir ? svp',
      'quelle est la musique de fond de l’emission ce soir svp !!',
      'QUELLE est la musique de fond de l’émission ce soir svp ??',
    ];
    const ctxs: ChatContext[] = [];
    for (const text of texts) {
      ctxs.push(await sendAndHandle({ login: 'repeater', text }));
      // The first two copies stay in chat
      if (ctxs.length === 2) expect(sandbox.messages('modchan').filter((m) => m.deleted)).toEqual([]);
    }
    expect(ctxs.map((c) => c.moderated !== undefined)).toEqual([false, false, true, true]);
    const warnings = sandbox.helixCalls.filter((c) => c.method === 'POST' && c.path === 'moderation/warnings');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.status).toBe(200);
    const bans = sandbox.helixCalls.filter((c) => c.method === 'POST' && c.path === 'moderation/bans');
    expect(bans).toHaveLength(1);
    expect(bans[0]!.body).toMatchObject({ data: { duration: 60 } });
    expect(sandbox.banOf('repeater', 'modchan')).toEqual(expect.any(Number));
    // The timeout clears the user's earlier messages too (CLEARCHAT), like Twitch
    const deleted = sandbox
      .messages('modchan')
      .filter((m) => m.deleted)
      .map((m) => m.id);
    expect(deleted).toEqual(expect.arrayContaining([ctxs[2]!.message.id, ctxs[3]!.message.id]));
    expect(
      moderation()
        .filter((d) => d.filter === 'repeat')
        .map((d) => [d.action, d.helixOk]),
    ).toEqual([
      ['warn', true],
      ['timeout', true],
    ]);
  });

  it('removes a 5-account obfuscated raid, shields the chat and restores the settings', async () => {
    const before = sandbox.chatSettings('modchan');
    expect(before.followerOnly || before.uniqueChat).toBe(false);
    const raid = [
      'hey guys check out my new music video on my channel it would mean a lot to me',
      'hеy guys сhеck оut my nеw music vidеo оn my сhannеl it wоuld mеan a lоt tо mе',
      'hey g\u200buys check out my n\u200cew music vi\u2060deo on my channel it would mean a lot to me',
      'HEY GUYS check out my new music video LUL on my channel it would mean a lot to me !!!',
      'hey guys c h e c k out my new music video on my chan nel it would mean a lot to me',
    ];
    const announced = sandbox.waitForBotMessage((m) => /Bot raid detected/.test(m.text));
    const ids: string[] = [];
    for (let i = 0; i < raid.length; i++) ids.push((await sendAndHandle({ login: `raider${i}`, text: raid[i]! })).message.id);
    const deleted = new Set(
      sandbox
        .messages('modchan')
        .filter((m) => m.deleted)
        .map((m) => m.id),
    );
    for (const id of ids) expect(deleted.has(id)).toBe(true);
    for (let i = 0; i < raid.length; i++) expect(sandbox.banOf(`raider${i}`, 'modchan')).toEqual(expect.any(Number));
    expect(sandbox.chatSettings('modchan')).toMatchObject({ followerOnly: true, followerOnlyDelayMinutes: 10, uniqueChat: true });
    await announced;

    // The shield's time runs out on the bot's clock: the previous settings come back through Helix
    const restored = sandbox.waitForHelixCall(
      (c) => c.method === 'PATCH' && c.path === 'chat/settings' && (c.body as { follower_mode?: boolean })?.follower_mode === false,
    );
    clock.jump(121_000);
    expect((await restored).status).toBe(200);
    expect(sandbox.chatSettings('modchan')).toMatchObject({ followerOnly: before.followerOnly, uniqueChat: before.uniqueChat });
  });

  it('leaves a moderator alone and keeps working after Helix refuses an action', async () => {
    const modCtx = await sendAndHandle({ login: 'helper', roles: ['moderator'], text: 'Best viewers on streamboo .com' });
    expect(modCtx.moderated).toBeUndefined();
    sandbox.failNext('DELETE moderation/chat', 403, 1, { message: "The user in moderator_id is not one of the broadcaster's moderators." });
    const refused = await sendAndHandle({ login: 'seller', text: 'Best viewers on bigfollows .com' });
    expect(moderation().find((d) => d.messageId === refused.message.id)).toMatchObject({ filter: 'blocklist', enforced: true, helixOk: false });
    const next = await sendAndHandle({ login: 'seller2', text: 'Best viewers on viewerboost .com' });
    expect(moderation().find((d) => d.messageId === next.message.id)).toMatchObject({ filter: 'blocklist', helixOk: true });
  });
});
