/** Epoch values below this are read as seconds, above as milliseconds (1e11 ms is March 1973). */
const SECONDS_LIMIT = 1e11;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads a recorded message time: epoch milliseconds (or seconds, below 1e11) as a number or a
 * digit string, or ISO-8601 / `YYYY-MM-DD HH:MM:SS` text. Times without a zone are read as UTC,
 * so a report shows them as written. Returns undefined for anything else (never throws).
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return fromEpoch(Number(s));
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  const ms = frac ? Math.floor(Number(('0.' + frac).slice(0, 5)) * 1000) : 0;
  const t = Date.UTC(year, month, day, hour, minute, second, ms);
  // Date.UTC rolls 2021-02-30 over to March: reject instead.
  const check = new Date(t);
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  return t - zoneOffsetMs(zone);
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = n < SECONDS_LIMIT ? n * 1000 : n;
  // Beyond what Date can hold.
  if (ms > 8.64e15) return undefined;
  return Math.round(ms);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** ISO-8601 text of a time in ms (UTC, `Z`); `null` for an invalid time. */
export function isoTime(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
