import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { codePointLength } from '../../src/chat/graphemes.js';
import { adjustedRandIndex, normalizedMutualInfo } from '../../src/nlp/topics/metrics.js';
import { TopicTracker } from '../../src/nlp/topics/topic-tracker.js';
import { topicsConfigSchema } from '../../src/topics/config.js';
import { trackerOptionsOf } from '../../src/topics/module.js';
import { takeTopicSnapshot } from '../../src/topics/snapshot.js';
import { fixturePath } from '../helpers/paths.js';

interface Row {
  line: number;
  time: number;
  label: string;
  text: string;
}

const rows: Row[] = readFileSync(fixturePath('topics', 'backseat-excerpt.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => {
    const [line, time, label, text] = l.split('\t');
    return { line: Number(line), time: Date.parse(time!.replace(' ', 'T') + 'Z'), label: label!, text: text ?? '' };
  });
const config = topicsConfigSchema.parse({});

describe('topics on real chat (Backseat excerpts, default settings)', () => {
  let tracker: TopicTracker;
  const answers = new Map<string, ReturnType<typeof takeTopicSnapshot>>();
  const assigned: number[] = [];

  beforeAll(async () => {
    const encoder = new HashEncoder();
    const vectors = await encoder.encode(rows.map((r) => r.text));
    await encoder.close();
    tracker = new TopicTracker(trackerOptionsOf(config));
    const at = (hhmm: string) => Date.parse(`2021-11-04T${hhmm}:00Z`);
    rows.forEach((r, i) => {
      for (const t of ['19:47', '20:46']) if (r.time >= at(t) && !answers.has(t)) answers.set(t, takeTopicSnapshot(tracker, { now: at(t) }));
      assigned.push(tracker.ingest({ id: String(r.line), text: r.text, time: r.time, vector: vectors[i], line: r.line }));
    });
    answers.set('20:46', takeTopicSnapshot(tracker, { now: at('20:46') }));
  });

  it('puts the nuclear debate first at 19:47, quoting a real message by its line', () => {
    const snap = answers.get('19:47')!;
    expect(snap.clusters[0]!.keywords[0]).toBe('nucléaire');
    expect(snap.text).toMatch(/^Chat \(10 min\): 1\) nucléaire/);
    const rep = snap.clusters[0]!.representative!;
    expect(rep.text).toMatch(/nucl[ée]aire/i);
    expect(rows.find((r) => r.line === rep.line)?.text).toBe(rep.text);
  });

  it('shows the poll as one topic at 20:46, answers sorted by votes, within 500 characters', () => {
    const snap = answers.get('20:46')!;
    expect(codePointLength(snap.text)).toBeLessThanOrEqual(500);
    expect(snap.text).toMatch(/^Chat \(10 min\): 1\) votes D \d+ · C \d+ · B \d+ · A \d+/);
    const votes = snap.clusters.filter((c) => c.type === 'Votes');
    expect(votes.length).toBeGreaterThanOrEqual(4);
    // `d` and `D` are the same answer
    const d = votes.find((c) => c.keywords[0]!.toUpperCase() === 'D')!;
    expect(d.size).toBeGreaterThanOrEqual(184 + 66 - 10);
  });

  it('agrees with the reference clustering better than chance', () => {
    const debate = rows.map((r, i) => ({ r, c: assigned[i]! })).filter(({ r, c }) => c >= 0 && r.time < Date.parse('2021-11-04T19:47:00Z'));
    const ours = debate.map(({ c }) => c);
    const ref = debate.map(({ r }) => r.label);
    // chance: the same cluster sizes, shuffled (deterministic Fisher-Yates)
    const shuffled = [...ours];
    let seed = 7;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(normalizedMutualInfo(ours, ref)).toBeGreaterThan(normalizedMutualInfo(shuffled, ref) + 0.05);
    expect(adjustedRandIndex(ours, ref)).toBeGreaterThan(adjustedRandIndex(shuffled, ref) + 0.05);
  });
});
