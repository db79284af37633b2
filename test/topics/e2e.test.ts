import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { App } from '../../src/app/app.js';
import type { Decision } from '../../src/chat/decisions.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { EMOTES, NUCLEAR, PLUS1 } from './planted.js';

let app: App;
let sandbox: Sandbox;
let decisions: Decision[];
let handled: LocalApp['send'];

beforeAll(async () => {
  // the real module set of `npm start` (moderation, topics, FAQ)
  ({ app, sandbox, decisions, send: handled } = await startLocalApp({ sandbox: { channels: ['topicchan'] } }));
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
