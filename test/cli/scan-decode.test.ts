import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { randomFrom, tempDir } from '../helpers/fake.js';
import { commit, history, initRepo } from '../history/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** An AWS access key ID in its documented shape (prefix + 16 base32 characters), drawn now. */
const awsKeyId = () => `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A Kubernetes Secret manifest whose data value is base64 of the key id. */
function plant(): { id: string; enc: string } {
  const id = awsKeyId();
  const enc = b64(id);
  writeFileSync(join(dir, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: deploy\ndata:\n  key-id: ${enc}\n`);
  return { id, enc };
}

describe('keyward scan of encoded secrets', () => {
  it('reports a base64 value of a Kubernetes Secret, decoded, at the encoded text, in json, sarif, csv and text', () => {
    const { id, enc } = plant();
    const r = keyward(['scan', '.', '--format', 'json', '--show-secrets'], { cwd: dir });
    expect(r.code).toBe(1);
    const [f, ...rest] = JSON.parse(r.stdout).findings;
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ ruleId: 'aws-access-key-id', secret: id, decoded: 'base64', line: 6, column: 11, endLine: 6, endColumn: 11 + enc.length });

    const sarif = JSON.parse(keyward(['scan', '.', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results[0].properties.decoded).toBe('base64');
    const csv = keyward(['scan', '.', '--format', 'csv'], { cwd: dir }).stdout.split('\r\n');
    expect(csv[0]!.split(',').at(-1)).toBe('decoded');
    expect(csv[1]!.split(',').at(-1)).toBe('base64');
    const text = keyward(['scan', '.'], { cwd: dir }).stdout;
    expect(text).toContain('(decoded: base64)');
    expect(text).not.toContain(id);
  });

  it('finds nothing with --no-decode or [scan] decode = false', () => {
    plant();
    // Without decoding only the encoded text itself can be reported (a generic rule may see a
    // high-entropy value after "key-id:"), never the key it holds.
    const found = (args: string[]) => JSON.parse(keyward(['scan', '.', '--format', 'json', ...args], { cwd: dir }).stdout).findings as Array<{ ruleId: string; decoded?: string }>;
    expect(found([]).map((f) => [f.ruleId, f.decoded])).toEqual([['aws-access-key-id', 'base64']]);
    const plain = (fs: Array<{ ruleId: string; decoded?: string }>) => fs.every((f) => f.decoded === undefined && f.ruleId !== 'aws-access-key-id');
    expect(plain(found(['--no-decode']))).toBe(true);
    writeFileSync(join(dir, 'keyward.toml'), '[scan]\ndecode = false\n');
    expect(plain(found([]))).toBe(true);
    writeFileSync(join(dir, 'keyward.toml'), '[scan]\ndecode = "no"\n');
    const bad = keyward(['scan', '.'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('scan.decode');
  });
});

describe('keyward history of encoded secrets', () => {
  it('reports a decoded secret from a commit, the same from the cache on the next run, and not with [scan] decode = false', () => {
    const repo = initRepo(join(dir, 'r'));
    const id = awsKeyId();
    const enc = b64(id);
    commit(repo, { 'deploy/secret.yaml': `kind: Secret\ndata:\n  key-id: ${enc}\n` }, 'add secret');
    const pick = (r: ReturnType<typeof history>) => r.report.findings.filter((f) => f.ruleId === 'aws-access-key-id').map((f) => [f.file, f.line, (f as { decoded?: string }).decoded]);
    const first = history(repo, ['--show-secrets']);
    expect(pick(first)).toEqual([['deploy/secret.yaml', 3, 'base64']]);
    expect(pick(history(repo, ['--show-secrets']))).toEqual(pick(first)); // from the cache
    writeFileSync(join(repo, 'keyward.toml'), '[scan]\ndecode = false\n');
    expect(pick(history(repo, ['--show-secrets']))).toEqual([]);
  });
});
