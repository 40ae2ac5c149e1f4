import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { parsePerson } from '../../src/git/object-header.js';
import { resolveRules } from '../../src/config/resolve.js';
import { newDetector } from '../../src/engine/detector.js';
import { scanItems, type ScanItem } from '../../src/engine/items.js';
import { messageItem, personFields, type PresentObject } from '../../src/sources/object-message.js';
import { fakeGenericSecret } from '../helpers/fake.js';

const detector = newDetector(resolveRules(DEFAULT_CONFIG), { profile: false });

/** A raw commit object with a signature header (continuation lines, one of them a lone space). */
function rawCommit(message: Buffer): Buffer {
  const header = [
    `tree ${'a'.repeat(40)}`,
    `author Alice Example <alice@keyward.test> 1700000000 +0530`,
    `committer Alice Example <alice@keyward.test> 1700000000 +0530`,
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEzBAABCAAdFiEE',
    ' -----END PGP SIGNATURE-----',
  ].join('\n');
  return Buffer.concat([Buffer.from(`${header}\n\n`), message]);
}

/** A commit's message as the source hands it to the engine, and the engine's scan of it. */
async function scanMessage(obj: PresentObject, showSecrets: boolean) {
  const { header, item } = await messageItem(obj, '<commit message>');
  const one = async function* (): AsyncGenerator<ScanItem, void, undefined> {
    yield item;
  };
  return { header, ...(await scanItems(one(), { detector, showSecrets })) };
}

describe('commit messages: sources/object-message.ts hands them to engine/items.ts', () => {
  it('finds a secret after a NUL in a message, with line and column inside the message and the author', async () => {
    const secret = fakeGenericSecret(24);
    const message = Buffer.concat([Buffer.from('subject\0hidden\n'), Buffer.from(`API_KEY = "${secret}"\n`)]);
    const data = rawCommit(message);
    const r = await scanMessage({ oid: 'c'.repeat(40), missing: false, type: 'commit', size: data.length, data }, true);
    expect(r.findings.map((f) => [f.file, f.line, f.column, f.secret])).toEqual([['<commit message>', 2, 12, secret]]);
    expect(r.header.person).toEqual({ name: 'Alice Example', email: 'alice@keyward.test', date: '2023-11-15T03:43:20+05:30' });
    expect(r.bytes).toBe(message.length);
    expect(r.files).toBe(0); // a message is counted in bytes, not as a file
    expect(personFields(r.header)).toStrictEqual({ author: 'Alice Example', email: 'alice@keyward.test', date: '2023-11-15T03:43:20+05:30' });
  });

  it('gives the same answer for an object streamed in small pieces (over the in-memory limit)', async () => {
    const secret = fakeGenericSecret(24);
    const data = rawCommit(Buffer.from(`subject\n\nAPI_KEY = "${secret}"\n`));
    const pieces = async function* () {
      for (let i = 0; i < data.length; i += 7) yield data.subarray(i, i + 7);
    };
    const r = await scanMessage({ oid: 'c'.repeat(40), missing: false, type: 'commit', size: data.length, chunks: pieces() }, false);
    expect(r.findings.map((f) => [f.line, f.column, f.secret])).toEqual([[3, 12, `${secret.slice(0, 4)}…`]]);
    expect(r.header.person?.email).toBe('alice@keyward.test');
  });
});

describe('parsePerson', () => {
  it('keeps the offset of the person, as git log %aI does', () => {
    expect(parsePerson('Bob <bob@x> 0 -0800')).toEqual({ name: 'Bob', email: 'bob@x', date: '1969-12-31T16:00:00-08:00' });
    expect(parsePerson('not a person line')).toBeUndefined();
  });
});
