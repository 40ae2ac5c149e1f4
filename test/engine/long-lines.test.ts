import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { CHUNK_SIZE, scanBuffer, scanStream } from '../../src/engine/scan-data.js';
import { keywardAsync } from '../helpers/cli.js';
import { randomFrom, randomToken, tempDir } from '../helpers/fake.js';
import { TKN_RULE } from '../helpers/rules.js';
import { pieces } from '../helpers/stream.js';

const opts = { showSecrets: true };
/** One line of `prefix` repeated to `bytes`, the secret after it, then a short second line. */
function longLine(unit: string, bytes: number, secret: string): { data: Buffer; column: number } {
  const u = Buffer.from(unit);
  const reps = Math.floor(bytes / u.length);
  const head = Buffer.alloc(reps * u.length);
  for (let i = 0; i < reps; i++) u.copy(head, i * u.length);
  const data = Buffer.concat([Buffer.from('first line\n'), head, Buffer.from(` ${secret} tail\nlast line\n`)]);
  return { data, column: reps * unit.length + 2 }; // unit.length: UTF-16 units, as columns count
}

describe('columns on lines longer than a window', () => {
  const d = new Detector([TKN_RULE]);

  it.each([
    ['ASCII', 'x', 5_000_002],
    ['two-byte characters', 'é', 3 * CHUNK_SIZE + 77],
    ['four-byte characters (two UTF-16 units)', '😀', 2 * CHUNK_SIZE + 4001],
  ])('reports the column of a token deep in a long %s line', async (_what, unit, bytes) => {
    const secret = `tkn_${randomToken(32)}`;
    const { data, column } = longLine(unit, bytes, secret);
    const streamed = await scanStream(d, pieces(data), 'long.txt', opts);
    expect(streamed.findings).toHaveLength(1);
    expect(streamed.findings[0]).toMatchObject({ line: 2, column, endLine: 2, endColumn: column + secret.length });
    // A window boundary is no different from reading the whole buffer at once.
    expect(streamed.findings).toEqual(scanBuffer(d, data, 'long.txt', opts));
  });

  it('keeps counting from the line start when a line break falls inside a later window', async () => {
    const secret = `tkn_${randomToken(32)}`;
    const { data } = longLine('y', 6_000_000, 'no secret here');
    const tail = Buffer.from(`${'z'.repeat(100)} ${secret}\n`);
    const streamed = await scanStream(d, pieces(Buffer.concat([data, tail])), 'long.txt', opts);
    expect(streamed.findings).toHaveLength(1);
    expect(streamed.findings[0]).toMatchObject({ line: 4, column: 102 });
  });
});

describe('columns on long lines from every command', () => {
  const { dir, cleanup } = tempDir('keyward-longline-');
  afterAll(cleanup);
  // A built-in structural rule (AWS access key ID) at column 40,000,004 of line 1.
  const secret = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  const text = `${'q'.repeat(40_000_000)} = ${secret}\n`;
  const column = 40_000_004; // past history's 32 MiB inline limit: streamed in windows everywhere
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', 'dev@keyward.test']);
  git(['config', 'user.name', 'Dev']);
  writeFileSync(join(dir, 'long.txt'), text);

  const columnsOf = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string; column: number }[] }).findings.filter((f) => f.ruleId === 'aws-access-key-id').map((f) => f.column);

  it('scan', async () => {
    const r = await keywardAsync(['scan', '--format', 'json', 'long.txt'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(columnsOf(r.stdout)).toEqual([column]);
  });

  it('staged', async () => {
    git(['add', 'long.txt']);
    const r = await keywardAsync(['staged', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(columnsOf(r.stdout)).toEqual([column]);
  });

  it('history', async () => {
    git(['add', 'long.txt']);
    git(['commit', '-q', '--no-verify', '-m', 'long line']);
    const r = await keywardAsync(['history', '--full', '--format', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', KEYWARD_CACHE_DIR: join(dir, '.cache-kw') } });
    expect(r.code, r.stderr).toBe(1);
    expect(columnsOf(r.stdout)).toEqual([column]);
  });
});
