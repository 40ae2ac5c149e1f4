import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, type AuditDraft, type AuditEntry } from '../../src/audit/entry.js';
import { AuditError } from '../../src/audit/errors.js';
import { auditPaths, type AuditPaths } from '../../src/audit/location.js';
import { appendEntries } from '../../src/audit/log.js';
import { signChain } from '../../src/audit/sign-chain.js';
import { verifyLog } from '../../src/audit/verify.js';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';

let tmp: { dir: string; cleanup: () => void };
let paths: AuditPaths;

const draft = (i: number): AuditDraft => ({ action: 'ignore-added', actor: 'Dana <dana@example.test>', fingerprint: i.toString(16).padStart(32, '0'), detail: { reason: `entry ${i}` } });
const lines = (): string[] => readFileSync(paths.file, 'utf8').split('\n').filter(Boolean);
const writeLines = (ls: string[]): void => writeFileSync(paths.file, ls.map((l) => `${l}\n`).join(''));
const problems = (pub?: Parameters<typeof verifyLog>[1]): string[] => verifyLog(paths, pub).problems;

beforeEach(() => {
  tmp = tempDir('keyward-audit-');
  paths = auditPaths(undefined, { log: join(tmp.dir, 'audit.jsonl') });
  for (let i = 1; i <= 6; i++) appendEntries(paths, [draft(i)]);
});
afterEach(() => tmp.cleanup());

describe('the hash chain', () => {
  it('verifies an untouched log, each entry holding the hash of the one before', () => {
    const es = lines().map((l) => JSON.parse(l) as AuditEntry);
    expect(es.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < es.length; i++) expect(es[i]!.prev).toBe(entryHash(es[i - 1]!));
    expect(verifyLog(paths)).toMatchObject({ entries: 6, problems: [] });
  });

  it('edited: names the entry whose content no longer matches its hash', () => {
    const ls = lines();
    ls[2] = ls[2]!.replace('entry 3', 'entry 3, approved by the CISO');
    writeLines(ls);
    expect(problems()).toEqual(['entry 3 (line 3): edited: its content no longer matches its hash']);
  });

  it('edited and re-hashed: the next entry no longer holds its hash', () => {
    const ls = lines();
    const e = JSON.parse(ls[2]!) as AuditEntry;
    e.actor = 'Mallory';
    e.hash = entryHash(e);
    ls[2] = JSON.stringify(e);
    writeLines(ls);
    expect(problems()).toEqual(['entry 4 (line 4): does not hold the hash of entry 3 before it: that entry was edited and re-hashed, or replaced']);
  });

  it('removed: says which entry is missing and where', () => {
    writeLines(lines().filter((_, i) => i !== 2));
    expect(problems()).toEqual(['entry 4 (line 3): entry 3 is missing before it (removed, or moved elsewhere)']);
  });

  it('removed from the start: the log must start at entry 1', () => {
    writeLines(lines().slice(1));
    expect(problems()[0]).toBe('entry 2 (line 1): the log starts at entry 2 and not at the start of the chain: the entries before it were removed');
  });

  it('inserted: a forged entry chained after entry 2 collides with the real entry 3', () => {
    const ls = lines();
    const two = JSON.parse(ls[1]!) as AuditEntry;
    const forged: Omit<AuditEntry, 'hash'> = { ...two, seq: 3, fingerprint: 'f'.repeat(32), prev: two.hash };
    ls.splice(2, 0, JSON.stringify({ ...forged, hash: entryHash(forged) }));
    writeLines(ls);
    expect(problems()).toEqual(['entry 3 (line 4): has the same number as the entry on line 3: one of them was inserted']);
  });

  it('inserted: a line that is not a chained entry', () => {
    const ls = lines();
    ls.splice(3, 0, JSON.stringify({ time: new Date().toISOString(), event: 'opened', fingerprint: 'a'.repeat(32) }));
    writeLines(ls);
    expect(problems()).toEqual(['line 4: not a chained keyward entry (no v, seq, prev or hash): edited, inserted or damaged']);
  });

  it('reordered: entries out of sequence, at the lines where they are', () => {
    const ls = lines();
    [ls[2], ls[3]] = [ls[3]!, ls[2]!];
    writeLines(ls);
    expect(problems()).toEqual([
      'entry 4 (line 3): entry 3 is missing before it (removed, or moved elsewhere)',
      'entry 3 (line 4): comes after entry 4: entries were inserted or reordered',
      'entry 5 (line 5): entry 4 is missing before it (removed, or moved elsewhere)',
    ]);
  });

  it('truncated tail: the head file records entries the log no longer has', () => {
    writeLines(lines().slice(0, 4));
    expect(problems()).toEqual(['the log ends at entry 4, but the head file records entry 6: entries 5-6 were removed from the end (truncated)']);
  });

  it('a log that does not end where its head says is not appended to (the evidence stays)', () => {
    writeLines(lines().slice(0, 4));
    expect(() => appendEntries(paths, [draft(7)])).toThrow(AuditError);
    expect(lines()).toHaveLength(4);
  });

  it('a deleted head file is a problem; a deleted log with its head left is one too', () => {
    rmSync(paths.head);
    expect(problems()).toEqual([`the head file ${paths.head} is missing: the end of the log cannot be checked (deleted?)`]);
    appendEntries(paths, [draft(7)]); // an append writes the head again
    rmSync(paths.file);
    expect(problems()).toEqual([`${paths.file} is missing, but its head file ${paths.head} exists: the log was deleted`]);
  });
});

