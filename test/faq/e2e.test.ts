import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type App } from '../../src/bot/app.js';
import type { Decision } from '../../src/bot/decisions.js';
import { silentLogger } from '../../src/bot/logger.js';
import { channelConfigSchema } from '../../src/config/channel-config.js';
import type { Env } from '../../src/config/env.js';
import { globalConfigSchema } from '../../src/config/global-config.js';
import { loadFaqFile } from '../../src/faq/file.js';
import { createFaqModule } from '../../src/faq/module.js';
import type { BotMessage, Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { fixturePath } from '../helpers/paths.js';

const env: Env = {
  twitchClientId: undefined,
  twitchClientSecret: undefined,
  botLogin: undefined,
  channels: undefined,
  tokenFile: 'unused',
  configDir: 'unused',
  mode: 'local',
  logLevel: undefined,
  logFormat: undefined,
  storePath: ':memory:',
  sandboxPort: 0,
  envFile: undefined,
};

const seedFile = fixturePath('faq', 'faq.yaml');
const answers = new Map(loadFaqFile(seedFile).map((e) => [e.id, e.answer]));
let app: App;
let sandbox: Sandbox;
const decisions: Decision[] = [];

/** Sends as a viewer and resolves with the bot's reply to that message. */
async function replyTo(input: SendAsInput): Promise<BotMessage> {
  let id = '';
  const reply = sandbox.waitForBotMessage((m) => m.replyParentId === id, 10_000);
  id = sandbox.sendAs(input);
  return reply;
}

/** Sends as a viewer and resolves once the bot has handled it; returns what it sent. */
async function handled(input: SendAsInput): Promise<string[]> {
  let id = '';
  const done = new Promise<string[]>((resolve) => {
    const off = app.runtime.onHandled((ctx) => {
      if (ctx.message.id === id) {
        off();
        resolve([...ctx.sent]);
      }
    });
  });
  id = sandbox.sendAs(input);
  return done;
}

beforeAll(async () => {
  const channel = channelConfigSchema.parse({
    faq: { seedFile, channelCooldownSeconds: 0, userCooldownSeconds: 0, entryCooldownSeconds: 0 },
    commands: { userCooldownSeconds: 0, globalCooldownSeconds: 0 },
  });
  app = await startApp({
    env,
    config: { global: globalConfigSchema.parse({}), channels: [], channelConfigs: new Map(), defaultChannel: channel, warnings: [] },
    log: silentLogger,
    modules: (services) => [createFaqModule(services, { checkSeedFile: seedFile })],
    sandbox: { port: 0, channels: ['faqchan'], backgroundChat: false },
    helixBackoffMs: 50,
  });
  sandbox = app.sandbox!;
  app.bot.onDecision((d) => decisions.push(d));
  await app.runtime.waitUntilJoined(10_000);
});

afterAll(async () => {
  await app?.close();
});

describe('faq end to end through the local sandbox', () => {
  it('answers a paraphrase as a Twitch reply and records the decision', async () => {
    const m = await replyTo({ login: 'alice', text: 'c koi la zik ?? catJAM' });
    expect(m.text).toBe(answers.get('music'));
    expect(m.rejected).toBeUndefined();
    expect(decisions.filter((d) => d.kind === 'faq')).toEqual([expect.objectContaining({ entry: 'music', userLogin: 'alice' })]);
  });

  it('ignores chat that is not a FAQ question', async () => {
    expect(await handled({ login: 'bob', text: "t'as mangé quoi ce midi ?" })).toEqual([]);
    expect(await handled({ login: 'bob', text: 'la musique est trop forte' })).toEqual([]);
  });

  it('lets moderators teach it in chat, refuses viewers, and neutralises / answers', async () => {
    const denied = await replyTo({ login: 'carol', displayName: 'Moderator', text: '!faq add merch pwned' });
    expect(denied.text).toBe('Seuls les modos peuvent modifier la FAQ.');
    expect((await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq add merch Le merch : https://exemple.fr/shop' })).text).toMatch(/^FAQ « merch » ajoutée/);
    expect((await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq ask merch il y a une boutique ?' })).text).toMatch(/^Question ajoutée/);
    expect((await replyTo({ login: 'erin', text: 'ya une boutique ??' })).text).toBe('Le merch : https://exemple.fr/shop');
    await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq edit discord /ban faqchan' });
    const answer = await replyTo({ login: 'frank', text: 'il y a un discord ?' });
    expect(answer.text).toBe('ban faqchan');
    expect(answer.rejected).toBeUndefined();
  });
});
