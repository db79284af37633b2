import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCli } from '../../../src/app/replay/cli.js';
import { parseDecisions } from '../../../src/replay/decisions-writer.js';
import type { SummaryLine } from '../../../src/replay/decision-lines.js';
import { fixturePath } from '../../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await replayCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('replay CLI', () => {
  test('a missing file is a clear error with exit code 2', async () => {
    const r = await run(join(dir, 'nope.tsv'), '--report', 'none', '--decisions', join(dir, 'x.jsonl'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Chat file ".*nope\.tsv" not found/);
    expect(r.err).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  test('an empty file is a clear error with exit code 2', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n  \n');
    const r = await run(empty, '--report', 'none', '--decisions', join(dir, 'x.jsonl'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is empty: nothing to replay/);
  });

  test('a file with no readable line, a folder and an unreadable file are clear errors', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"broken"\n{"also": broken}\n');
    const r = await run(bad, '--report', 'none');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No chat message could be read .* \(2 unreadable line\(s\); line 1: invalid JSON/);
    const folder = await run(dir, '--report', 'none');
    expect(folder.err).toMatch(/is a folder/);
    const locked = join(dir, 'locked.tsv');
    writeFileSync(locked, 'time\tmessage\n');
    chmodSync(locked, 0o000);
    const l = await run(locked, '--report', 'none');
    expect(l.code).toBe(2);
    // root can read anything; otherwise the message names the permission problem
    if (!/empty|No chat message/.test(l.err)) expect(l.err).toMatch(/permission denied/);
  });

  test('an encoder that cannot load is a clear error naming it, with exit code 2', async () => {
    const missing = join(dir, 'no-model');
    const r = await run(fixturePath('replay', 'chat.irc'), '--encoder', `onnx:${missing}`, '--report', 'none', '--decisions', join(dir, 'x.jsonl'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot load the encoder "onnx:${missing}"`);
    expect(r.err).toContain(`${missing} not found`);
    expect(r.err).not.toMatch(/at .*\.js:\d+/);
  });

  test('bad options are clear errors', async () => {
    expect((await run()).err).toMatch(/no chat file given/);
    expect((await run('a.tsv', '--format', 'csv')).err).toMatch(/--format must be one of tsv, jsonl, irc/);
    expect((await run('a.tsv', '--speed', 'fast')).err).toMatch(/--speed must be a number/);
    expect((await run('a.tsv', '--encoder', 'bert')).code).toBe(2);
    expect((await run('a.tsv', '--bogus')).err).toMatch(/Unknown option '--bogus'/);
    expect((await run('--help')).out).toMatch(/Usage: npm run replay/);
  });

  test('replays a file: decisions file with a summary, report, readable summary on stdout', async () => {
    const decisions = join(dir, 'chat.decisions.jsonl');
    const report = join(dir, 'chat.html');
    const r = await run(fixturePath('replay', 'chat.irc'), '--decisions', decisions, '--report', report, '--config', join(dir, 'no-such-config.yaml'));
    // A missing --config file is refused before anything runs.
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Config file .* not found/);

    const ok = await run(fixturePath('replay', 'chat.irc'), '--decisions', decisions, '--report', report);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Replayed .*chat\.irc \(IRC\): 5 messages/);
    expect(ok.out).toMatch(/into #backseat/);
    expect(ok.out).toMatch(/2 unreadable line\(s\), skipped: line 4: not an IRC line/);
    const lines = parseDecisions(readFileSync(decisions, 'utf8'));
    const s = lines[lines.length - 1] as SummaryLine;
    expect(s.kind).toBe('summary');
    expect(s).toMatchObject({ format: 'irc', channel: 'backseat', lines: 8, messages: 5, skipped: { unparseable: 2, ignored: 1, blank: 0 } });
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/); // self-contained
  });

  test('--decisions - streams JSON Lines to stdout (with --quiet)', async () => {
    const r = await run(fixturePath('replay', 'chat.tsv'), '--decisions', '-', '--quiet', '--report', 'none');
    expect(r.code).toBe(0);
    const lines = parseDecisions(r.out);
    expect(lines[lines.length - 1]!.kind).toBe('summary');
  });
});
