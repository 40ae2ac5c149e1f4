import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';
import { newDetector } from '../../src/engine/detector.js';
import { scanItems, scanSource, type ScanItem } from '../../src/engine/items.js';
import { fakeGenericSecret } from '../helpers/fake.js';

const detector = newDetector(resolveRules(DEFAULT_CONFIG), { profile: false });
const opts = { detector, showSecrets: true };

const blob = (oid: string, text: string | Buffer, provenance: ScanItem['provenance'] = {}): ScanItem => {
  const data = Buffer.from(text);
  return { data, oid, kind: 'blob', size: data.length, path: `${oid}.js`, provenance };
};

/** A streamed item whose reader dies after its first piece (git died on a damaged object). */
const broken = (oid: string): ScanItem => ({
  oid,
  kind: 'blob',
  size: 1 << 20,
  path: `${oid}.js`,
  provenance: {},
  chunks: (async function* () {
    yield Buffer.from('const a = 1;\n');
    throw new Error('git died');
  })(),
});

describe('scanItems (the engine over what a source yields)', () => {
  it('puts the provenance on each finding, counts blobs as files, and skips binary ones', async () => {
    const secret = fakeGenericSecret(24);
    const items = async function* (): AsyncGenerator<ScanItem, void, undefined> {
      yield blob('a', `// one\nAPI_KEY = "${secret}"\n`, { source: 'ref-target', ref: 'refs/tags/x', file: 'refs/tags/x:a.js' });
      yield blob('b', Buffer.from([0, 1, 2, 0, 0, 3]));
      yield { data: Buffer.from(`subject\0\nAPI_KEY = "${secret}"\n`), oid: 'c', kind: 'message', size: 999, path: '<commit message>', provenance: { commit: 'c' } };
    };
    const r = await scanItems(items(), opts);
    expect(r.findings.map((f) => [f.file, f.line, f.secret, f.ref ?? f.commit])).toEqual([
      ['refs/tags/x:a.js', 2, secret, 'refs/tags/x'],
      ['<commit message>', 2, secret, 'c'], // a message is text: the NUL does not hide the line after it
    ]);
    expect([r.files, r.binary]).toEqual([1, 1]);
    const aBytes = Buffer.byteLength(`// one\nAPI_KEY = "${secret}"\n`);
    const message = Buffer.byteLength(`subject\0\nAPI_KEY = "${secret}"\n`);
    expect(r.bytes).toBe(aBytes + message); // a message counts its text, not the object's size
  });

  it('throws an error while scanning an item back to the source, which may note it and go on', async () => {
    const secret = fakeGenericSecret(24);
    const warnings: string[] = [];
    const items = async function* (): AsyncGenerator<ScanItem, void, undefined> {
      try {
        yield broken('bad');
      } catch (e) {
        warnings.push(`bad: ${(e as Error).message}`);
      }
      yield blob('good', `API_KEY = "${secret}"\n`);
    };
    const r = await scanSource({ items: items(), warnings }, opts);
    expect(r.warnings).toEqual(['bad: git died']);
    expect(r.findings.map((f) => f.file)).toEqual(['good.js']);
    expect(r.files).toBe(1);
  });

  it('ends the scan with the error when the source does not handle it', async () => {
    const items = async function* (): AsyncGenerator<ScanItem, void, undefined> {
      yield broken('bad');
      yield blob('never', 'x\n');
    };
    await expect(scanItems(items(), opts)).rejects.toThrow('git died');
  });
});
