import type { ChatContext } from '../bot/context.js';
import type { FaqEditResult, FaqService } from '../faq/service.js';
import { FAQ_LIMITS } from '../faq/entry.js';
import { prepareMessage } from '../faq/matcher.js';
import { isQuestionLike } from '../faq/question.js';
import type { Command, CommandArgs } from './command.js';
import { hasPermission, permissionLevelOf } from './preconditions.js';

type Lang = 'fr' | 'en';

/** Texts of `!faq`, by channel language. */
const TEXTS = {
  fr: {
    list: (ids: string) => `FAQ : ${ids} — tape !faq <id>`,
    empty: 'Pas encore de FAQ. Modos : !faq add <id> <réponse>',
    unknown: (id: string, ids: string) => `Pas d'entrée « ${id} ».${ids ? ` FAQ : ${ids}` : ''}`,
    modsOnly: 'Seuls les modos peuvent modifier la FAQ.',
    usage: (u: string) => `Usage : !faq ${u}`,
    added: (id: string) => `FAQ « ${id} » ajoutée. Ajoute des questions : !faq ask ${id} <question>`,
    edited: (id: string) => `FAQ « ${id} » modifiée.`,
    asked: (id: string, n: number) => `Question ajoutée à « ${id} » (${n} exemple${n > 1 ? 's' : ''}).`,
    unasked: (id: string, n: number) => `Question retirée de « ${id} » (${n} exemple${n > 1 ? 's' : ''}).`,
    deleted: (id: string) => `FAQ « ${id} » supprimée.`,
    exists: (id: string) => `« ${id} » existe déjà : !faq edit ${id} <réponse>`,
    missing: (id: string) => `Pas d'entrée « ${id} » (!faq pour la liste).`,
    invalidId: (d: string) => `Id invalide : ${d}.`,
    tooLong: `Trop long (réponse ${FAQ_LIMITS.answerLength} caractères max, question ${FAQ_LIMITS.exampleLength}).`,
    emptyText: 'Texte vide ou introuvable.',
    full: `Limite atteinte (${FAQ_LIMITS.entries} entrées, ${FAQ_LIMITS.examples} questions par entrée).`,
    duplicate: (id: string) => `Cette question est déjà dans « ${id} ».`,
    testHit: (q: string, id: string, s: string, other: string) => `« ${q} » → ${id} (${s})${other} : répondrait.`,
    testMiss: (q: string, why: string) => `« ${q} » → pas de réponse (${why}).`,
    noKeyword: (id: string) => `aucun mot propre à ${id}`,
    notAuto: ' Mais pas de réponse auto : ce n\'est pas une question (faq.questionsOnly).',
    tooLongAuto: (n: number) => ` Mais pas de réponse auto : plus de ${n} caractères (faq.maxMessageLength).`,
  },
  en: {
    list: (ids: string) => `FAQ: ${ids} — type !faq <id>`,
    empty: 'No FAQ yet. Mods: !faq add <id> <answer>',
    unknown: (id: string, ids: string) => `No entry "${id}".${ids ? ` FAQ: ${ids}` : ''}`,
    modsOnly: 'Only moderators can edit the FAQ.',
    usage: (u: string) => `Usage: !faq ${u}`,
    added: (id: string) => `FAQ "${id}" added. Add questions: !faq ask ${id} <question>`,
    edited: (id: string) => `FAQ "${id}" updated.`,
    asked: (id: string, n: number) => `Question added to "${id}" (${n} example${n === 1 ? '' : 's'}).`,
    unasked: (id: string, n: number) => `Question removed from "${id}" (${n} example${n === 1 ? '' : 's'}).`,
    deleted: (id: string) => `FAQ "${id}" deleted.`,
    exists: (id: string) => `"${id}" already exists: !faq edit ${id} <answer>`,
    missing: (id: string) => `No entry "${id}" (!faq lists them).`,
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

/** Splits `<id> <text...>` off the rest of the arguments. */
function idAndText(rest: string): { id: string; text: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  return { id: (m?.[1] ?? '').toLowerCase(), text: (m?.[2] ?? '').trim() };
}

/** A mention of another user (`@login`), cleaned to Twitch login characters. */
function mention(word: string | undefined): string | undefined {
  if (!word?.startsWith('@')) return undefined;
  const login = word.slice(1).replace(/[^A-Za-z0-9_]/g, '').slice(0, 25);
  return login ? `@${login}` : undefined;
}

/**
 * `!faq`: lists ids; `!faq <id> [@user]` posts an answer. Moderators and the broadcaster (from
 * badges, the channel id and `commands.moderatorUserIds`, never display names): `add`, `edit`, `ask`, `unask`, `del` and `test`.
 */
export function createFaqCommand(faq: FaqService): Command {
  const editResult = async (ctx: ChatContext, lang: Lang, id: string, r: FaqEditResult, ok: (n: number) => string) => {
    const t = TEXTS[lang];
    if (r.ok) return ctx.reply(ok(r.entry.examples.length));
    switch (r.problem) {
      case 'missing':
        return ctx.reply(t.missing(id));
      case 'exists':
        return ctx.reply(t.exists(id));
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

      // Viewers: list and answers
      if (!sub) {
        const entries = faq.list(channel, cfg);
        return ctx.reply(entries.length ? t.list(entries.map((e) => e.id).join(', ')) : t.empty);
      }
      if (!(sub in USAGE.en) && sub !== 'delete') {
        const entry = faq.get(channel, cfg, sub);
        if (!entry) return ctx.reply(t.unknown(sub, faq.list(channel, cfg).map((e) => e.id).join(', ')));
        const to = mention(args.list[1]);
        return to ? ctx.say(`${to} ${entry.answer}`) : ctx.reply(entry.answer);
      }

      // Moderators: edits (badges, the channel id and trusted user ids; never the display name)
      const level = permissionLevelOf(ctx.user, ctx.message.channelId, ctx.channel.config.commands.moderatorUserIds);
      if (!hasPermission(level, 'moderator')) return ctx.reply(t.modsOnly);
      const { id, text } = idAndText(rest);
      const usage = USAGE[lang];
      switch (sub) {
        case 'add':
          if (!id || !text) return ctx.reply(t.usage(usage.add));
          return editResult(ctx, lang, id, faq.add(channel, cfg, id, text, author), () => t.added(id));
        case 'edit':
          if (!id || !text) return ctx.reply(t.usage(usage.edit));
          return editResult(ctx, lang, id, faq.edit(channel, cfg, id, text, author), () => t.edited(id));
        case 'ask':
          if (!id || !text) return ctx.reply(t.usage(usage.ask));
          return editResult(ctx, lang, id, faq.ask(channel, cfg, id, text, author), (n) => t.asked(id, n));
        case 'unask':
          if (!id || !text) return ctx.reply(t.usage(usage.unask));
          return editResult(ctx, lang, id, faq.unask(channel, cfg, id, text), (n) => t.unasked(id, n));
        case 'del':
        case 'delete':
          if (!id) return ctx.reply(t.usage(usage.del));
          return ctx.reply(faq.remove(channel, cfg, id) ? t.deleted(id) : t.missing(id));
        case 'test': {
          if (!rest) return ctx.reply(t.usage(usage.test));
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
                : `${b.id} ${f2(b.score)} < ${f2(entry?.threshold ?? eff.threshold)}${other}`;
          return ctx.reply(t.testMiss(q, why) + (eff.calibrated ? ` ${await faq.calibrationLine(channel, lang)}` : ''));
        }
      }
    },
  };
}
