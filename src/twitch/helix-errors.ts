import type { ActionResult } from '../chat/actions.js';

/** An ActionResult from twurple's error (HttpStatusCodeError carries status and Twitch's JSON body). */
function toFailure(err: unknown): ActionResult {
  const e = err as { statusCode?: unknown; body?: unknown; message?: unknown; name?: unknown };
  if (typeof e?.statusCode === 'number') {
    const detail = twitchMessage(e.body);
    return { ok: false, status: e.statusCode, error: `HTTP ${e.statusCode}${detail ? ': ' + detail : ''}` };
  }
  return { ok: false, error: errorText(err) };
}

/** Twitch's `message` (or `error`) from the body of a failed call (twurple's `HttpStatusCodeError.body`); '' when none. */
export function twitchMessage(body: unknown): string {
  if (typeof body !== 'string') return '';
  try {
    const b = JSON.parse(body) as { message?: unknown; error?: unknown };
    return String(b.message ?? b.error ?? '');
  } catch {
    return body.slice(0, 200);
  }
}

/** One line saying why a twurple call failed (status and Twitch's message; never the request URL, which may hold tokens). */
export function failureText(err: unknown): string {
  const f = toFailure(err);
  return f.ok ? 'ok' : f.error;
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}
