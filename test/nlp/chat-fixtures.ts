import { readFileSync } from 'node:fs';
import { fixturePath } from '../helpers/paths.js';

/** One real chat line of test/fixtures/nlp/chat-sample.tsv. */
export interface SampleLine {
  time: string;
  label: string;
  message: string;
}

function rows(file: string): string[][] {
  return readFileSync(fixturePath('nlp', file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split('\t'));
}

/** Real chat messages (see test/fixtures/nlp/README.md). */
export function chatSample(): SampleLine[] {
  return rows('chat-sample.tsv').map(([time, label, message]) => ({ time: time!, label: label!, message: message! }));
}

/** Real pairs of messages that say the same thing. */
export function nearDuplicatePairs(): [string, string][] {
  return rows('near-duplicates.tsv').map(([a, b]) => [a!, b!]);
}
