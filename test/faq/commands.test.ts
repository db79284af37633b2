import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { makeFaqBot, tempDir } from './harness.js';

const MOD = { user: 'mod', roles: ['moderator' as const] };

describe('!faq', () => {
  it('lists ids and answers one, to the caller or to a mentioned viewer', async () => {
    const bot = makeFaqBot();
    await bot.run('!faq');
    expect(bot.replies()[0]!.text).toBe('FAQ : about, discord, game, music, schedule, setup, socials, topic — tape !faq <id>');
    await bot.run('!faq DISCORD');
    expect(bot.replies()[1]!.text).toMatch(/^💬 Le Discord/);
    await bot.run('!faq discord @Some_Friend!!');
    expect(bot.actions.of('say').map((s) => s.text)).toEqual([expect.stringMatching(/^@Some_Friend 💬 Le Discord/)]);
    await bot.run('!faq nope');
    expect(bot.replies()[2]!.text).toMatch(/^Pas d'entrée « nope »\. FAQ : about, discord/);
    await bot.close();
  });

  it('speaks English in an English channel', async () => {
    const bot = makeFaqBot({ language: 'en' });
    await bot.run('!faq add x y');
    expect(bot.replies()[0]!.text).toBe('Only moderators can edit the FAQ.');
    await bot.close();
  });

  it('lets a viewer edit nothing, whatever their display name (roles, not names)', async () => {
    const bot = makeFaqBot();
    const before = bot.store.db.prepare('SELECT COUNT(*) AS n FROM faq_entries').get();
    const impostors = [
      { user: 'moderator', roles: [] },
      { user: 'testchannel', roles: [] },
      { user: 'vip_friend', roles: ['vip' as const] },
      { user: 'sub', roles: ['subscriber' as const] },
    ];
    for (const who of impostors) {
      await bot.run('!faq add hack pwned', who);
      await bot.run('!faq edit discord pwned', who);
      await bot.run('!faq ask discord pwned', who);
      await bot.run('!faq del music', who);
    }
    expect(bot.replies().map((r) => r.text)).toEqual(Array(16).fill('Seuls les modos peuvent modifier la FAQ.'));
    expect(bot.store.db.prepare('SELECT COUNT(*) AS n FROM faq_entries').get()).toEqual(before);
    // A trusted user id (config) and the broadcaster may edit
    const trusted = makeFaqBot({ commands: { moderatorUserIds: ['u-helper'] } });
    await trusted.run('!faq add merch shop', { user: 'helper', roles: [] });
    await trusted.run('!faq add merch2 shop', { user: 'owner', roles: ['broadcaster'] });
    expect(trusted.replies().map((r) => r.text.split('.')[0])).toEqual(['FAQ « merch » ajoutée', 'FAQ « merch2 » ajoutée']);
    await trusted.close();
    await bot.run('!faq discord');
    expect(bot.replies().at(-1)!.text).not.toContain('pwned');
    await bot.close();
  });

  it('checks ids, lengths and duplicates and says how to use each subcommand', async () => {
    const bot = makeFaqBot();
    const said = async (text: string) => (await bot.run(text, MOD)).sent[0];
    expect(await said('!faq add')).toBe('Usage : !faq add <id> <réponse>');
    expect(await said('!faq add test oops')).toMatch(/^Id invalide : "test" is a subcommand/);
    expect(await said('!faq add Bad/Id oops')).toMatch(/^Id invalide/);
    expect(await said('!faq add music again')).toBe('« music » existe déjà : !faq edit music <réponse>');
    expect(await said(`!faq add long ${'x'.repeat(451)}`)).toMatch(/^Trop long/);
    expect(await said('!faq edit nope hello')).toBe("Pas d'entrée « nope » (!faq pour la liste).");
    expect(await said("!faq ask music c'est quoi la musique ?")).toBe('Cette question est déjà dans « music ».');
    expect(await said('!faq ask music 😀')).toBe('Texte vide ou introuvable.');
    expect(await said('!faq del nope')).toBe("Pas d'entrée « nope » (!faq pour la liste).");
    await bot.close();
  });

  it('!faq test shows which entry would answer and why', async () => {
    const bot = makeFaqBot();
    expect((await bot.run('!faq test c koi la zik', MOD)).sent[0]).toMatch(
      /^« c koi la zik » → music \([01]\.\d\d = sem [01]\.\d\d \+ lex [01]\.\d\d\); 2e \w+ 0\.\d\d : répondrait\.$/,
    );
    expect((await bot.run("!faq test t'as mangé quoi ?", MOD)).sent[0]).toMatch(/→ pas de réponse/);
    // Matches, but a statement gets no auto-answer: the moderator is told why
    expect((await bot.run('!faq test la musique', MOD)).sent[0]).toMatch(/répondrait\. Mais pas de réponse auto : ce n'est pas une question/);
    // Above the threshold without a word of the entry's own: the reason is the keyword, not the score
    expect((await bot.run('!faq test c quoi ce délire', MOD)).sent[0]).toMatch(/→ pas de réponse \(\w+ 0\.\d\d, aucun mot propre à \w+; 2e/);
    await bot.close();
  });

  it('keeps every moderator edit across a restart, and does not re-seed deleted entries', async () => {
    const tmp = tempDir();
    const storePath = join(tmp.dir, 'bot.sqlite');
    const first = makeFaqBot({ storePath });
    await first.run('!faq add merch Le merch est sur https://exemple.fr/shop', MOD);
    await first.run('!faq ask merch où on peut acheter un t-shirt ?', MOD);
    await first.run('!faq ask merch il y a une boutique ?', MOD);
    await first.run('!faq edit discord Nouveau lien : https://discord.gg/nouveau', MOD);
    await first.run('!faq ask discord le serv commu est où', MOD);
    await first.run('!faq del topic', MOD);
    await first.run('!faq unask music qui chante ?', MOD);
    expect(first.replies().map((r) => r.text)).toEqual([
      'FAQ « merch » ajoutée. Ajoute des questions : !faq ask merch <question>',
      'Question ajoutée à « merch » (1 exemple).',
      'Question ajoutée à « merch » (2 exemples).',
      'FAQ « discord » modifiée.',
      'Question ajoutée à « discord » (13 exemples).',
      'FAQ « topic » supprimée.',
      'Question retirée de « music » (19 exemples).',
    ]);
    await first.close();

    // A new process: new store handle, new module, same file
    const second = makeFaqBot({ storePath });
    await second.run('!faq');
    expect(second.replies()[0]!.text).toBe('FAQ : about, discord, game, merch, music, schedule, setup, socials — tape !faq <id>');
    await second.run('!faq discord');
    expect(second.replies()[1]!.text).toBe('Nouveau lien : https://discord.gg/nouveau');
    expect(second.store.db.prepare("SELECT updated_by FROM faq_entries WHERE id = 'discord'").get()).toEqual({ updated_by: 'u-mod' });
    // The examples added in chat drive auto-answers after the restart
    await second.chat('ya une boutique ??', { user: 'fan' });
    expect(second.decisions).toEqual([expect.objectContaining({ kind: 'faq', entry: 'merch' })]);
    await second.close();
    tmp.cleanup();
  });
});
