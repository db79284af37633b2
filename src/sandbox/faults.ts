/** Which Helix/auth requests a fault applies to. */
export type EndpointMatcher =
  /** `'moderation/bans'` (any method) or `'POST moderation/bans'`; paths have no `/mock/` prefix, auth paths start with `auth/`. */
  | string
  /** Tested against `'<METHOD> <path>'`, e.g. `'DELETE moderation/chat'`. */
  | RegExp
  | ((request: { method: string; path: string }) => boolean);

/** Options of `Sandbox.failNext`. */
export interface FaultOptions {
  /** For 429: seconds until `Ratelimit-Reset`. Default 1. */
  retryAfterSeconds?: number;
  /** Error message in the JSON body. Default: Twitch's text for the status. */
  message?: string;
}

interface Fault {
  matches: (request: { method: string; path: string }) => boolean;
  status: number;
  remaining: number;
  options: FaultOptions;
}

/** Twitch's error names by status. */
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function toPredicate(matcher: EndpointMatcher): (request: { method: string; path: string }) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (r) => matcher.test(`${r.method} ${r.path}`);
  const m = /^([A-Z]+)\s+(.+)$/.exec(matcher.trim());
  const method = m ? m[1] : undefined;
  const path = (m ? m[2]! : matcher.trim()).replace(/^\/?(mock\/)?/, '').replace(/\?.*$/, '');
  return (r) => (!method || r.method === method) && r.path === path;
}

/** Queued failures for the Helix server (first matching fault wins, in the order they were added). */
export class FaultQueue {
  private faults: Fault[] = [];

  /** Queues `count` failures (`Infinity`: until the returned function is called). */
  add(matcher: EndpointMatcher, status: number, count: number, options: FaultOptions): () => void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`failNext: status must be an HTTP error status (400-599), got ${status}.`);
    }
    if (!(count === Infinity || (Number.isInteger(count) && count >= 1))) throw new Error(`failNext: count must be a positive integer, got ${count}.`);
    const fault: Fault = { matches: toPredicate(matcher), status, remaining: count, options };
    this.faults.push(fault);
    return () => {
      this.faults = this.faults.filter((f) => f !== fault);
    };
  }

  /** Consumes and returns the fault for this request, if any. */
  take(request: { method: string; path: string }): { status: number; options: FaultOptions } | undefined {
    const fault = this.faults.find((f) => f.matches(request));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { status: fault.status, options: fault.options };
  }

  /** Faults not yet consumed (Infinity while an open-ended one is active). */
  get pending(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.faults = [];
  }
}
