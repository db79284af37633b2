/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields attached to a log line (channel, module, user id, error...). */
export type LogFields = Record<string, unknown>;

/** Structured logger. Secrets (tokens, client secrets) are never passed to it. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** `json`: one JSON object per line; `pretty`: human-readable. Default `pretty`. */
  format?: 'json' | 'pretty';
  /** Where lines go. Default: `process.stderr`. */
  write?: (line: string) => void;
}

const SECRET_KEY = /token|secret|password|authorization/i;

/** Secrets inside text: URL/form parameters, JSON members, IRC `PASS oauth:`, HTTP auth headers. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(access_token|refresh_token|client_secret|device_code)=[^&\s"']+/gi, '$1=[redacted]'],
  [/"(access_token|refresh_token|accessToken|refreshToken|client_secret|device_code)"(\s*:\s*)"[^"]*"/g, '"$1"$2"[redacted]"'],
  [/oauth:[^\s"']+/gi, 'oauth:[redacted]'],
  [/\b(Bearer|OAuth)\s+[a-z0-9]{20,}/gi, '$1 [redacted]'],
];

/**
 * Hides tokens and secrets inside text, e.g. twurple's error for a failed refresh, whose message
 * holds the request URL with `refresh_token=...` (and `client_secret=...`).
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, to] of SECRET_PATTERNS) out = out.replace(re, to);
  return out;
}

function serialise(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactSecrets(value.message) };
    if (value.stack) out['stack'] = redactSecrets(value.stack);
    if (value.cause !== undefined && depth < 5) out['cause'] = serialise(value.cause, depth + 1);
    return out;
  }
  if (Array.isArray(value) && depth < 5) return value.map((v) => serialise(v, depth + 1));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && depth < 5) {
    return clean(value as LogFields, depth + 1);
  }
  return value;
}

function clean(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : serialise(v, depth);
  return out;
}

/** Creates a structured logger. Fields whose name looks like a secret are redacted, and so are secrets inside text ({@link redactSecrets}). */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? 'pretty';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const min = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const all = clean({ ...base, ...fields });
    const text = redactSecrets(msg);
    if (format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: text, ...all }));
    } else {
      // One line per event: multi-line values are written quoted, with `\n` escapes; undefined fields are left out (as in JSON).
      const extra = Object.entries(all)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${typeof v === 'string' && !/[\r\n]/.test(v) ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${text.replace(/\r?\n/g, '\\n')}${extra ? ' ' + extra : ''}`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(options, { ...base, ...f }),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
