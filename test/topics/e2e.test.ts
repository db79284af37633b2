import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type App } from '../../src/bot/app.js';
import type { Decision } from '../../src/bot/decisions.js';
import { silentLogger } from '../../src/bot/logger.js';
import { channelConfigSchema } from '../../src/config/channel-config.js';
import type { Env } from '../../src/config/env.js';
import { globalConfigSchema } from '../../src/config/global-config.js';
import type { Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { EMOTES, NUCLEAR, PLUS1 } from './planted.js';

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

let app: App;
let sandbox: Sandbox;
const decisions: Decision[] = [];

/** Sends as a viewer and resolves once the bot has handled the message. */
async function handled(input: SendAsInput): Promise<void> {
  let id = '';
  const done = new Promise<void>((resolve) => {
    const off = app.runtime.onHandled((ctx) => {
      if (ctx.message.id === id) {
        off();
        resolve();
      }
    });
  });
  id = sandbox.sendAs(input);
  return done;
}

beforeAll(async () => {
  app = await startApp({
    env,
    config: { global: globalConfigSchema.parse({}), channels: [], channelConfigs: new Map(), defaultChannel: channelConfigSchema.parse({}), warnings: [] },
    log: silentLogger,
    // the real module set of `npm start` (moderation, topics, FAQ)
    sandbox: { port: 0, channels: ['topicchan'], backgroundChat: false },
    helixBackoffMs: 50,
  });
  sandbox = app.sandbox!;
  app.bot.onDecision((d) => decisions.push(d));
  await app.runtime.waitUntilJoined(10_000);
});

afterAll(async () => {
  await app?.close();
});

describe('!topic end to end through the local sandbox', () => {
  it('answers a viewer on a quiet chat, then with the topics after a few messages', async () => {
    const quiet = sandbox.waitForBotMessage((m) => m.text.startsWith('Chat ('), 10_000);
    sandbox.sendAs({ login: 'alice', text: '!topic' });
    expect((await quiet).text).toMatch(/calme/);

    for (let i = 0; i < 8; i++) {
      await handled({ login: `fan${i}`, text: EMOTES[i]! });
      await handled({ login: `viewer${i}`, text: NUCLEAR[i]! });
      await handled({ login: `plus${i}`, text: PLUS1[i]! });
    }
    const answer = sandbox.waitForBotMessage((m) => m.text.startsWith('Chat (') && !/calme/.test(m.text), 10_000);
    sandbox.sendAs({ login: 'bob', roles: ['moderator'], text: '!topic' });
    const m = await answer;
    expect(m.rejected).toBeUndefined();
    expect([...m.text].length).toBeLessThanOrEqual(500);
    expect(m.text).toContain('ponceJAM');
    expect(m.text).toContain('+1');
    expect(m.text).toContain('nucléaire');
    expect(decisions.filter((d) => d.kind === 'command' && d.command === 'topic')).toHaveLength(2);
    // ordinary enthusiastic chat is not moderation's business
    expect(decisions.filter((d) => d.kind === 'moderation')).toEqual([]);
  });
});
