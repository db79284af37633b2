import { describe, expect, it } from '@jest/globals';
import type { ClusterView } from '../../../src/nlp/topics/clusterer.js';
import { CtfidfLabeller } from '../../../src/nlp/topics/ctfidf-labeller.js';
import { extractFeatures } from '../../../src/nlp/topics/features.js';
import type { TopicMember } from '../../../src/nlp/topics/topic-tracker.js';

const NOW = 600_000;
const UNIT = new Float32Array([1, 0]);

/** A cluster of `texts` (oldest first, one a minute up to NOW), each message weighted `weights[i]` (default 1). */
function cluster(id: number, texts: string[], weights: number[] = []): ClusterView<TopicMember> {
  const terms = new Map<string, number>();
  const tags = new Map<string, number>();
  let mass = 0;
  const samples = texts.map((text, i): TopicMember => {
    const f = extractFeatures(text);
    const w = weights[i] ?? 1;
    mass += w;
    for (const t of new Set(f.terms)) terms.set(t, (terms.get(t) ?? 0) + w);
    for (const t of new Set(f.tags)) tags.set(t, (tags.get(t) ?? 0) + w);
    return { id: `${id}-${i}`, text, time: NOW - (texts.length - 1 - i) * 60_000, vector: UNIT, terms: f.terms, tags: f.tags, quality: f.quality, key: f.key };
  });
  return { id, centroid: UNIT, count: texts.length, total: texts.length, weight: mass, firstTime: samples[0]!.time, lastTime: NOW, samples, terms, tags, mass };
}

const context = { now: NOW, windowMs: 600_000 };

describe('CtfidfLabeller', () => {
  it('takes keywords said by two messages or more, even when a fresh message outweighs the old ones', () => {
    const usul = cluster(
      1,
      ["d'accord avec Usul sur le service civique", 'Usul a raison pour le service civique', 'le service civique est dévoyé', 'oh le p-word de Sardine'],
      [0.2, 0.2, 0.2, 1],
    );
    const other = cluster(2, ['LUL', 'LUL LUL', 'LUL']);
    const [label] = new CtfidfLabeller({ maxKeywords: 2 }).label([usul, other], context);
    expect(label!.keywords).toEqual(expect.arrayContaining(['service', 'civique']));
    expect(label!.keywords).not.toContain('sardine');
    expect(label!.keywords).not.toContain('p-word');
  });

  it('types a chanted name as Reactions, a question cluster as Question, and keeps exclamations out of questions', () => {
    const labeller = new CtfidfLabeller();
    const chant = cluster(1, ['DAZOT', 'dazot dazot', 'DAZOT', 'Dazot !', 'DAZOT']);
    const asked = cluster(2, ['jadot ???', "c'est qui jadot ?", 'jadot ?', 'Jadot non ?']);
    const exclaimed = cluster(3, ['quel courage !', 'quel courage de dire ça !', 'quel courage !!']);
    const [a, b, c] = labeller.label([chant, asked, exclaimed], context);
    expect([a!.type, b!.type]).toEqual(['Reactions', 'Question']);
    expect(c!.type).not.toBe('Question');
  });
});