describe('the log file itself', () => {
  it('is never written through a symbolic link, and an old log that is a link is not moved in', () => {
    const target = join(tmp.dir, 'target.txt');
    const planted = auditPaths(join(tmp.dir, 'git'), {});
    mkdirSync(join(tmp.dir, 'git', 'keyward'), { recursive: true });
    symlinkSync(target, planted.file);
    expect(() => appendEntries(planted, [draft(1)])).toThrow(/is a symbolic link: keyward does not write through it/);
    expect(existsSync(target)).toBe(false);
    rmSync(planted.file);
    writeFileSync(target, '{"event":"bypass","pusher":"x"}\n');
    symlinkSync(target, join(tmp.dir, 'git', 'keyward-bypass.log'));
    expect(appendEntries(planted, [draft(1)]).map((e) => e.action)).toEqual(['ignore-added']);
    expect(existsSync(join(tmp.dir, 'git', 'keyward-bypass.log'))).toBe(true);
  });
});

describe('the signed head', () => {
  const keys = () => generateKeyPairSync('ed25519');

  it('checks the signature and catches a truncation the head file no longer shows', () => {
    const { privateKey, publicKey } = keys();
    const signed = signChain(paths, privateKey, 'Dana');
    expect(signed.seq).toBe(7); // the chain-signed entry itself
    appendEntries(paths, [draft(8)]);
    const ok = verifyLog(paths, publicKey);
    expect(ok.problems).toEqual([]);
    expect(ok.notes.join('\n')).toContain('signature good: entries 1-7 were signed');
    expect(ok.notes.join('\n')).toContain('1 later entries are not signed yet');

    // The attacker cuts the tail and rewrites the head file to match: only the signature tells.
    const ls = lines().slice(0, 5);
    writeLines(ls);
    const last = JSON.parse(ls[4]!) as AuditEntry;
    writeFileSync(paths.head, JSON.stringify({ seq: last.seq, hash: last.hash }));
    expect(problems()).toEqual([]); // without the key, this rewrite cannot be seen
    expect(problems(publicKey)).toEqual(['the signed head is entry 7, but the log ends at entry 5: entries were removed from the end (truncated)']);
  });

  it('bad signature: another key, an edited signed head, a missing signature', () => {
    const { privateKey } = keys();
    const other = keys().publicKey;
    signChain(paths, privateKey, 'Dana');
    expect(problems(other)).toEqual([`the signature in ${paths.sig} is not valid for this public key: it was made with another key, or the signed head was edited`]);
    const sig = JSON.parse(readFileSync(paths.sig, 'utf8')) as { seq: number };
    writeFileSync(paths.sig, JSON.stringify({ ...sig, seq: 3 }));
    expect(problems(generateKeyPairSync('ed25519').publicKey)[0]).toContain('is not valid for this public key');
    rmSync(paths.sig);
    expect(problems(other)).toEqual([`no signature at ${paths.sig}, but a public key was given: the log was never signed, or the signature was deleted`]);
  });

  it('a signed chain rewritten up to the signed entry is caught', () => {
    const { privateKey, publicKey } = keys();
    signChain(paths, privateKey, 'Dana');
    // Rewrite every entry (re-chained, re-hashed, head updated): self-consistent, but not what was signed.
    let prev = '0'.repeat(64);
    const ls = lines().map((l) => {
      const e = JSON.parse(l) as AuditEntry;
      const body = { ...e, actor: 'Mallory', prev };
      const hash = entryHash(body);
      prev = hash;
      return JSON.stringify({ ...body, hash });
    });
    writeLines(ls);
    writeFileSync(paths.head, JSON.stringify({ seq: 7, hash: prev }));
    expect(problems()).toEqual([]);
    expect(problems(publicKey)).toEqual(['entry 7 is not the entry that was signed (another hash): the log was rewritten up to it']);
  });
});

describe('keyward audit verify (CLI)', () => {
  it('exits 0 on an intact log, 1 naming the problem on a tampered one, 2 on a key it cannot read', () => {
    const ok = keyward(['audit', 'verify', '--log', paths.file], { cwd: tmp.dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('audit log intact: 6 entries');
    writeLines(lines().filter((_, i) => i !== 4));
    const bad = keyward(['audit', 'verify', '--log', paths.file], { cwd: tmp.dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('entry 6 (line 5): entry 5 is missing before it');
    const nokey = keyward(['audit', 'verify', '--log', paths.file, '--pubkey', join(tmp.dir, 'absent.pem')], { cwd: tmp.dir });
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toMatch(/^keyward: audit: cannot read the public key .*absent\.pem: ENOENT\n$/);
  });

  it('keygen, sign and verify with the generated keys; sign without a key is a usage error', () => {
    const key = join(tmp.dir, 'team-audit');
    expect(keyward(['audit', 'keygen', key], { cwd: tmp.dir }).code).toBe(0);
    expect(keyward(['audit', 'keygen', key], { cwd: tmp.dir }).stderr).toContain('exists: keyward never overwrites a key');
    const none = keyward(['audit', 'sign', '--log', paths.file], { cwd: tmp.dir, env: { ...process.env, KEYWARD_AUDIT_SIGNING_KEY: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('audit sign needs');
    const s = keyward(['audit', 'sign', '--log', paths.file, '--key', key], { cwd: tmp.dir });
    expect(s.code, s.stderr).toBe(0);
    // The key may come as PEM text from the environment (a CI secret).
    const v = keyward(['audit', 'verify', '--log', paths.file], { cwd: tmp.dir, env: { ...process.env, KEYWARD_AUDIT_PUBLIC_KEY: readFileSync(`${key}.pub`, 'utf8') } });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stderr).toContain('signature good: entries 1-7');
  });
});
