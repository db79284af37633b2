import type { Clock } from '../../chat/clock.js';
import type { ModerationStore } from '../../moderation/moderation-store.js';
import type { AuditLog } from '../audit.js';
import type { LiveFeed } from '../live-feed.js';
import type { ModerationActions } from '../moderation-actions.js';
import { DashboardError, field, type DashboardPage, type DashboardRequest } from '../routes.js';

const actorOf = (r: DashboardRequest) => ({ login: r.session.login, userId: r.session.userId });

function logId(r: DashboardRequest): number {
  const id = Number(r.params['id']);
  if (!Number.isInteger(id) || id <= 0) throw new DashboardError(400, 'Bad decision id.');
  return id;
}

/** Live page: recent chat with decisions, and enforce / undo / teach on them. */
export function livePage(feed: LiveFeed, actions: ModerationActions | undefined): DashboardPage {
  const need = (): ModerationActions => {
    if (!actions) throw new DashboardError(503, 'The moderation module is not running.');
    return actions;
  };
  return {
    id: 'live',
    title: 'Live',
    routes: [
      { method: 'GET', path: '', handle: (r) => ({ body: { messages: feed.recent(r.channel) } }) },
      { method: 'POST', path: 'enforce/:id', handle: async (r) => ({ body: await need().enforce(r.channel, logId(r), actorOf(r)) }) },
      { method: 'POST', path: 'undo/:id', handle: async (r) => ({ body: await need().undo(r.channel, logId(r), actorOf(r)) }) },
      {
        method: 'POST',
        path: 'teach',
        async handle(r) {
          const verdict = field(r.body, 'verdict');
          const text = field(r.body, 'text', { max: 500 });
          const messageId = field(r.body, 'messageId', { optional: true }) || undefined;
          if (verdict === 'spam') return { body: { blocklistId: await need().teachSpam(r.channel, text, actorOf(r), messageId) } };
          if (verdict === 'fine') return { body: { allowlist: need().teachFine(r.channel, text, actorOf(r), messageId) } };
          throw new DashboardError(400, 'verdict must be "spam" or "fine".');
        },
      },
    ],
  };
}

/** A row of the moderation log page: a bot decision or a moderator's action. */
export interface LogRow {
  time: number;
  /** `bot`, or the moderator's login. */
  actor: string;
  source: 'bot' | 'dashboard' | 'chat';
  user: string | null;
  filter: string | null;
  action: string;
  duration: number | null;
  score: number | null;
  enforced: boolean | null;
  helix: string | null;
  reason: string;
  text: string | null;
  evidence: { id: string; text: string }[];
  logId: number | null;
  lifted: boolean;
}

const CSV_COLUMNS: (keyof LogRow)[] = [
  'time',
  'actor',
  'source',
  'user',
  'filter',
  'action',
  'duration',
  'score',
  'enforced',
  'helix',
  'reason',
  'text',
  'evidence',
  'logId',
];

function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A cell starting with = + - @ would be a formula in a spreadsheet
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The log rows as CSV (RFC 4180, ISO times). */
export function toCsv(rows: readonly LogRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      CSV_COLUMNS.map((c) => (c === 'time' ? new Date(r.time).toISOString() : c === 'evidence' ? r.evidence.map((e) => e.text).join(' | ') : r[c]))
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

function num(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new DashboardError(400, `${name} must be a time (ISO or ms).`);
  return n;
}

/** Moderation log page: bot decisions and moderators' actions, filtered, as JSON or CSV. */
export function logPage(store: ModerationStore | undefined, audit: AuditLog, clock: Clock): DashboardPage {
  return {
    id: 'log',
    title: 'Moderation log',
    routes: [
      {
        method: 'GET',
        path: '',
        handle(r) {
          const q = r.query;
          const login = q.get('user')?.trim().toLowerCase() || undefined;
          const filter = q.get('filter')?.trim() || undefined;
          const action = q.get('action')?.trim() || undefined;
          const actor = q.get('actor')?.trim().toLowerCase() || undefined;
          const since = num(q, 'since');
          const until = num(q, 'until');
          const limit = Math.min(5000, Number(q.get('limit') ?? 500) || 500);
          const rows: LogRow[] = [];
          // A decision enforced from the dashboard: its log row was acted by that moderator
          const audits = audit.list(r.channel, { since, until, login, limit });
          const enforcedBy = new Map(audits.filter((a) => a.action === 'enforce' && a.logId !== null).map((a) => [a.logId!, a.actor]));
          if (store) {
            for (const e of store.queryLog(r.channel, { login, filter, action, since, until, limit })) {
              const by = enforcedBy.get(e.id);
              if (actor && actor !== (by ?? 'bot')) continue;
              rows.push({
                time: e.time,
                actor: by ?? 'bot',
                source: by ? 'dashboard' : 'bot',
                user: e.userLogin,
                filter: e.filter,
                action: e.action,
                duration: e.duration,
                score: Math.round(e.score * 1000) / 1000,
                enforced: e.enforced,
                helix: e.helixOk === null ? null : e.helixOk ? 'ok' : (e.helixError ?? 'failed'),
                reason: e.reason,
                text: e.text,
                evidence: e.evidence,
                logId: e.id,
                lifted: e.liftedAt !== null,
              });
            }
          }
          if (!filter && actor !== 'bot') {
            for (const a of audits) {
              if (actor && a.actor !== actor) continue;
              if (a.action === 'enforce' && a.logId !== null && enforcedBy.has(a.logId) && store?.logEntry(a.logId)) continue;
              if (action && a.action !== action) continue;
              rows.push({
                time: a.time,
                actor: a.actor,
                source: a.source,
                user: a.targetLogin,
                filter: null,
                action: a.action,
                duration: null,
                score: null,
                enforced: null,
                helix: null,
                reason: a.detail,
                text: null,
                evidence: [],
                logId: a.logId,
                lifted: false,
              });
            }
          }
          rows.sort((a, b) => b.time - a.time);
          const out = rows.slice(0, limit);
          if (q.get('format') === 'csv') {
            const day = new Date(clock.now()).toISOString().slice(0, 10);
            return {
              text: toCsv(out),
              contentType: 'text/csv; charset=utf-8',
              headers: { 'Content-Disposition': `attachment; filename="moderation-${r.channel}-${day}.csv"` },
            };
          }
          return { body: { rows: out } };
        },
      },
    ],
  };
}
