import type { LineParser, ParseIssue, ReplayRecord } from './record.js';
import { parseRoles } from './roles.js';
import { parseTime } from './time.js';

const MESSAGE_COLUMNS = ['message', 'text', 'msg'];
const TIME_COLUMNS = ['time', 'timestamp', 'date', 'ts'];

/**
 * Tab-separated values with a header naming at least `time` and `message` (or `text`), and
 * optionally `user`, `user_id` and `roles` (comma-separated). Extra columns are ignored; when
 * `message` is the last column, tabs inside a message are kept.
 */
export const parseTsv: LineParser = (lines) => {
  const records: ReplayRecord[] = [];
  const errors: ParseIssue[] = [];
  let blank = 0;
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) return { format: 'tsv', records, errors, ignored: 0, blank: lines.length };
  blank += headerIndex;
  const header = lines[headerIndex]!.replace(/^\ufeff/, '')
    .split('\t')
    .map((h) => h.trim().toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const iTime = col(TIME_COLUMNS);
  const iText = col(MESSAGE_COLUMNS);
  if (iTime < 0 || iText < 0) {
    const missing = [iTime < 0 ? '"time"' : '', iText < 0 ? '"message"' : ''].filter(Boolean).join(' and ');
    errors.push({
      line: headerIndex + 1,
      reason: `TSV header has no ${missing} column (found: ${header.join(', ') || 'nothing'}); the first line must name the columns, e.g. "time<TAB>user<TAB>message"`,
    });
    return { format: 'tsv', records, errors, ignored: 0, blank };
  }
  const iUser = col(['user', 'login', 'username', 'user_login', 'author']);
  const iUserId = col(['user_id', 'userid', 'user-id']);
  const iRoles = col(['roles', 'badges']);
  const lastIsText = iText === header.length - 1;

  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (raw.trim() === '') {
      blank++;
      continue;
    }
    let cells = raw.split('\t');
    if (cells.length > header.length && lastIsText) {
      cells = [...cells.slice(0, header.length - 1), cells.slice(header.length - 1).join('\t')];
    }
    if (cells.length !== header.length) {
      errors.push({ line, reason: `expected ${header.length} tab-separated columns, found ${cells.length}` });
      continue;
    }
    const time = parseTime(cells[iTime]);
    if (time === undefined) {
      errors.push({ line, reason: `unreadable time ${JSON.stringify(clip(cells[iTime] ?? ''))}` });
      continue;
    }
    const record: ReplayRecord = { line, time, text: cells[iText] ?? '', roles: [] };
    const user = iUser >= 0 ? cells[iUser]?.trim() : '';
    if (user) {
      record.user = user.toLowerCase();
      if (user !== record.user) record.displayName = user;
    }
    const userId = iUserId >= 0 ? cells[iUserId]?.trim() : '';
    if (userId) record.userId = userId;
    if (iRoles >= 0) record.roles = parseRoles(cells[iRoles]);
    records.push(record);
  }
  return { format: 'tsv', records, errors, ignored: 1, blank };
};

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
