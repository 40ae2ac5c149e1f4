import { describe, expect, it } from 'vitest';
import { PatchParser } from '../../src/git/hunks.js';
import { parseRawZ } from '../../src/git/raw-diff.js';
import { changedFiles, mergeParents, type ChangedFile } from '../../src/sources/changes.js';
import { intersect, touches } from '../../src/engine/line-ranges.js';
import { parseReceiveInput, receiveRevs, bypassReason } from '../../src/hooks/receive-input.js';
import { parsePrePushInput, pushRevs } from '../../src/hooks/pre-push.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const Z = '0'.repeat(40);

const PATCH = [
  'diff --git a/x.ts b/x.ts',
  `index ${A}..${B} 100644`,
  '--- a/x.ts',
  '+++ b/x.ts',
  '@@ -2 +2 @@ context',
  '-old',
  '+new',
  '@@ -10,0 +11,3 @@',
  '+a',
  '+@@ -1 +1 @@ (content that looks like a hunk header)',
  '+diff --git a/fake b/fake',
  '@@ -20,2 +22,0 @@',
  '-gone',
  '-gone',
  'diff --git "a/we\\"ird" "b/we\\"ird"',
  `index ${A}..${C}`,
  'Binary files a/we"ird and b/we"ird differ',
  '',
].join('\n');

describe('PatchParser', () => {
  it('keeps added ranges per file and ignores content lines that look like headers', () => {
    const p = new PatchParser(false);
    p.push(Buffer.from(PATCH));
    const [section] = p.end();
    expect(section!.files).toEqual([
      { added: [[2, 2], [11, 13]], binary: false, newOid: B },
      { added: [], binary: true, newOid: C },
    ]);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const whole = new PatchParser(false);
    whole.push(Buffer.from(PATCH));
    const expected = whole.end();
    const buf = Buffer.from(PATCH);
    for (const size of [1, 2, 3, 7, 64]) {
      const p = new PatchParser(false);
      for (let i = 0; i < buf.length; i += size) p.push(buf.subarray(i, i + size));
      expect(p.end()).toEqual(expected);
    }
  });

  it('splits diff-tree --stdin output into per-commit sections', () => {
    const p = new PatchParser(true);
    p.push(Buffer.from(`${A}\n${B}\ndiff --git a/f b/f\nindex ${A}..${C} 100644\n@@ -1 +1,2 @@\n-x\n+y\n+z\n`));
    expect(p.end()).toEqual([
      { commit: A, files: [] },
      { commit: B, files: [{ added: [[1, 2]], binary: false, newOid: C }] },
    ]);
  });
});

describe('parseRawZ', () => {
  it('reads paths with newlines, quotes and a leading colon positionally', () => {
    const out = Buffer.from(
      [`:100644 100644 ${A} ${B} M`, 'new\nline "q".ts', `:100644 100644 ${A} ${C} R087`, ':odd', 'to/here', `:100644 000000 ${A} ${Z} D`, 'gone', ''].join('\0'),
    );
    const [s] = parseRawZ(out, false);
    expect(s!.changes.map((c) => [c.status, c.srcPath, c.path])).toEqual([
      ['M', undefined, 'new\nline "q".ts'],
      ['R', ':odd', 'to/here'],
      ['D', undefined, 'gone'],
    ]);
  });
});

describe('changedFiles and merges', () => {
  it('joins raw entries with their patches, checks blob ids and skips deletions', () => {
    const raw = parseRawZ(Buffer.from([`:000000 100644 ${Z} ${A} A`, 'new.ts', `:100644 100644 ${A} ${B} M`, 'mod.ts', `:100644 000000 ${C} ${Z} D`, 'del.ts', ''].join('\0')), false)[0]!;
    const files = changedFiles(raw, { files: [{ added: [[3, 4]], binary: false, newOid: B }] });
    expect(files.map((f) => [f.path, f.added])).toEqual([
      ['new.ts', 'all'],
      ['mod.ts', [[3, 4]]],
    ]);
    expect(() => changedFiles(raw, { files: [{ added: [], binary: false, newOid: C }] })).toThrow(/does not match/);
  });

  it('a merge adds only lines new against every parent', () => {
    const f = (path: string, added: ChangedFile['added']): ChangedFile => ({ path, status: 'M', mode: '100644', oid: A, added });
    const merged = mergeParents([
      [f('both.ts', [[1, 10]]), f('one-side.ts', [[1, 5]]), f('new.ts', 'all')],
      [f('both.ts', [[5, 20]]), f('new.ts', 'all')],
    ]);
    expect(merged.map((m) => [m.path, m.added])).toEqual([
      ['both.ts', [[5, 10]]],
      ['one-side.ts', []],
      ['new.ts', 'all'],
    ]);
  });

  it('line ranges: touches and intersect', () => {
    const r = [[3, 4], [10, 12]] as const;
    expect([touches(r, 1, 2), touches(r, 1, 3), touches(r, 5, 9), touches(r, 12, 40), touches(r, 13, 13)]).toEqual([false, true, false, true, false]);
    expect(intersect(r, [[4, 11]])).toEqual([[4, 4], [10, 11]]);
    expect(intersect('all', r)).toBe(r);
  });
});

describe('hook inputs', () => {
  it('pre-receive: ref updates and the commits they bring in; deletions add nothing', () => {
    const u = parseReceiveInput(`${A} ${B} refs/heads/main\n${Z} ${C} refs/heads/new\n${A} ${Z} refs/heads/gone\n`);
    expect(u.map((x) => x.ref)).toEqual(['refs/heads/main', 'refs/heads/new', 'refs/heads/gone']);
    expect(receiveRevs(u)).toEqual([B, C, '--not', A, A, '--all']);
    expect(receiveRevs([u[2]!])).toEqual([]);
    expect(() => parseReceiveInput('garbage\n')).toThrow();
  });

  it('pre-receive: the bypass push option', () => {
    expect(bypassReason({ GIT_PUSH_OPTION_COUNT: '2', GIT_PUSH_OPTION_0: 'ci.skip', GIT_PUSH_OPTION_1: 'keyward-bypass= fixture ' })).toBe('fixture');
    expect(bypassReason({ GIT_PUSH_OPTION_COUNT: '1', GIT_PUSH_OPTION_0: 'keyward-bypass' })).toBe('');
    expect(bypassReason({})).toBeUndefined();
  });

  it('pre-push: what the remote lacks, new branches and deletions', () => {
    const u = parsePrePushInput(`refs/heads/main ${B} refs/heads/main ${A}\nrefs/heads/new ${C} refs/heads/new ${Z}\n(delete) ${Z} refs/heads/old ${A}\n`);
    expect(pushRevs('origin', u)).toEqual([B, C, '--not', A, A, '--remotes=origin']);
    expect(pushRevs('https://example.invalid/repo.git', u)).toEqual([B, C, '--not', A, A]);
    expect(pushRevs('origin', [u[2]!])).toEqual([]);
  });
});
