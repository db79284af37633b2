import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { moderationConfigSchema } from '../../src/moderation/config.js';
import { repoRoot } from '../helpers/paths.js';

describe('moderation config', () => {
  it('config/sections/moderation.yaml documents exactly the schema defaults', () => {
    const doc = parse(readFileSync(join(repoRoot, 'config', 'sections', 'moderation.yaml'), 'utf8')) as { moderation: unknown };
    expect(moderationConfigSchema.parse(doc.moderation)).toEqual(moderationConfigSchema.parse({}));
    // Every key of the YAML exists in the schema (nothing documented that does nothing)
    const keys = (o: unknown, prefix = ''): string[] =>
      o && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => [prefix + k, ...keys(v, prefix + k + '.')]) : [];
    const known = new Set(keys(moderationConfigSchema.parse({})));
    for (const k of keys(doc.moderation)) expect(known.has(k) || k.startsWith('escalation.steps')).toBe(true);
  });

  it('defaults to dry-run for a new channel and rejects nonsense with the key name', () => {
    expect(moderationConfigSchema.parse({}).defaultMode).toBe('dry');
    const r = moderationConfigSchema.safeParse({ flood: { users: 0 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues[0]?.path)).toBe('["flood","users"]');
  });
});
