import type { ChatContext } from '../../chat/context.js';
import type { FaqEditResult, FaqService } from '../service.js';
import { FAQ_LIMITS } from '../entry.js';
import { prepareMessage } from '../matcher.js';
import { isQuestionLike } from '../question.js';
import type { Command, CommandArgs } from '../../commands/command.js';
import { hasPermission, permissionLevelOf } from '../../chat/permissions.js';

type Lang = 'fr' | 'en';

/** Texts of `!faq`, by channel language. */
const TEXTS = {
  fr: {
    list: (ids: string, p: string) => `FAQ : ${ids} — tape ${p}faq <id>`,
    empty: (p: string) => `Pas encore de FAQ. Modos : ${p}faq add <id> <réponse>`,
    unknown: (id: string, ids: string) => `Pas d'entrée « ${id} ».${ids ? ` FAQ : ${ids}` : ''}`,
    modsOnly: 'Seuls les modos peuvent modifier la FAQ.',
    usage: (u: string, p: string) => `Usage : ${p}faq ${u}`,
    added: (id: string, p: string) => `FAQ « ${id} » ajoutée. Ajoute des questions : ${p}faq ask ${id} <question>`,
    edited: (id: string) => `FAQ « ${id} » modifiée.`,
    asked: (id: string, n: number) => `Question ajoutée à « ${id} » (${n} exemple${n > 1 ? 's' : ''}).`,
    unasked: (id: string, n: number) => `Question retirée de « ${id} » (${n} exemple${n > 1 ? 's' : ''}).`,
    deleted: (id: string) => `FAQ « ${id} » supprimée.`,
    exists: (id: string, p: string) => `« ${id} » existe déjà : ${p}faq edit ${id} <réponse>`,
    missing: (id: string, p: string) => `Pas d'entrée « ${id} » (${p}faq pour la liste).`,
    invalidId: (d: string) => `Id invalide : ${d}.`,
    tooLong: `Trop long (réponse ${FAQ_LIMITS.answerLength} caractères max, question ${FAQ_LIMITS.exampleLength}).`,
    emptyText: 'Texte vide ou introuvable.',
    full: `Limite atteinte (${FAQ_LIMITS.entries} entrées, ${FAQ_LIMITS.examples} questions par entrée).`,
    duplicate: (id: string) => `Cette question est déjà dans « ${id} ».`,
    testHit: (q: string, id: string, s: string, other: string) => `« ${q} » → ${id} (${s})${other} : répondrait.`,
    testMiss: (q: string, why: string) => `« ${q} » → pas de réponse (${why}).`,
    noKeyword: (id: string) => `aucun mot propre à ${id}`,
    notAuto: " Mais pas de réponse auto : ce n'est pas une question (faq.questionsOnly).",
    tooLongAuto: (n: number) => ` Mais pas de réponse auto : plus de ${n} caractères (faq.maxMessageLength).`,
    aspect: (id: string, a: string) => `${id} ne parle pas de : ${a}`,
    exclamation: 'exclamation, pas une question',
    learnedList: (items: string, p: string) => `Appris des modos : ${items} — retirer le dernier : ${p}faq unask`,
    learnedNone: (p: string) =>
      `Rien appris des modos pour l'instant : réponds à un viewer avec ${p}faq <id> @viewer et sa question devient un exemple. Scores : ${p}faq test <question>`,
    learnedItem: (id: string, q: string, by: string) => `${id} ← « ${q} » (${by})`,
    unlearned: (id: string, q: string, by: string) => `Exemple retiré de « ${id} » : « ${q} » (appris de ${by}).`,
    nothingLearned: (p: string) => `Aucun exemple appris à retirer. Retirer une question : ${p}faq unask <id> <question>`,
  },
  en: {
    list: (ids: string, p: string) => `FAQ: ${ids} — type ${p}faq <id>`,
    empty: (p: string) => `No FAQ yet. Mods: ${p}faq add <id> <answer>`,
    unknown: (id: string, ids: string) => `No entry "${id}".${ids ? ` FAQ: ${ids}` : ''}`,
    modsOnly: 'Only moderators can edit the FAQ.',
    usage: (u: string, p: string) => `Usage: ${p}faq ${u}`,
    added: (id: string, p: string) => `FAQ "${id}" added. Add questions: ${p}faq ask ${id} <question>`,
    edited: (id: string) => `FAQ "${id}" updated.`,
    asked: (id: string, n: number) => `Question added to "${id}" (${n} example${n === 1 ? '' : 's'}).`,
    unasked: (id: string, n: number) => `Question removed from "${id}" (${n} example${n === 1 ? '' : 's'}).`,
    deleted: (id: string) => `FAQ "${id}" deleted.`,
    exists: (id: string, p: string) => `"${id}" already exists: ${p}faq edit ${id} <answer>`,
    missing: (id: string, p: string) => `No entry "${id}" (${p}faq lists them).`,
    invalidId: (d: string) => `Invalid id: ${d}.`,
    tooLong: `Too long (answers ${FAQ_LIMITS.answerLength} characters max, questions ${FAQ_LIMITS.exampleLength}).`,
    emptyText: 'Empty text or not found.',
    full: `Limit reached (${FAQ_LIMITS.entries} entries, ${FAQ_LIMITS.examples} questions per entry).`,
    duplicate: (id: string) => `That question is already in "${id}".`,
    testHit: (q: string, id: string, s: string, other: string) => `"${q}" → ${id} (${s})${other}: would answer.`,
    testMiss: (q: string, why: string) => `"${q}" → no answer (${why}).`,
    noKeyword: (id: string) => `no word specific to ${id}`,
    notAuto: ' But no auto-answer: not a question (faq.questionsOnly).',
    tooLongAuto: (n: number) => ` But no auto-answer: longer than ${n} characters (faq.maxMessageLength).`,
    aspect: (id: string, a: string) => `${id} never mentions: ${a}`,
    exclamation: 'an exclamation, not a question',
    learnedList: (items: string, p: string) => `Learned from mods: ${items} — remove the last one: ${p}faq unask`,
    learnedNone: (p: string) =>
      `Nothing learned from mods yet: answer a viewer with ${p}faq <id> @viewer and their question becomes an example. Scores: ${p}faq test <question>`,
    learnedItem: (id: string, q: string, by: string) => `${id} ← "${q}" (${by})`,
    unlearned: (id: string, q: string, by: string) => `Example removed from "${id}": "${q}" (taught by ${by}).`,
    nothingLearned: (p: string) => `No learned example to remove. Remove a question: ${p}faq unask <id> <question>`,
  },
} as const;

