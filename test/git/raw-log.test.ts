import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_LOG_ARGS, RawLogParser, type LogEntry } from '../../src/git/raw-log.js';
import { BOB, commit, git, initRepo } from '../history/helpers.js';

let dir: string;
let output: Buffer;
const ids: Record<string, string> = {};

/** The walk's own output for the repository, as keyward history reads it. */
function walkOutput(cwd: string): Buffer {
  const tips = git(cwd, ['rev-list', '--no-walk', '--all']);
  return execFileSync('git', RAW_LOG_ARGS, { cwd, input: `${tips}\n`, maxBuffer: 64 * 1024 * 1024 });
}

function parse(chunks: Buffer[]): LogEntry[] {
  const p = new RawLogParser();
  const out: LogEntry[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

/** The blob id git stores for `path` in `rev`. */
const blobAt = (rev: string, path: string) => git(dir, ['rev-parse', `${rev}:${path}`]);

beforeAll(() => {
  dir = initRepo(mkdtempSync(join(tmpdir(), 'kw-rawlog-')));
  ids.first = commit(dir, { 'a.txt': 'a\n', 'dir/with space.txt': 'b\n', 'new\nline.txt': 'c\n', ':colon.txt': 'd\n', 'ünï.txt': 'e\n' }, 'first');
  symlinkSync('a.txt', join(dir, 'link'));
  commit(dir, { 'run.sh': '#!/bin/sh\n' }, 'tools');
  chmodSync(join(dir, 'run.sh'), 0o755);
  ids.second = commit(dir, { 'a.txt': null, 'dir/with space.txt': 'b2\n' }, 'second', BOB);
  git(dir, ['checkout', '-q', '-b', 'side', ids.first!]);
  ids.side = commit(dir, { 'side.txt': 'side\n', 'dir/with space.txt': 'b3\n' }, 'side');
  git(dir, ['checkout', '-q', 'main']);
  // A merge resolved with content neither parent had: -c lists that entry for the merge.
  try {
    git(dir, ['merge', '-q', '--no-ff', '-m', 'merge', 'side']);
  } catch {
    // the conflict on dir/with space.txt is resolved below
  }
  commit(dir, { 'dir/with space.txt': 'resolved\n' }, 'merge');
  ids.merge = git(dir, ['rev-parse', 'HEAD']);
  output = walkOutput(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RawLogParser', () => {
  it('reads every commit with its added entries, and drops deletions', () => {
    const entries = parse([output]);
    const byOid = new Map(entries.map((e) => [e.commit.oid, e]));
    expect(entries.map((e) => e.commit.oid).sort()).toEqual(git(dir, ['rev-list', '--all']).split('\n').sort());

    const first = byOid.get(ids.first!)!;
    expect(first.commit.parents).toEqual([]);
    expect(first.changes.map((c) => c.path).sort()).toEqual([':colon.txt', 'a.txt', 'dir/with space.txt', 'new\nline.txt', 'ünï.txt']);
    for (const c of first.changes) {
      expect(c.mode).toBe('100644');
      expect(c.blob).toBe(blobAt(ids.first!, c.path));
    }

    const tools = entries.find((e) => e.changes.some((c) => c.path === 'link'))!;
    expect(Object.fromEntries(tools.changes.map((c) => [c.path, c.mode]))).toEqual({ link: '120000', 'run.sh': '100644' });

    const second = byOid.get(ids.second!)!;
    expect(second.commit.author).toBe(BOB.name);
    expect(second.commit.email).toBe(BOB.email);
    expect(second.commit.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    // a.txt was deleted: only the modified file is an entry; run.sh became executable
    expect(Object.fromEntries(second.changes.map((c) => [c.path, c.mode]))).toEqual({ 'dir/with space.txt': '100644', 'run.sh': '100755' });

    const merge = byOid.get(ids.merge!)!;
    expect(merge.commit.parents).toHaveLength(2);
    expect(merge.changes).toEqual([{ mode: '100644', blob: blobAt(ids.merge!, 'dir/with space.txt'), path: 'dir/with space.txt' }]);
  });

  it('gives the same entries however the output is cut into chunks', () => {
    const whole = parse([output]);
    for (let size = 1; size <= 9; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < output.length; i += size) chunks.push(output.subarray(i, i + size));
      expect(parse(chunks)).toEqual(whole);
    }
    let seed = 7;
    for (let run = 0; run < 50; run++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < output.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const n = 1 + (seed % 200);
        chunks.push(output.subarray(i, i + n));
        i += n;
      }
      expect(parse(chunks)).toEqual(whole);
    }
  });

  it('rejects output it does not understand and output cut short', () => {
    expect(() => parse([Buffer.from('garbage\0')])).toThrow(/unexpected git log output/);
    expect(() => parse([Buffer.from(':100644 100644 abc\0')])).toThrow(/unexpected git log entry/);
    const cut = output.indexOf(Buffer.from('\0:'));
    expect(() => parse([output.subarray(0, cut + 2)])).toThrow(/unexpected git log entry|truncated/);
    expect(() => parse([output.subarray(0, output.indexOf(0) + 1)])).toThrow(/truncated/);
  });
});
