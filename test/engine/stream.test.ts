import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { CHUNK_SIZE, OVERLAP, scanBuffer, scanStream, textOf } from '../../src/engine/scan-data.js';
import { randomAlnum, randomToken } from '../helpers/fake.js';
import { makeRule, TKN_RULE } from '../helpers/rules.js';
import { filler, pieces } from '../helpers/stream.js';

const opts = { showSecrets: true };
describe('streaming in overlapping windows', () => {
  const d = new Detector([TKN_RULE]);

  it.each([-40, -20, -1, 0, 1, OVERLAP - 10, -OVERLAP + 5])('finds a secret at chunk boundary %+d exactly once', async (delta) => {
    const data = filler(CHUNK_SIZE * 2 + 1000);
    const secret = `tkn_${randomToken(32)}`;
    const at = CHUNK_SIZE + delta;
    data.write(` ${secret} `, at - 1);
    const streamed = await scanStream(d, pieces(data), 'big.txt', opts);
    const whole = scanBuffer(d, data, 'big.txt', opts);
    expect(streamed.findings).toHaveLength(1);
    expect(streamed.findings).toEqual(whole);
    expect(streamed.bytes).toBe(data.length);
  });

  it('finds a multi-line block that spans a boundary once, with the right lines', async () => {
    const pem = makeRule({ id: 'block', regex: '(-----BEGIN TEST KEY-----[\\s\\S]+?-----END TEST KEY-----)', keywords: ['begin test key'] });
    const dp = new Detector([pem]);
    const data = filler(CHUNK_SIZE + 200_000);
    const body = Array.from({ length: 20 }, () => randomAlnum(64)).join('\n');
    data.write(`\n-----BEGIN TEST KEY-----\n${body}\n-----END TEST KEY-----\n`, CHUNK_SIZE - 700);
    const streamed = await scanStream(dp, pieces(data, 65_537), 'k.txt', opts);
    expect(streamed.findings).toEqual(scanBuffer(dp, data, 'k.txt', opts));
    expect(streamed.findings).toHaveLength(1);
  });

  it('scans a stream many times the chunk size in bounded memory', async () => {
    const total = CHUNK_SIZE * 48; // 192 MiB, generated lazily, never held at once
    const block = filler(1024 * 1024);
    const secret = `tkn_${randomToken(32)}`;
    let peak = 0;
    const source = Readable.from((function* () {
      for (let off = 0; off < total; off += block.length) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        if (off === CHUNK_SIZE * 40) {
          const b = Buffer.from(block);
          b.write(` ${secret} `, 100);
          yield b;
        } else yield block;
      }
    })());
    const before = process.memoryUsage().arrayBuffers;
    const r = await scanStream(d, source, 'huge.txt', opts);
    expect(r.bytes).toBe(total);
    expect(r.findings.map((f) => f.secret)).toEqual([secret]);
    const nl = (b: Buffer, end = b.length) => b.subarray(0, end).reduce((n, c) => n + (c === 10 ? 1 : 0), 0);
    expect(r.findings[0]!.line).toBe(((CHUNK_SIZE * 40) / block.length) * nl(block) + nl(block, 100) + 1);
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('skips a binary stream', async () => {
    const data = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(`tkn_${randomToken(32)}`)]);
    const r = await scanStream(d, pieces(data), 'x.png', opts);
    expect(r.binary).toBe(true);
    expect(r.findings).toHaveLength(0);
  });

  describe('UTF-16 text (with a byte-order mark)', () => {
    const utf16 = (text: string, enc: 'le' | 'be'): Buffer => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      if (enc === 'le') return le;
      const be = Buffer.from(le).swap16(); // the mark swaps to FE FF too
      return be;
    };

    it.each(['le', 'be'] as const)('is scanned as text (%s), whole and streamed, on the right line', async (enc) => {
      const secret = `tkn_${randomToken(32)}`;
      const text = `first line\r\nsecond ${secret} here\r\nthird\r\n`;
      const data = utf16(text, enc);
      // Every ASCII character of UTF-16 holds a NUL: the binary check alone would skip the file.
      expect(data.includes(0)).toBe(true);
      const converted = textOf(data)!;
      expect(converted.toString()).toBe(text);
      const whole = scanBuffer(d, converted, 'win.ps1', opts);
      expect(whole.map((f) => [f.secret, f.line])).toEqual([[secret, 2]]);
      const streamed = await scanStream(d, pieces(data, 7), 'win.ps1', opts);
      expect(streamed.binary).toBe(false);
      expect(streamed.findings).toEqual(whole);
      expect(streamed.bytes).toBe(data.length);
    });

    it('finds a secret past the first window of a large UTF-16 stream', async () => {
      const secret = `tkn_${randomToken(32)}`;
      const data = utf16(`${filler(CHUNK_SIZE + 5000).toString()}key ${secret}\n`, 'le');
      const r = await scanStream(d, pieces(data), 'big.reg', opts);
      expect(r.findings.map((f) => f.secret)).toEqual([secret]);
    });

    it('leaves binary data and UTF-32 alone', () => {
      expect(textOf(Buffer.from([0x00, 0x01, 0x02, 0x03]))).toBeUndefined();
      expect(textOf(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]))).toBeUndefined();
      const plain = Buffer.from('plain text\n');
      expect(textOf(plain)).toBe(plain);
    });
  });
});