const USAGE = {
  fr: {
    add: 'add <id> <réponse>',
    edit: 'edit <id> <réponse>',
    ask: 'ask <id> <question>',
    unask: 'unask <id> <question>',
    del: 'del <id>',
    test: 'test <question>',
  },
  en: {
    add: 'add <id> <answer>',
    edit: 'edit <id> <answer>',
    ask: 'ask <id> <question>',
    unask: 'unask <id> <question>',
    del: 'del <id>',
    test: 'test <question>',
  },
} as const;

const f2 = (x: number): string => x.toFixed(2);

/** At most `n` characters of a viewer's text, marked when cut. */
function short(text: string, n: number): string {
  const chars = Array.from(text);
  return chars.length <= n ? text : `${chars.slice(0, n - 1).join('')}…`;
}

/** Splits `<id> <text...>` off the rest of the arguments. */
function idAndText(rest: string): { id: string; text: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  return { id: (m?.[1] ?? '').toLowerCase(), text: (m?.[2] ?? '').trim() };
}

/** A mention of another user (`@login`), cleaned to Twitch login characters. */
function mention(word: string | undefined): string | undefined {
  if (!word?.startsWith('@')) return undefined;
  const login = word
    .slice(1)
    .replace(/[^A-Za-z0-9_]/g, '')
    .slice(0, 25);
  return login ? `@${login}` : undefined;
}

/**
 * `!faq`: lists ids; `!faq <id> [@user]` posts an answer. Moderators and the broadcaster (from
 * badges, the channel id and `commands.moderatorUserIds`, never display names): `add`, `edit`, `ask`, `unask`, `del` and `test`.
 */
