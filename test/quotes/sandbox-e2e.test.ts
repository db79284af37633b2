// Quotes end to end: the real app in local mode against the sandbox, with the quotes module and
// the shared (hash) encoder: add, read by number, find by meaning, delete.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createQuotesModule } from '../../src/quotes/module.js';
import type { BotMessage, Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { mulberry32 } from '../../src/util/random.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';

let local: LocalApp;
let sandbox: Sandbox;
const CHANNEL = 'quotechan';

beforeAll(async () => {
  local = await startLocalApp({
    channel: channelConfigSchema.parse({
      language: 'fr',
      quotes: { addPermission: 'vip' },
      commands: { cooldowns: { quote: { globalSeconds: 0, userSeconds: 0 } } },
    }),
    modules: (services) => [createQuotesModule(services, { random: mulberry32(4) })],
    sandbox: { channels: [CHANNEL] },
  });
  sandbox = local.sandbox;
  await sandbox.waitForJoin(CHANNEL, local.app.identity.login);
});

afterAll(async () => {
  await local?.close();
});

const as = (login: string, text: string, roles: SendAsInput['roles'] = []): SendAsInput => ({ login, text, channel: CHANNEL, roles });

/** Sends and resolves with the bot's next message (say or reply). */
async function answer(input: SendAsInput): Promise<BotMessage> {
  const next = sandbox.waitForBotMessage((m) => m.channel === CHANNEL);
  await local.send(input);
  return next;
}

const QUOTES = [
  'Je reviens dans cinq minutes, je vais chercher une pizza',
  "Ce boss est vraiment impossible, j'abandonne le jeu",
  "Le nucléaire c'est l'énergie de demain, pas d'hier",
  'Chat, arrêtez de me spoiler la fin du film svp',
];

describe('quotes through the sandbox', () => {
  it('adds quotes (VIPs here), reads one by number, refuses viewers', async () => {
    sandbox.setStream({ game: 'Elden Ring' }, CHANNEL);
    for (let i = 0; i < QUOTES.length; i++) {
      expect((await answer(as('helper', `!quote add « ${QUOTES[i]} »`, ['vip']))).text).toBe(`Citation n° ${i + 1} ajoutée.`);
    }
    expect((await answer(as('viewer', '!quote add nope'))).text).toBe('!quote add est réservé aux VIP.');
    const second = await answer(as('viewer', '!quote #2'));
    expect(second.text).toMatch(/^#2 : « Ce boss est vraiment impossible, j'abandonne le jeu » \(Elden Ring, \d{4}-\d\d-\d\d\)$/);
    expect((await answer(as('viewer2', '!quote 99'))).text).toBe('Pas de citation n° 99. !quote pour une au hasard.');
  });

  it('finds a quote by meaning, not only by its exact words', async () => {
    const cases: [string, number][] = [
      ['les pizzas', 1],
      ['trop dur ce boss', 2],
      ['abandonner ce boss', 2],
      ['énergie nucléaire', 3],
      ['spoilers du film', 4],
    ];
    for (const [query, n] of cases) {
      const found = await answer(as(`searcher${n}`, `!quote ${query}`));
      expect(found.text.startsWith(`#${n} : `)).toBe(true);
    }
    expect((await answer(as('searcher9', '!quote xylophone quantique'))).text).toBe('Aucune citation ne parle de ça. !quote pour une au hasard.');
  });

  it('gives a random quote and deletes by number without reusing it', async () => {
    expect((await answer(as('reader', '!quote'))).text).toMatch(/^#[1-4] : « /);
    expect((await answer(as('vipper', '!quote del 2', ['vip']))).text).toBe('!quote del est réservé aux modérateurs.');
    expect((await answer(as('helper2', '!quote del 2', ['moderator']))).text).toBe('Citation n° 2 supprimée.');
    expect((await answer(as('reader2', '!quote 2'))).text).toBe('Pas de citation n° 2. !quote pour une au hasard.');
    expect((await answer(as('helper3', '!quote add Nouvelle citation', ['moderator']))).text).toBe('Citation n° 5 ajoutée.');
  });
});
