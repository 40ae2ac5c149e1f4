import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { deriveVersion, scanVersion, type Version } from '../../src/history/blob-jobs.js';
import { changedRegions, commonPrefix, commonSuffix } from '../../src/history/delta.js';
import { fakeGenericSecret, randomAlnum } from '../helpers/fake.js';

const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const opts = { showSecrets: true };

/** Deterministic PRNG so a failure can be replayed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Lines of code-like text, some holding credentials (made at test time) or context literals. */
function line(r: (n: number) => number): string {
  switch (r(14)) {
    case 0:
      return `const apiKey = "${fakeGenericSecret(28)}";`;
    case 1:
      return `password: "${fakeGenericSecret(16)}"`;
    case 2:
      return `aws_access_key_id = AKIA${randomAlnum(16).toUpperCase()}`;
    case 3:
      return `// the token is read from the environment`;
    case 4:
      return `url = "https://example.test/path"`;
    case 5:
      return '';
    case 6:
      return `  secret =`;
    case 7:
      return `      "${fakeGenericSecret(30)}"`;
    default:
      return `  value_${r(1000)} = compute(${r(100)}, "${randomAlnum(r(12))}")  # note`;
  }
}

function text(r: (n: number) => number, lines: number): string[] {
  return Array.from({ length: lines }, () => line(r));
}

/** A few hunks: replace, insert or delete some lines at random places. */
function edit(r: (n: number) => number, lines: string[]): string[] {
  const out = [...lines];
  for (let h = 1 + r(3); h > 0; h--) {
    const at = r(out.length + 1);
    const kind = r(3);
    if (kind === 0) out.splice(at, 1 + r(3), ...text(r, 1 + r(4)));
    else if (kind === 1) out.splice(at, 0, ...text(r, 1 + r(6)));
    else out.splice(at, 1 + r(4));
  }
  return out;
}

const strip = (v: Version) => v.findings.map((f) => ({ ...f }));

describe('region scan of a new version (history/delta.ts)', () => {
  it('finds the common prefix and suffix with native compares', () => {
    const a = Buffer.from('x'.repeat(5000) + 'A' + 'y'.repeat(7000));
    const b = Buffer.from('x'.repeat(5000) + 'BB' + 'y'.repeat(7000));
    expect(commonPrefix(a, b)).toBe(5000);
    expect(commonSuffix(a, b)).toBe(7000);
    expect(commonSuffix(a, b, 0, a.length - 10, 0, b.length - 10)).toBe(6990);
    expect(commonPrefix(a, a)).toBe(a.length);
  });

  it('splits a change in two places into two regions with context', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line number ${i} of a long enough file`);
    const changed = [...lines];
    changed[50] = 'changed here';
    changed[300] = 'and here';
    const a = Buffer.from(lines.join('\n'));
    const b = Buffer.from(changed.join('\n'));
    const regions = changedRegions(a, b, 2)!;
    expect(regions).toHaveLength(2);
    const shown = regions.map((r) => b.toString('utf8', r.startB, r.endB).split('\n').filter(Boolean));
    expect(shown[0]).toEqual(changed.slice(48, 53));
    expect(shown[1]).toEqual(changed.slice(298, 303));
    // Outside the regions both versions hold the same bytes.
    expect(a.subarray(0, regions[0]!.startA).equals(b.subarray(0, regions[0]!.startB))).toBe(true);
    expect(a.subarray(regions[1]!.endA).equals(b.subarray(regions[1]!.endB))).toBe(true);
  });

  it('gives the same findings as a full scan, over chains of random edits', () => {
    let derived = 0;
    let compared = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = prng(seed);
      let lines = text(r, 150 + r(400));
      let prev = scanVersion(detector, Buffer.from(lines.join('\n')), 'src/app.js', opts);
      for (let step = 0; step < 6; step++) {
        lines = edit(r, lines);
        const data = Buffer.from(lines.join('\n'));
        const full = scanVersion(detector, data, 'src/app.js', opts);
        const fromPrev = deriveVersion(detector, prev, data, 'src/app.js', opts);
        compared++;
        if (fromPrev) {
          derived++;
          expect(strip(fromPrev), `seed ${seed} step ${step}`).toEqual(strip(full));
          expect([...fromPrev.context]).toEqual([...full.context]);
          prev = fromPrev; // the next version derives from a derived one
        } else prev = full;
      }
    }
    // Most versions must go the region way, or this test checks nothing.
    expect(derived).toBeGreaterThan(compared / 2);
  });

  it('scans the whole blob when a multi-line key is completed outside the changed lines', () => {
    const body = Array.from({ length: 20 }, () => randomAlnum(64)).join('\n');
    const head = Array.from({ length: 60 }, (_, i) => `filler line ${i}`).join('\n');
    const before = `${head}\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n`;
    const after = `${before}-----END RSA PRIVATE KEY-----\n`;
    const prev = scanVersion(detector, Buffer.from(before), 'k.pem', opts);
    expect(prev.findings).toHaveLength(0);
    const data = Buffer.from(after);
    expect(deriveVersion(detector, prev, data, 'k.pem', opts)).toBeUndefined();
    expect(scanVersion(detector, data, 'k.pem', opts).findings.map((f) => f.finding.ruleId)).toEqual(['private-key-rsa']);
  });

  it('scans by region past the keyword of a long rule scoped to other paths, and whole where it applies', () => {
    // netrc-password spans many lines and applies to .netrc files only; "machine" is common in code.
    const filler = Array.from({ length: 80 }, (_, i) => `filler line ${i} of the file`);
    const base = ['machine api.example.test', '  login deploy', ...filler];
    const secret = `${randomAlnum(12)}!${randomAlnum(8)}`;
    const next = [...base];
    next[60] = 'an edited line far from the machine line';
    // In a .netrc a change far below "machine" can complete a match: whole scan.
    const netrcNext = [...base];
    netrcNext.splice(70, 0, `  password ${secret}`);
    const prevNetrc = scanVersion(detector, Buffer.from(base.join('\n')), 'home/.netrc', opts);
    const netrcData = Buffer.from(netrcNext.join('\n'));
    expect(deriveVersion(detector, prevNetrc, netrcData, 'home/.netrc', opts)).toBeUndefined();
    // Elsewhere the rule never applies: the region scan goes ahead and agrees with a full scan.
    const prevCode = scanVersion(detector, Buffer.from(base.join('\n')), 'src/vm.c', opts);
    const data = Buffer.from(next.join('\n'));
    const derived = deriveVersion(detector, prevCode, data, 'src/vm.c', opts);
    expect(derived).toBeDefined();
    expect(strip(derived!)).toEqual(strip(scanVersion(detector, data, 'src/vm.c', opts)));
  });
});
