import type { Dashboard } from '../../src/dashboard/index.js';

/** A signed-in HTTP client of the dashboard (cookie + CSRF token), for API tests. */
export interface DashboardClient {
  cookie: string;
  csrf: string;
  /** JSON API call on a page of `channel`. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
}

/** The session cookie `Set-Cookie` gave, as a `Cookie` header value. */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('dash_session='));
  if (!set) throw new Error(`no session cookie (status ${res.status})`);
  return set.split(';')[0]!;
}

/** Signs in with the login token printed at start. */
export async function signIn(d: Dashboard, channel: string): Promise<DashboardClient> {
  const res = await fetch(d.loginUrl!, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const cookie = sessionCookie(res);
  return clientFor(d, channel, cookie);
}

export async function clientFor(d: Dashboard, channel: string, cookie: string): Promise<DashboardClient> {
  const session = (await (await fetch(`${d.url}/api/session`, { headers: { cookie } })).json()) as { csrf: string };
  return {
    cookie,
    csrf: session.csrf,
    async api(method, path, body, headers = {}) {
      const res = await fetch(`${d.url}/api/c/${channel}/${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': session.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text };
    },
  };
}

/** Parses the Prometheus text format into samples (`name{labels}` -> value). */
export function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]) });
  }
  return out;
}
