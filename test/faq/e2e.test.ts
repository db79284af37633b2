import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { loadFaqFile } from '../../src/faq/file.js';
import { createFaqModule } from '../../src/faq/module.js';
import type { SendAsInput } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { fixturePath } from '../helpers/paths.js';

const seedFile = fixturePath('faq', 'faq.yaml');
const answers = new Map(loadFaqFile(seedFile).map((e) => [e.id, e.answer]));
let local: LocalApp | undefined;
let decisions: LocalApp['decisions'];
let replyTo: LocalApp['replyTo'];

/** Sends as a viewer and resolves once the bot has handled it; returns what it sent. */
async function handled(input: SendAsInput): Promise<string[]> {
  return [...(await local!.send(input)).sent];
}

beforeAll(async () => {
  const channel = channelConfigSchema.parse({
    faq: { seedFile, channelCooldownSeconds: 0, userCooldownSeconds: 0, entryCooldownSeconds: 0 },
    commands: { userCooldownSeconds: 0, globalCooldownSeconds: 0 },
  });
  local = await startLocalApp({
    channel,
    modules: (services) => [createFaqModule(services, { checkSeedFile: seedFile })],
    sandbox: { channels: ['faqchan'] },
  });
  ({ decisions, replyTo } = local);
});

afterAll(async () => {
  await local?.close();
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
    expect((await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq add merch Le merch : https://exemple.fr/shop' })).text).toMatch(
      /^FAQ « merch » ajoutée/,
    );
    expect((await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq ask merch il y a une boutique ?' })).text).toMatch(/^Question ajoutée/);
    expect((await replyTo({ login: 'erin', text: 'ya une boutique ??' })).text).toBe('Le merch : https://exemple.fr/shop');
    await replyTo({ login: 'dave', roles: ['moderator'], text: '!faq edit discord /ban faqchan' });
    const answer = await replyTo({ login: 'frank', text: 'il y a un discord ?' });
    expect(answer.text).toBe('ban faqchan');
    expect(answer.rejected).toBeUndefined();
  });
});
