import { describe, expect, it } from '@jest/globals';
import type { EmoteOffset } from '../../../src/chat/message.js';
import { extractFeatures } from '../../../src/nlp/topics/features.js';
import { TopicTracker } from '../../../src/nlp/topics/topic-tracker.js';

const T0 = Date.UTC(2021, 10, 4, 20, 0, 0);
const unit = (): Float32Array => Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0));
const emoteTags = (tracker: TopicTracker): number => tracker.clusterer.clusters(T0 + 10_000)[0]!.tags.get('emotes') ?? 0;

describe('TopicTracker features of repeated texts', () => {
  // Plain words that only Twitch's emote tags make emotes
  const text = 'hello friends';
  const tagged: EmoteOffset[] = [
    { id: '1', start: 0, end: 5, name: 'hello' },
    { id: '2', start: 6, end: 13, name: 'friends' },
  ];

  it('gives a repeated text the same terms and tags as its first copy', () => {
    const tracker = new TopicTracker();
    const repeated = 'la fusion nucléaire arrive ?';
    for (let i = 0; i < 3; i++) tracker.ingest({ id: `m${i}`, text: repeated, time: T0 + i, vector: unit() });
    const [view] = tracker.clusterer.clusters(T0 + 10_000);
    const f = extractFeatures(repeated);
    expect(f.terms.length).toBeGreaterThan(1);
    expect(view!.count).toBe(3);
    expect(view!.samples.map((s) => [s.terms, s.tags, s.quality, s.key])).toEqual([0, 1, 2].map(() => [f.terms, f.tags, f.quality, f.key]));
  });

  it('does not reuse the features of a text seen without emote tags for a copy that has them', () => {
    const plain = new TopicTracker();
    plain.ingest({ id: 'a', text, time: T0, vector: unit() });
    plain.ingest({ id: 'b', text, time: T0 + 1, vector: unit() });
    const withTags = new TopicTracker();
    withTags.ingest({ id: 'a', text, time: T0, vector: unit(), emotes: tagged });
    withTags.ingest({ id: 'b', text, time: T0 + 1, vector: unit(), emotes: tagged });
    const mixed = new TopicTracker();
    mixed.ingest({ id: 'a', text, time: T0, vector: unit() });
    mixed.ingest({ id: 'b', text, time: T0 + 1, vector: unit(), emotes: tagged });
    expect(emoteTags(withTags)).toBeGreaterThan(emoteTags(plain));
    expect(emoteTags(mixed)).toBeGreaterThan(emoteTags(plain));
    expect(emoteTags(mixed)).toBeLessThan(emoteTags(withTags));
  });
});
