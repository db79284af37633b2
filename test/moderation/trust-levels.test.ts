import { describe, expect, it } from '@jest/globals';
import type { Role } from '../../src/chat/message.js';
import { moderationConfigSchema } from '../../src/moderation/config.js';
import { liftsRuleFilters, trustLevelOf, type TrustFacts } from '../../src/moderation/trust/levels.js';

const cfg = moderationConfigSchema.parse({}).trust;
const NOW = 100 * 86_400_000;
const facts = (over: Partial<TrustFacts> = {}): TrustFacts => ({
  messages: 1,
  daysSeen: 1,
  firstSeen: NOW,
  roles: new Set<Role>(),
  penalties: 0,
  now: NOW,
  ...over,
});

describe('trustLevelOf', () => {
  it('climbs with messages over time and days', () => {
    expect(trustLevelOf(facts(), cfg).level).toBe('new');
    expect(trustLevelOf(facts({ messages: 12, firstSeen: NOW - 10 * 60_000 }), cfg).level).toBe('new');
    expect(trustLevelOf(facts({ messages: 12, firstSeen: NOW - 40 * 60_000 }), cfg).level).toBe('known');
    expect(trustLevelOf(facts({ messages: 45, daysSeen: 2, firstSeen: NOW - 3 * 86_400_000 }), cfg).level).toBe('known');
    expect(trustLevelOf(facts({ messages: 45, daysSeen: 3, firstSeen: NOW - 3 * 86_400_000 }), cfg)).toEqual({ level: 'regular', reasons: ['history'] });
    expect(trustLevelOf(facts({ messages: 500, daysSeen: 20, firstSeen: 0 }), cfg).level).toBe('trusted');
  });

  it('badges raise it, penalties and young accounts pull it down, overrides beat all', () => {
    expect(trustLevelOf(facts({ roles: new Set<Role>(['subscriber']) }), cfg)).toEqual({ level: 'known', reasons: ['subscriber'] });
    expect(trustLevelOf(facts({ roles: new Set<Role>(['vip']) }), cfg).level).toBe('trusted');
    const regular = { messages: 45, daysSeen: 3, firstSeen: 0 };
    expect(trustLevelOf(facts({ ...regular, penalties: 1 }), cfg)).toEqual({ level: 'new', reasons: ['penalty'] });
    expect(trustLevelOf(facts({ ...regular, accountCreatedAt: NOW - 2 * 86_400_000 }), cfg)).toEqual({ level: 'new', reasons: ['young-account'] });
    expect(trustLevelOf(facts({ ...regular, accountCreatedAt: NOW - 90 * 86_400_000 }), cfg).level).toBe('regular');
    expect(trustLevelOf(facts({ penalties: 3, override: 'trusted' }), cfg)).toEqual({ level: 'trusted', reasons: ['override'] });
    expect(trustLevelOf(facts({ ...regular, override: 'untrusted' }), cfg).level).toBe('new');
  });

  it('lifts rule filters from the configured level on', () => {
    expect(liftsRuleFilters('known', cfg)).toBe(false);
    expect(liftsRuleFilters('regular', cfg)).toBe(true);
    expect(liftsRuleFilters('known', { ...cfg, ruleFiltersBelow: 'known' })).toBe(true);
    expect(liftsRuleFilters('trusted', { ...cfg, enabled: false })).toBe(false);
  });
});
