import type { Bot } from '../../bot/bot.js';
import type { FaqEditResult, FaqService } from '../../faq/service.js';
import type { SharedEncoder } from '../../nlp/shared-encoder.js';
import type { AuditLog } from '../audit.js';
import { DashboardError, field, type DashboardPage, type DashboardRequest } from '../routes.js';

const PROBLEMS: Record<string, string> = {
  missing: 'There is no such entry.',
  exists: 'An entry with this id exists already.',
  'invalid-id': 'Invalid id',
  'too-long': 'Too long.',
  empty: 'Empty, or no words in it.',
  full: 'Limit reached (entries or examples).',
  duplicate: 'This example is there already.',
};

/** FAQ page: entries, examples with who added them, answers, and a live test box. Same store as `!faq`. */
export function faqPage(
  faq: FaqService,
  bot: Bot,
  encoder: SharedEncoder,
  audit: AuditLog,
  loginOf: (channel: string, userId: string) => string | undefined,
): DashboardPage {
  const cfg = (channel: string) => bot.configOf(channel).faq;
  const author = (r: DashboardRequest) => r.session.userId ?? `dashboard:${r.session.login}`;
  const done = (r: DashboardRequest, res: FaqEditResult, what: string) => {
    if (!res.ok) throw new DashboardError(400, `${PROBLEMS[res.problem] ?? res.problem}${res.detail ? `: ${res.detail}` : ''}`);
    audit.add({
      channel: r.channel,
      time: faq.now(),
      actor: r.session.login,
      source: 'dashboard',
      action: 'faq',
      targetLogin: null,
      targetId: null,
      messageId: null,
      logId: null,
      detail: `${what} ${res.entry.id}`,
    });
    return { body: { entry: res.entry } };
  };
  return {
    id: 'faq',
    title: 'FAQ',
    routes: [
      {
        method: 'GET',
        path: '',
        handle(r) {
          const entries = faq.list(r.channel, cfg(r.channel));
          const authors = faq.store.exampleAuthors(r.channel);
          return {
            body: {
              threshold: cfg(r.channel).threshold,
              margin: cfg(r.channel).margin,
              entries: entries.map((e) => ({
                ...e,
                examples: e.examples.map((text) => {
                  const by = authors.get(e.id)?.get(text)?.by ?? '';
                  // Chat edits store the user id; show the login when the bot knows it
                  return { text, addedBy: /^\d+$/.test(by) ? (loginOf(r.channel, by) ?? `user ${by}`) : by.replace(/^dashboard:/, '') };
                }),
              })),
            },
          };
        },
      },
      {
        method: 'POST',
        path: '',
        handle: (r) => done(r, faq.add(r.channel, cfg(r.channel), field(r.body, 'id'), field(r.body, 'answer'), author(r)), 'added'),
      },
      {
        method: 'PUT',
        path: ':id',
        handle: (r) => done(r, faq.edit(r.channel, cfg(r.channel), r.params['id']!, field(r.body, 'answer'), author(r)), 'edited'),
      },
      {
        method: 'DELETE',
        path: ':id',
        handle(r) {
          if (!faq.remove(r.channel, cfg(r.channel), r.params['id']!)) throw new DashboardError(404, PROBLEMS['missing']!);
          audit.add({
            channel: r.channel,
            time: faq.now(),
            actor: r.session.login,
            source: 'dashboard',
            action: 'faq',
            targetLogin: null,
            targetId: null,
            messageId: null,
            logId: null,
            detail: `deleted ${r.params['id']}`,
          });
          return { body: { ok: true } };
        },
      },
      {
        method: 'POST',
        path: ':id/examples',
        handle: (r) => done(r, faq.ask(r.channel, cfg(r.channel), r.params['id']!, field(r.body, 'text'), author(r)), 'example added to'),
      },
      {
        method: 'DELETE',
        path: ':id/examples',
        handle: (r) => done(r, faq.unask(r.channel, cfg(r.channel), r.params['id']!, field(r.body, 'text')), 'example removed from'),
      },
      {
        method: 'POST',
        path: 'test',
        async handle(r) {
          const text = field(r.body, 'text', { max: 500 });
          const c = cfg(r.channel);
          const { scores, match } = await faq.explain(r.channel, c, text);
          return {
            body: {
              threshold: c.threshold,
              margin: c.margin,
              accepted: match?.accepted ? match.best!.id : null,
              reason: match?.reason ?? null,
              scores: scores.map((s) => ({ id: s.id, score: round(s.score), semantic: round(s.semantic), lexical: round(s.lexical), example: s.example })),
            },
          };
        },
      },
    ],
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
