import { describe, expect, it } from '@jest/globals';
import { startHealthServer } from '../../src/app/healthz.js';
import { HealthRegistry, type HealthCheck } from '../../src/bot/health.js';

describe('/healthz', () => {
  it('says which state on 127.0.0.1: 200 for ok and degraded, 503 for down, each check named', async () => {
    const health = new HealthRegistry();
    let auth: HealthCheck = { status: 'ok', detail: 'token valid' };
    health.add('auth', () => ({ auth }));
    health.add('runtime', () => ({ chat: { status: 'ok', detail: 'connected' } }));
    const server = await startHealthServer(health, 0);
    try {
      const url = `http://127.0.0.1:${server.port}/healthz`;
      let res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', checks: { auth: { status: 'ok' }, chat: { status: 'ok' } } });
      auth = { status: 'degraded', detail: 'token refresh failing; retrying' };
      res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'degraded', checks: { auth: { detail: 'token refresh failing; retrying' } } });
      auth = { status: 'down', detail: 'token revoked; run `npm run auth`' };
      res = await fetch(url);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'down' });
      health.add('broken', () => {
        throw new Error('boom');
      });
      expect(((await (await fetch(url)).json()) as { checks: Record<string, HealthCheck> }).checks['broken']).toMatchObject({
        status: 'down',
        detail: expect.stringMatching(/boom/),
      });
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });
});
