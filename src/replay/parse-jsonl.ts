import type { LineParser, ParseIssue, ReplayRecord } from './record.js';
import { parseRoles } from './roles.js';
import { parseTime } from './time.js';

/**
 * JSON Lines: one object per line, `{"time": ISO-8601 or epoch ms, "user", "user_id", "roles":
 * [...], "message"}` (`text` accepted for `message`; `id`, `display_name` and `channel` optional).
 */
export const parseJsonl: LineParser = (lines) => {
  const records: ReplayRecord[] = [];
  const errors: ParseIssue[] = [];
  let blank = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/^\ufeff/, '');
    const line = i + 1;
    if (raw.trim() === '') {
      blank++;
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      errors.push({ line, reason: `invalid JSON (${(err as Error).message})` });
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      errors.push({ line, reason: 'not a JSON object' });
      continue;
    }
    const o = obj as Record<string, unknown>;
    const text = typeof o['message'] === 'string' ? o['message'] : o['text'];
    if (typeof text !== 'string') {
      errors.push({ line, reason: 'no "message" (or "text") string' });
      continue;
    }
    const time = parseTime(o['time'] ?? o['timestamp']);
    if (time === undefined) {
      errors.push({ line, reason: `missing or unreadable "time" ${clip(JSON.stringify(o['time'] ?? null))}` });
      continue;
    }
    const record: ReplayRecord = { line, time, text, roles: parseRoles(o['roles'] ?? o['badges']) };
    const user = str(o['user'] ?? o['login'] ?? o['username']);
    if (user) {
      record.user = user.toLowerCase();
      if (user !== record.user) record.displayName = user;
    }
    const displayName = str(o['display_name'] ?? o['displayName']);
    if (displayName) record.displayName = displayName;
    const userId = str(o['user_id'] ?? o['userId']);
    if (userId) record.userId = userId;
    const id = str(o['id']);
    if (id) record.id = id;
    const channel = str(o['channel']);
    if (channel) record.channel = channel.replace(/^#/, '').toLowerCase();
    if (o['first_message'] === true || o['firstMessage'] === true) record.firstMessage = true;
    records.push(record);
  }
  return { format: 'jsonl', records, errors, ignored: 0, blank };
};

function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
