import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { decodeSpan } from '../../src/detect/decode/decoders.js';
import { findEncoded } from '../../src/detect/decode/find-encoded.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { randomToken } from '../helpers/fake.js';
import { TKN_RULE } from '../helpers/rules.js';

// Keys written as arrays of characters or character codes (find-arrays.ts): decoded, found, and
// placed on the array's first element.
const tkn = () => `tkn_${randomToken(32)}`;
const d = new Detector([TKN_RULE]);
const off = new Detector([TKN_RULE], undefined, { decode: false });
const find = (text: string, det = d) => scanBuffer(det, Buffer.from(text), 'a.txt', { showSecrets: true });
const codes = (s: string, hex: boolean, sep = ', ') => [...s].map((c) => (hex ? `0x${c.charCodeAt(0).toString(16)}` : String(c.charCodeAt(0)))).join(sep);
const chars = (s: string, q: string, sep = ', ') => [...s].map((c) => `${q}${c}${q}`).join(sep);

describe('keys written as arrays', () => {
  it.each([
    ["Kotlin's charArrayOf('…')", (t: string) => `private val key = String(\n    charArrayOf(\n        ${chars(t, "'")}\n    )\n)`],
    ["Java's char[] on one line, no blanks", (t: string) => `char[] k = {${chars(t, "'", ',')}};`],
    ['Swift\'s ["…"] of characters', (t: string) => `let k = String([${chars(t, '"')}])`],
    ["Swift's [UInt8] of decimal codes over lines", (t: string) => `private static let tokenBytes: [UInt8] = [\n    ${codes(t.slice(0, 16), false)},\n    ${codes(t.slice(16), false)}\n]`],
    ["Python's bytes([…]).decode()", (t: string) => `KEY = bytes([${codes(t, false)}]).decode()`],
    ["Go's []byte{0x…}", (t: string) => `var key = string([]byte{${codes(t, true)}})`],
    ["Java's new byte[] {0x…} without blanks", (t: string) => `byte[] k = new byte[] {${codes(t, true, ',')}};`],
    ["JavaScript's String.fromCharCode(…)", (t: string) => `const k = String.fromCharCode(${codes(t, false)});`],
  ])('finds a key in %s, on its first element', (_name, write) => {
    const t = tkn();
    const text = `// header\n${write(t)}\n`;
    const found = find(text);
    expect(found.map((f) => [f.secret, f.decoded])).toEqual([[t, 'array']]);
    const first = Math.min(...[text.indexOf(`'${t[0]}'`), text.indexOf(`"${t[0]}"`), text.indexOf(String(t.charCodeAt(0))), text.indexOf(`0x${t.charCodeAt(0).toString(16)}`)].filter((i) => i >= 0));
    const before = text.slice(0, first).split('\n');
    expect(found[0]).toMatchObject({ line: before.length, column: before[before.length - 1]!.length + 1 });
    expect(find(text, off)).toEqual([]);
  });

  it("carries the line of the array's opening bracket into the decoded text (the name it is bound to)", () => {
    const t = tkn();
    const data = Buffer.from(`const API_KEY = [\n  ${codes(t, false)}\n];\n`);
    const span = findEncoded(data).find((s) => s.encoding === 'array')!;
    expect(decodeSpan(data, span)!.toString()).toBe(`const API_KEY = ["${t}"`);
  });

  it('decodes no array shorter than 16, with a code outside printable ASCII, or of a table', () => {
    const t = tkn();
    expect(find(`k = [${codes(t.slice(0, 15), false)}]\n`)).toEqual([]);
    expect(find(`k = [${codes(t.slice(0, 20), false)}, 7, ${codes(t.slice(20), false)}]\n`)).toEqual([]);
    expect(find(`k = {${chars(t.slice(0, 15), "'")}}\n`)).toEqual([]);
    const table = Array.from({ length: 256 }, (_, i) => `0x${i.toString(16).padStart(2, '0')}`).join(', ');
    expect(find(`static const unsigned char table[256] = {\n${table}\n};\n`)).toEqual([]);
    expect(findEncoded(Buffer.from(`int sizes[] = {${Array.from({ length: 40 }, (_, i) => 1000 + i).join(', ')}};\n`))).toEqual([]);
  });

  it('reads a very long array once, without decoding it', () => {
    const huge = `char k[] = {${Array.from({ length: 50_000 }, () => "'a'").join(', ')}};\nint n[] = {${Array.from({ length: 50_000 }, () => '97').join(', ')}};\n`;
    expect(findEncoded(Buffer.from(huge)).filter((s) => s.encoding === 'array')).toEqual([]);
  });
});

describe('native and JavaScript passes over arrays', () => {
  it('find the same arrays (the native addon when built, else twice the JavaScript)', () => {
    let total = 0;
    const parts = ["'", '"', ',', ', ', ' ', '\n', '0x', '1', '9', '12', '97', '104', '255', 'a', 'F', 'x', '[', '{', '(', ')'];
    for (let round = 0; round < 30; round++) {
      const pieces: string[] = [];
      for (let i = 0; i < 600; i++) {
        const r = randomInt(100);
        const t = tkn();
        pieces.push(r < 3 ? chars(t, r === 0 ? "'" : '"') : r < 6 ? codes(t, r === 3, r === 4 ? ',' : ', ') : r < 9 ? randomBytes(1 + r).toString('hex') : parts[r % parts.length]!);
      }
      // An odd offset into a larger buffer: the vector loads must not care.
      const data = Buffer.from(`x${pieces.join('')}`).subarray(1);
      const arrays = (native: boolean) => findEncoded(data, native).filter((s) => s.encoding === 'array');
      expect(arrays(true)).toEqual(arrays(false));
      total += arrays(true).length;
    }
    expect(total).toBeGreaterThan(30); // the arrays written in are found
  });
});
