import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { blobId } from '../../src/engine/path-findings.js';
import { parsePackText, loadPack, BUILTIN_PATTERNS_DIR } from '../../src/rules/load.js';
import { RuleError, type RuleDef } from '../../src/rules/types.js';
import { verifyExamples } from '../../src/config/verify-examples.js';
import { keyward } from '../helpers/cli.js';
import { randomFrom, tempDir } from '../helpers/fake.js';
import { commit, git, history, initRepo, writeFiles, type HistoryFinding } from '../history/helpers.js';

// Path-only rules (`paths`, no `regex`): a key store is a secret by its path, whatever its bytes.
// Binary, empty and text files alike, once per file at line 1, in every command.

const { dir: tmp, cleanup } = tempDir();
afterAll(cleanup);
let n = 0;
const fresh = (): string => join(tmp, `r${n++}`);

/** Bytes a PKCS#12 file could hold: DER starts 0x30 0x82, and binary (a NUL) follows. */
const keyStore = (): Buffer => Buffer.concat([Buffer.from([0x30, 0x82, 0x00]), randomBytes(600 + Math.floor(Math.random() * 2000))]);
const caseOf = (ext: string): string => [...ext].map((c) => (Math.random() < 0.5 ? c.toUpperCase() : c)).join('');

type JsonFinding = Pick<HistoryFinding, 'ruleId' | 'file' | 'line' | 'column' | 'secret' | 'fingerprint'> & { preview?: string };
const findingsOf = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;

describe('path-only rules in a pack', () => {
  const pack = (body: string): Array<RuleDef | RuleError> =>
    parsePackText('p.toml', `[[rules]]\nid = "x-file"\ntitle = "t"\nprovider = "P"\nkind = "private-key"\nrisk = "high"\n${body}`);

  it('loads a rule with paths and no regex, its examples being paths', () => {
    const [r] = pack(`paths = ["**/*.p12"]\nexamples = ["a/b.p12"]\nnegatives = ["a/b.p12.txt"]\n`);
    expect(r).not.toBeInstanceOf(RuleError);
    expect((r as RuleDef).pathOnly).toBe(true);
    expect(verifyExamples([r as RuleDef])).toEqual([]);
  });

  it('rejects content fields without a regex, and a rule with neither regex nor paths', () => {
    expect(String(pack(`paths = ["**/*.p12"]\nkeywords = ["p12"]\nexamples = ["a.p12"]\n`)[0])).toMatch(/"keywords" needs a "regex"/);
    expect(String(pack(`examples = ["a.p12"]\n`)[0])).toMatch(/missing "regex"/);
  });

  it('rules test fails an example path the rule does not take', () => {
    const [r] = pack(`paths = ["**/*.p12"]\nexamples = ["a/b.pem"]\nnegatives = ["c.p12"]\n`);
    const failures = verifyExamples([r as RuleDef]);
    expect(failures.map((f) => f.which)).toEqual(['example', 'negative']);
  });

  it('the shipped key store rules take any case of the extension, not look-alike names', () => {
    const d = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
    const ids = (p: string) => d.pathMatches(p).map((r) => r.def.id);
    for (let i = 0; i < 20; i++) {
      const name = randomFrom('abcdefghijklmnopqrstuvwxyz_-', 8);
      expect(ids(`${name}/${name}.${caseOf('p12')}`)).toEqual(['pkcs12-file']);
      expect(ids(`${name}.${caseOf('pfx')}`)).toEqual(['pkcs12-file']);
      expect(ids(`src/${name}.${caseOf('jks')}`)).toEqual(['java-keystore-file']);
      expect(ids(`${name}.p12.${caseOf('txt')}`)).toEqual([]);
      expect(ids(`docs/${name}-p12.md`)).toEqual([]);
      expect(ids(`certs/${name}-truststore.jks`)).toEqual([]);
    }
    // Content rules never see them: the detector's content rules hold no path-only rule.
    expect(d.rules.some((r) => r.def.pathOnly)).toBe(false);
  });
});

