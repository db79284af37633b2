// Tokens never reach the logs: not in field names, not inside error messages (twurple puts the
// refresh request's URL, with refresh_token=..., in the message of a failed refresh). The same
// through the real twurple clients: test/bot/auth-sandbox.test.ts.
import { describe, expect, it } from '@jest/globals';
import { createLogger, redactSecrets } from '../../src/chat/logger.js';

describe('redactSecrets', () => {
  it('hides tokens in URLs, JSON, IRC PASS lines and auth headers, and leaves ordinary text alone', () => {
    expect(redactSecrets('URL: token?grant_type=refresh_token&client_id=abc&client_secret=s3cr3t&refresh_token=r3fr3sh')).toBe(
      'URL: token?grant_type=refresh_token&client_id=abc&client_secret=[redacted]&refresh_token=[redacted]',
    );
    expect(redactSecrets('{"access_token": "at123", "refreshToken":"rt456", "scope": ["chat:read"]}')).toBe(
      '{"access_token": "[redacted]", "refreshToken":"[redacted]", "scope": ["chat:read"]}',
    );
    expect(redactSecrets('PASS oauth:abcdef123456')).toBe('PASS oauth:[redacted]');
    expect(redactSecrets('Authorization: Bearer 0123456789abcdefghij0123456789')).toBe('Authorization: Bearer [redacted]');
    const plain = 'Invalid OAuth token; missing scope moderator:manage:banned_users at https://id.twitch.tv/oauth2/validate';
    expect(redactSecrets(plain)).toBe(plain);
  });
});

describe('createLogger', () => {
  it('redacts secrets in the message, string fields, nested objects and errors (message, stack, cause), one line per event', () => {
    for (const format of ['pretty', 'json'] as const) {
      const lines: string[] = [];
      const log = createLogger({ format, write: (l) => lines.push(l) });
      const err = new Error('Encountered HTTP status code 400\n\nURL: token?refresh_token=LEAK1', { cause: new Error('oauth:LEAK2') });
      log.error('failed for\noauth:LEAK3', { error: err, detail: 'x&access_token=LEAK4', nested: { list: ['refresh_token=LEAK5'], accessToken: 'LEAK6' } });
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/LEAK/);
      expect(lines[0]).not.toContain('\n');
      expect(lines[0]).toContain('refresh_token=[redacted]');
    }
  });

  it('pretty lines leave undefined fields out, like JSON lines', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'pretty', write: (l) => lines.push(l) });
    log.info('moderation', { action: 'warn', helixOk: undefined, enforced: false });
    expect(lines[0]).toMatch(/ INFO {2}moderation action=warn enforced=false$/);
  });
});
