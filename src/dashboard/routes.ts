import type { Session } from './sessions.js';

/** An API request, after sign-in, CSRF and channel-access checks. */
export interface DashboardRequest {
  method: string;
  /** The channel the request is about (the session may manage it). */
  channel: string;
  /** `:name` segments of the route path. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined without one). */
  body: unknown;
  session: Session;
}

/** A route's answer: JSON `body` (default), or raw `text` with its `contentType`. */
export interface DashboardReply {
  /** Default 200. */
  status?: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One API route of a page, served at `/api/c/<channel>/<page id>/<path>`. */
export interface DashboardRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the page, `:name` segments allowed, e.g. `entries/:id`. `''` is the page root. */
  path: string;
  handle(req: DashboardRequest): Promise<DashboardReply> | DashboardReply;
}

/**
 * A page of the dashboard. Features add theirs with `dashboard.addPage(...)` (see
 * src/dashboard/README.md): API routes, and an ES module that draws the page.
 */
export interface DashboardPage {
  /** URL-safe id: `quotes`, `timers`... (also the API prefix). */
  id: string;
  /** Tab title. */
  title: string;
  routes: readonly DashboardRoute[];
  /**
   * Absolute path of an ES module served at `/pages/<id>.js`; its default export
   * `render(element, { api, html, channel })` draws the page (Preact + htm are passed in). Core
   * pages are drawn by the dashboard's own script and leave this out.
   */
  script?: string;
}

/** A problem a route reports to the page (400 with a message, and a fix when there is one). */
export class DashboardError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Matches a route path with `:name` segments; the parameters, or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(b[i]!);
      } catch {
        return undefined;
      }
    } else if (p !== b[i]) return undefined;
  }
  return params;
}

/** A string field of a JSON body, trimmed; throws a 400 when missing. */
export function field(body: unknown, name: string, opts: { max?: number; optional?: boolean } = {}): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null || v === '') {
    if (opts.optional) return '';
    throw new DashboardError(400, `"${name}" is missing`);
  }
  if (typeof v !== 'string') throw new DashboardError(400, `"${name}" must be text`);
  const t = v.trim();
  if (opts.max !== undefined && Array.from(t).length > opts.max) throw new DashboardError(400, `"${name}" is longer than ${opts.max} characters`);
  return t;
}
