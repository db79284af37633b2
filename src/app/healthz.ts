import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthRegistry } from '../bot/health.js';

/**
 * Answers `GET /healthz` (and `HEAD`) with the health report as JSON: 200 when `ok` or `degraded`
 * (the bot is working around a fault by itself; restarting would not help), 503 when `down` (the
 * operator must act, e.g. a revoked token). Returns false for other paths, so a server shared with
 * the dashboard can mount it next to its own routes.
 */
export function handleHealthz(health: HealthRegistry, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/healthz') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
    return true;
  }
  const report = health.report();
  const body = JSON.stringify(report);
  res.writeHead(report.status === 'down' ? 503 : 200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** A running `/healthz` server. */
export interface HealthServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** Starts the health endpoint on `host` (default 127.0.0.1, never all interfaces by default). */
export async function startHealthServer(health: HealthRegistry, port: number, host = '127.0.0.1'): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (!handleHealthz(health, req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found. Try GET /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
