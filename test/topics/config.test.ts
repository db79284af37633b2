import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { defaultChannelConfig } from '../../src/app/channel-config.js';
import { topicsConfigSchema } from '../../src/topics/config.js';
import { repoRoot } from '../helpers/paths.js';

describe('topics config', () => {
  it('documents every setting in config/sections/topics.yaml with the schema defaults', () => {
    const doc = (parse(readFileSync(join(repoRoot, 'config', 'sections', 'topics.yaml'), 'utf8')) as { topics: Record<string, unknown> }).topics;
    const defaults = topicsConfigSchema.parse({});
    expect(Object.keys(doc).sort()).toEqual(Object.keys(defaults).sort());
    expect(topicsConfigSchema.parse(doc)).toEqual(defaults);
    expect(defaultChannelConfig().topics).toEqual(defaults);
  });

  it('rejects settings that make no sense, naming the key', () => {
    const r = topicsConfigSchema.safeParse({ similarityThreshold: 2 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('similarityThreshold');
    expect(topicsConfigSchema.safeParse({ horizonMinutes: 0 }).success).toBe(false);
  });
});
