import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultChannelConfig } from '../../src/app/channel-config.js';
import { ConfigError } from '../../src/config/errors.js';
import { checkFaqSeedFiles } from '../../src/faq/seed-check.js';

function channelWith(seedFile: string, enabled = true) {
  const c = defaultChannelConfig();
  return { ...c, faq: { ...c.faq, seedFile, enabled } };
}

describe('faq seed files checked at start-up (defect 9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  writeFileSync(join(dir, 'good.yaml'), 'entries:\n  - id: music\n    answer: "Lofi"\n    examples: ["quelle musique ?"]\n');
  writeFileSync(join(dir, 'bad.yaml'), 'entries:\n  - id: music\n    examples: [a]\n');

  it("a channel's malformed seed file stops the start with the channel, the file and the key", () => {
    let err: Error | undefined;
    try {
      checkFaqSeedFiles(
        new Map([
          ['alpha', channelWith('good.yaml')],
          ['beta', channelWith('bad.yaml')],
        ]),
        dir,
      );
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('#beta');
    expect(err!.message).toContain('bad.yaml');
    expect(err!.message).toMatch(/entries\[0\]\.answer/);
    expect(err!.message).not.toContain('#alpha');
  });

  it('valid files pass; a missing file is a warning naming the channel; disabled FAQ is not checked', () => {
    const warnings = checkFaqSeedFiles(
      new Map([
        ['alpha', channelWith('good.yaml')],
        ['gamma', channelWith('missing.yaml')],
        ['delta', channelWith('bad.yaml', false)],
      ]),
      dir,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ channel: 'gamma' });
    expect(warnings[0]!.message).toMatch(/config\/channels\/gamma\.yaml/);
  });
});