export function createFaqCommand(faq: FaqService): Command {
  const editResult = async (ctx: ChatContext, lang: Lang, id: string, r: FaqEditResult, ok: (n: number) => string) => {
    const t = TEXTS[lang];
    const p = ctx.channel.config.prefix;
    if (r.ok) return ctx.reply(ok(r.entry.examples.length));
    switch (r.problem) {
      case 'missing':
        return ctx.reply(t.missing(id, p));
      case 'exists':
        return ctx.reply(t.exists(id, p));
      case 'invalid-id':
        return ctx.reply(t.invalidId(r.detail ?? id));
      case 'too-long':
        return ctx.reply(t.tooLong);
      case 'full':
        return ctx.reply(t.full);
      case 'duplicate':
        return ctx.reply(t.duplicate(id));
      case 'empty':
        return ctx.reply(t.emptyText);
    }
  };

  return {
    name: 'faq',
    description: 'Frequent questions: !faq lists them, !faq <id> answers (mods: add, edit, ask, unask, del, test).',
    usage: '[<id> [@user] | add|edit <id> <answer> | ask|unask <id> <question> | del <id> | test <question>]',
    permission: 'everyone',
    async run(ctx: ChatContext, args: CommandArgs) {
      const channel = ctx.channel.name;
      const cfg = ctx.channel.config.faq;
      if (!cfg.enabled) return;
      const lang: Lang = ctx.channel.config.language;
      const t = TEXTS[lang];
      const sub = (args.list[0] ?? '').toLowerCase();
      const rest = args.rest.slice(args.list[0]?.length ?? 0).trim();
      const author = ctx.user.id;
      const p = ctx.channel.config.prefix;
      const level = permissionLevelOf(ctx.user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds);
      const isModerator = hasPermission(level, 'moderator');

      // Viewers: list and answers
      if (!sub) {
        const entries = faq.list(channel, cfg);
        return ctx.reply(entries.length ? t.list(entries.map((e) => e.id).join(', '), p) : t.empty(p));
      }
      if (!(sub in USAGE.en) && sub !== 'delete') {
        const entry = faq.get(channel, cfg, sub);
        if (!entry)
          return ctx.reply(
            t.unknown(
              sub,
              faq
                .list(channel, cfg)
                .map((e) => e.id)
                .join(', '),
            ),
          );
        const to = mention(args.list[1]);
        if (!to) return ctx.reply(entry.answer);
        await ctx.say(`${to} ${entry.answer}`);
        // A moderator's answer to a viewer teaches the FAQ that viewer's question
        if (isModerator) await faq.learnFromAnswer(channel, cfg, entry.id, to.slice(1), { id: ctx.user.id, login: ctx.user.login });
        return;
      }

      // Moderators: edits (badges, the channel id and trusted user ids; never the display name)
      if (!isModerator) return ctx.reply(t.modsOnly);
      const { id, text } = idAndText(rest);
      const usage = USAGE[lang];
      switch (sub) {
        case 'add':
          if (!id || !text) return ctx.reply(t.usage(usage.add, p));
          return editResult(ctx, lang, id, faq.add(channel, cfg, id, text, author), () => t.added(id, p));
        case 'edit':
          if (!id || !text) return ctx.reply(t.usage(usage.edit, p));
          return editResult(ctx, lang, id, faq.edit(channel, cfg, id, text, author), () => t.edited(id));
        case 'ask':
          if (!id || !text) return ctx.reply(t.usage(usage.ask, p));
          return editResult(ctx, lang, id, faq.ask(channel, cfg, id, text, author), (n) => t.asked(id, n));
        case 'unask': {
          if (!id) {
            // No argument: undo the example learned last
            const undone = faq.undoLastLearned(channel, cfg, ctx.user.login);
            return ctx.reply(undone ? t.unlearned(undone.entryId, short(undone.text, 60), undone.taughtByLogin) : t.nothingLearned(p));
          }
          if (!text) return ctx.reply(t.usage(usage.unask, p));
          return editResult(ctx, lang, id, faq.unask(channel, cfg, id, text), (n) => t.unasked(id, n));
        }
        case 'del':
        case 'delete':
          if (!id) return ctx.reply(t.usage(usage.del, p));
          return ctx.reply(faq.remove(channel, cfg, id) ? t.deleted(id) : t.missing(id, p));
        case 'test': {
          if (!rest) {
            // No question: what was learned from moderators, newest first
            const learned = faq.learned(channel, cfg, 5);
            if (learned.length === 0) return ctx.reply(t.learnedNone(p));
            return ctx.reply(t.learnedList(learned.map((l) => t.learnedItem(l.entryId, short(l.text, 40), l.taughtByLogin)).join(' · '), p));
          }
          const q = Array.from(rest).slice(0, 60).join('');
          const m = await faq.match(channel, cfg, rest);
          if (!m?.best) return ctx.reply(t.testMiss(q, 'FAQ vide / empty'));
          const b = m.best;
          const scores = `${f2(b.score)} = sem ${f2(b.semantic)} + lex ${f2(b.lexical)}`;
          const other = m.second ? `; ${lang === 'fr' ? '2e' : '2nd'} ${m.second.id} ${f2(m.second.score)}` : '';
          if (m.accepted) {
            // The auto-answer also needs a question of at most `maxMessageLength` characters
            const auto =
              rest.length > cfg.maxMessageLength
                ? t.tooLongAuto(cfg.maxMessageLength)
                : cfg.questionsOnly && !isQuestionLike(rest, prepareMessage(rest).tokens)
                  ? t.notAuto
                  : '';
            const cal = faq.thresholds(channel, cfg).calibrated ? ` ${await faq.calibrationLine(channel, lang)}` : '';
            return ctx.reply(t.testHit(q, b.id, scores, other) + auto + cal);
          }
          const entry = faq.get(channel, cfg, b.id);
          // Thresholds as the matcher used them (calibrated for another encoder than the built-in one)
          const eff = faq.thresholds(channel, cfg);
          const why =
            m.reason === 'margin'
              ? `${b.id} ${f2(b.score)}, margin < ${f2(eff.margin)}${other}`
              : m.reason === 'keyword'
                ? `${b.id} ${f2(b.score)}, ${t.noKeyword(b.id)}${other}`
                : m.reason === 'aspect'
                  ? `${b.id} ${f2(b.score)}, ${t.aspect(b.id, (m.aspects ?? []).join(', '))}`
                  : m.reason === 'exclamation'
                    ? `${b.id} ${f2(b.score)}, ${t.exclamation}`
                    : `${b.id} ${f2(b.score)} < ${f2(entry?.threshold ?? eff.threshold)}${other}`;
          return ctx.reply(t.testMiss(q, why) + (eff.calibrated ? ` ${await faq.calibrationLine(channel, lang)}` : ''));
        }
      }
    },
  };
}
