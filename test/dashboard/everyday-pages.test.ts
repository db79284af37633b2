// The Commands, Timers and Quotes pages of the dashboard, through the real app in local mode: the
// same stores and checks as the chat commands (an edit on the page answers in chat at once).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { Dashboard } from '../../src/dashboard/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { signIn, type DashboardClient } from './helpers.js';

let local: LocalApp;
let d: Dashboard;
let owner: DashboardClient;
const CH = 'sandbox';

beforeAll(async () => {
  local = await startLocalApp({ channel: channelConfigSchema.parse({ language: 'en' }) });
  d = local.app.dashboard!;
  owner = await signIn(d, CH);
});

afterAll(async () => {
  await local?.close();
});

describe('dashboard pages of custom commands, timers and quotes', () => {
  it('lists the pages with their scripts', async () => {
    const session = (await (await fetch(`${d.url}/api/session`, { headers: { cookie: owner.cookie } })).json()) as {
      pages: { id: string; script: string | null }[];
    };
    for (const id of ['commands', 'timers', 'quotes']) expect(session.pages.find((p) => p.id === id)?.script).toBe(`/pages/${id}.js`);
    const script = await fetch(`${d.url}/pages/commands.js`, { headers: { cookie: owner.cookie } });
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('export default function render');
  });

  it('adds, edits and deletes a command that then answers in chat; refuses a Twitch command', async () => {
    const added = await owner.api('POST', 'commands', {
      name: '!socials',
      response: 'Follow ${channel} everywhere',
      globalCooldownSeconds: 0,
      userCooldownSeconds: 0,
      aliases: 'links',
    });
    expect(added.status).toBe(200);
    expect((await local.replyTo({ login: 'viewer', text: '!cmd show links', roles: ['moderator'] })).text).toMatch(/^!socials \(everyone, 0 s, aliases !links/);
    const said = local.sandbox.waitForBotMessage((m) => m.text === 'Follow sandbox everywhere');
    await local.send({ login: 'viewer2', text: '!links' });
    await said;
    expect((await owner.api('PUT', 'commands/socials', { response: 'New socials' })).body.command.response).toBe('New socials');
    const bad = await owner.api('POST', 'commands', { name: 'evil', response: '/ban someone' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/cannot start with \/ or \./);
    expect((await owner.api('POST', 'commands', { name: 'cmd', response: 'x' })).status).toBe(400);
    expect((await owner.api('GET', 'commands')).body.commands.map((c: { name: string }) => c.name)).toEqual(['socials']);
    expect((await owner.api('DELETE', 'commands/socials')).status).toBe(200);
    expect((await owner.api('GET', 'commands')).body.commands).toEqual([]);
  });

  it('adds, pauses and deletes a timer', async () => {
    const added = await owner.api('POST', 'timers', { name: 'discord', intervalMinutes: 20, minMessages: 5, text: 'Join the discord' });
    expect(added.body.timer).toMatchObject({ name: 'discord', intervalMinutes: 20, minMessages: 5, enabled: true });
    expect((await owner.api('POST', 'timers', { name: 'bad', text: '.timeout x' })).status).toBe(400);
    expect((await owner.api('PUT', 'timers/discord', { enabled: false })).body.timer.enabled).toBe(false);
    expect((await local.replyTo({ login: 'mod1', text: '!timer list', roles: ['moderator'] })).text).toBe('Timers: discord (20 min, paused)');
    expect((await owner.api('DELETE', 'timers/discord')).status).toBe(200);
    expect((await owner.api('DELETE', 'timers/discord')).status).toBe(404);
  });

  it('adds and deletes quotes', async () => {
    const q = await owner.api('POST', 'quotes', { text: 'On se calme dans le chat' });
    expect(q.body.quote).toMatchObject({ number: 1, addedBy: 'owner' });
    const said = local.sandbox.waitForBotMessage((m) => m.text.startsWith('#1: "On se calme dans le chat"'));
    await local.send({ login: 'reader', text: '!quote 1' });
    await said;
    expect((await owner.api('DELETE', 'quotes/1')).status).toBe(200);
    expect((await owner.api('GET', 'quotes')).body.quotes).toEqual([]);
  });
});
