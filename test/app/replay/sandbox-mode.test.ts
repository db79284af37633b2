// `--sandbox`: the chat is played at --speed into the local sandbox, where the real app (local
// mode) handles it; the decisions are those of the in-process replay.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCli } from '../../../src/app/replay/cli.js';
import type { ReplayLine, SummaryLine } from '../../../src/replay/decision-lines.js';
import { parseDecisions } from '../../../src/replay/decisions-writer.js';
import { fixturePath } from '../../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; lines: ReplayLine[] }> {
  const out: string[] = [];
  const decisions = join(dir, `${argv.includes('--sandbox') ? 'sandbox' : 'local'}.jsonl`);
  const code = await replayCli(
    [fixturePath('replay', 'live-vs-replay.jsonl'), '--channel', 'equivchan', '--report', 'none', '--decisions', decisions, ...argv],
    {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      interactive: false,
    },
  );
  return { code, out: out.join('\n'), lines: code === 0 ? parseDecisions(readFileSync(decisions, 'utf8')) : [] };
}

/** What must not depend on how fast the chat was played. */
const gist = (lines: ReplayLine[]) =>
  lines.flatMap((l) =>
    l.kind === 'moderation'
      ? [`${l.line} ${l.filter} ${l.action}`]
      : l.kind === 'faq'
        ? [`${l.line} faq ${l.entry}`]
        : l.kind === 'command'
          ? [`${l.line} !${l.command}`]
          : [],
  );

describe('replay --sandbox', () => {
  test('refuses --speed 0 and --port without --sandbox', async () => {
    expect((await run('--sandbox', '--speed', '0')).out).toMatch(/--sandbox plays at a pace/);
    expect((await run('--port', '0')).out).toMatch(/--port only applies with --sandbox/);
  });

  test('plays the chat through the sandbox and the live app, with the in-process decisions', async () => {
    const local = await run();
    const sandbox = await run('--sandbox', '--port', '0', '--speed', '40');
    expect(sandbox.code).toBe(0);
    expect(sandbox.out).toMatch(/Playing 34 messages into the local sandbox at 40x: open http:\/\/127\.0\.0\.1:\d+\/ to watch #equivchan/);
    const s = sandbox.lines[sandbox.lines.length - 1] as SummaryLine;
    expect(s).toMatchObject({ kind: 'summary', messages: 34, undelivered: 0, dry_run: true });
    expect(gist(sandbox.lines).length).toBeGreaterThan(10);
    expect(gist(sandbox.lines)).toEqual(gist(local.lines));
  }, 60_000);
});
