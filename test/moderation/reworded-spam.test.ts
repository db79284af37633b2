// Reworded known spam is caught on its first post by the blocklist (labelled set written before
// tuning; the test split measures), and the legitimate messages that share its words are not.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { firstPostFilters, readRewordedSpam } from '../../scripts/moderation/first-posts.js';
import { repoRoot } from '../helpers/paths.js';

describe('reworded spam, first posts (test split)', () => {
  it('catches at least 90% of the reworded spam and no legitimate look-alike', async () => {
    const rows = readRewordedSpam(join(repoRoot, 'test', 'fixtures', 'moderation', 'reworded-spam.tsv')).filter((r) => r.split === 'test');
    const encoder = new SharedEncoder(new HashEncoder());
    await encoder.calibrate();
    const caught = await firstPostFilters(rows, encoder);
    const spam = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label === 'spam');
    const legit = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label === 'legit');
    expect(spam.length).toBeGreaterThanOrEqual(20);
    expect(legit.length).toBeGreaterThanOrEqual(10);
    const hit = spam.filter(({ i }) => caught.get(i) === 'blocklist').length;
    expect(hit / spam.length).toBeGreaterThanOrEqual(0.9);
    expect(legit.filter(({ i }) => caught.has(i)).map(({ r }) => r.text)).toEqual([]);
    // Both languages, spaced and dotted spellings included
    for (const t of ['Deviens célèbre ! Achète des viewers et des followers sur bigfollows .com', 'B.e.s.t v.i.e.w.e.r.s o.n s.t.r.e.a.m.b.o.o .c.o.m']) {
      const i = rows.findIndex((r) => r.text === t);
      expect(caught.get(i)).toBe('blocklist');
    }
    await encoder.close();
  });
});
