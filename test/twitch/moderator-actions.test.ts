// Other moderators' actions reach the modules as `moderator-action` channel events; the bot's own
// deletions and timeouts (echoed by chat the same way) do not.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ChannelEvent, ModeratorActionEvent, BotModule } from '../../src/bot/module.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

const events: ModeratorActionEvent[] = [];
const waiters: { pred: (e: ModeratorActionEvent) => boolean; resolve: (e: ModeratorActionEvent) => void }[] = [];

/** Deletes messages containing "badword" and times out "spamlink" senders itself; records channel events. */
const probe: BotModule = {
  name: 'probe',
  moderation: async (ctx, next) => {
    if (ctx.text.includes('badword')) return void (await ctx.deleteMessage());
    if (ctx.text.includes('spamlink')) return void (await ctx.timeout(60, 'spam'));
    return next();
  },
  onChannelEvent(event: ChannelEvent) {
    if (event.kind !== 'moderator-action') return;
    events.push(event);
    for (const w of [...waiters]) {
      if (w.pred(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  },
};

function nextEvent(pred: (e: ModeratorActionEvent) => boolean): Promise<ModeratorActionEvent> {
  const hit = events.find(pred);
  if (hit) return Promise.resolve(hit);
  return new Promise((resolve) => waiters.push({ pred, resolve }));
}

let local: LocalApp;

beforeAll(async () => {
  local = await startLocalApp({ modules: () => [probe], sandbox: { channels: ['modchan'] } });
});

afterAll(async () => {
  await local?.close();
});

describe('IRC: actions of other moderators', () => {
  test("a deletion by another moderator is a moderator-action event with the message; the bot's own is not", async () => {
    const own = await local.send({ login: 'dave', text: 'this has a badword' });
    const other = await local.send({ login: 'erin', text: 'a message a human moderator dislikes' });
    local.sandbox.moderate({ by: 'humanmod', action: 'delete', messageId: other.message.id });
    const e = await nextEvent((x) => x.action === 'delete');
    expect(e).toEqual({
      kind: 'moderator-action',
      action: 'delete',
      target: { login: 'erin' },
      messageId: other.message.id,
      messageText: 'a message a human moderator dislikes',
    });
    expect(events.some((x) => x.messageId === own.message.id)).toBe(false);
  });

  test("timeouts, bans and clears by another moderator; the bot's own timeout is not reported", async () => {
    await local.send({ login: 'spammer', text: 'buy now spamlink' });
    await local.send({ login: 'frank', text: 'hello' });
    await local.send({ login: 'gina', text: 'hello too' });
    local.sandbox.moderate({ by: 'humanmod', action: 'timeout', login: 'frank', durationSeconds: 300, reason: 'calm down' });
    local.sandbox.moderate({ by: 'humanmod', action: 'ban', login: 'gina' });
    local.sandbox.moderate({ by: 'humanmod', action: 'clear' });
    await nextEvent((x) => x.action === 'clear');
    const frank = events.find((x) => x.action === 'timeout')!;
    expect(frank).toMatchObject({ action: 'timeout', target: { login: 'frank', id: expect.any(String) }, durationSeconds: 300 });
    expect(events.find((x) => x.action === 'ban')).toMatchObject({ target: { login: 'gina' } });
    expect(events.some((x) => x.target?.login === 'spammer')).toBe(false);
    // In channel order: timeout, ban, then clear
    expect(events.map((x) => x.action).slice(-3)).toEqual(['timeout', 'ban', 'clear']);
  });
});