describe('scan', () => {
  it('reports binary, empty and text key stores once at line 1, with no preview, fingerprinted by content', () => {
    const dir = fresh();
    const bytes = keyStore();
    writeFiles(dir, {
      [`certs/client.${caseOf('p12')}`]: bytes,
      'certs/copy.pfx': bytes,
      [`empty.${caseOf('pfx')}`]: Buffer.alloc(0),
      'text.p12': `${randomFrom('ABCDEFGHIJKLMNOP0123456789+/', 64)}\n`,
      'notes/p12.md': 'how to make a .p12 file\n',
    });
    const r = keyward(['scan', '.', '--no-baseline', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const found = findingsOf(r.stdout);
    expect(found.map((f) => f.file.toLowerCase()).sort()).toEqual(['certs/client.p12', 'certs/copy.pfx', 'empty.pfx', 'text.p12']);
    for (const f of found) {
      expect(f.ruleId).toBe('pkcs12-file');
      expect([f.line, f.column]).toEqual([1, 1]);
      expect(f.preview).toBeUndefined();
      expect(f.secret).toBe('…');
    }
    const fp = (p: string) => found.find((f) => f.file.toLowerCase().endsWith(p))!.fingerprint;
    expect(fp('client.p12')).toBe(fp('copy.pfx')); // the same key store: the same secret
    expect(fp('client.p12')).not.toBe(fp('empty.pfx'));
  });

  it('a baseline accepts a key store until its content changes; an allowed path is not reported', () => {
    const dir = fresh();
    initRepo(dir);
    writeFiles(dir, { 'keys/service.p12': keyStore() });
    expect(keyward(['baseline'], { cwd: dir }).code).toBe(0);
    expect(keyward(['scan', '.'], { cwd: dir }).code).toBe(0);
    writeFiles(dir, { 'keys/service.p12': keyStore() });
    const again = keyward(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(findingsOf(again.stdout).map((f) => f.file)).toEqual(['keys/service.p12']);
    writeFileSync(join(dir, 'keyward.toml'), '[allow]\npaths = ["keys/**"]\n');
    expect(keyward(['scan', '.', '--no-baseline'], { cwd: dir }).code).toBe(0);
  });

  it('keyward ignore takes the fingerprint of a key store', () => {
    const dir = fresh();
    initRepo(dir);
    writeFiles(dir, { 'a.pfx': keyStore() });
    const [f] = findingsOf(keyward(['scan', '.', '--no-baseline', '--format', 'json'], { cwd: dir }).stdout);
    const ig = keyward(['ignore', f!.fingerprint, '--reason', 'test key of a fixture'], { cwd: dir });
    expect(ig.code, ig.stderr).toBe(0);
    expect(keyward(['scan', '.', '--no-baseline'], { cwd: dir }).code).toBe(0);
  });
});

describe('staged and history', () => {
  it('staged reports an added binary or empty key store, and one whose bytes change', () => {
    const dir = fresh();
    initRepo(dir);
    commit(dir, { 'README.md': 'x\n' }, 'init');
    writeFiles(dir, { 'keys/a.p12': keyStore(), 'keys/b.PFX': Buffer.alloc(0) });
    git(dir, ['add', '-A']);
    const r = keyward(['staged', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(findingsOf(r.stdout).map((f) => `${f.ruleId}:${f.file}:${f.line}`).sort()).toEqual(['pkcs12-file:keys/a.p12:1', 'pkcs12-file:keys/b.PFX:1']);
    git(dir, ['commit', '-qm', 'keys', '--no-verify']);
    writeFiles(dir, { 'keys/a.p12': keyStore() });
    git(dir, ['add', '-A']);
    expect(findingsOf(keyward(['staged', '--format', 'json'], { cwd: dir }).stdout).map((f) => f.file)).toEqual(['keys/a.p12']);
  });

  it('history reports a key store once per blob and path, with the fingerprint a scan gives', () => {
    const dir = fresh();
    initRepo(dir);
    const bytes = keyStore();
    commit(dir, { 'a/key.p12': bytes }, 'add key');
    commit(dir, { 'b/moved.pfx': bytes, 'a/key.p12': null }, 'move key');
    commit(dir, { 'a/key.p12': keyStore() }, 'new key');
    const { report } = history(dir);
    const byFp = new Map<string, Set<string>>();
    for (const f of report.findings) {
      expect(f.ruleId).toBe('pkcs12-file');
      const files = byFp.get(f.fingerprint) ?? new Set();
      for (const p of [f.file, ...f.locations.map((l) => l.file)]) files.add(p);
      byFp.set(f.fingerprint, files);
    }
    expect(byFp.size).toBe(2);
    const old = [...byFp.entries()].find(([, files]) => files.has('b/moved.pfx'))!;
    expect([...old[1]].sort()).toEqual(['a/key.p12', 'b/moved.pfx']);
    const scanned = join(tmp, `s${n++}`);
    mkdirSync(scanned);
    writeFileSync(join(scanned, 'k.p12'), bytes);
    expect(findingsOf(keyward(['scan', '.', '--no-baseline', '--format', 'json'], { cwd: scanned }).stdout)[0]!.fingerprint).toBe(old[0]);
  });

  it('blob ids are git\'s', () => {
    const dir = fresh();
    initRepo(dir);
    const bytes = keyStore();
    writeFiles(dir, { f: bytes });
    expect(blobId(bytes)).toBe(git(dir, ['hash-object', 'f']));
  });
});
