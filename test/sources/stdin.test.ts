import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';
import { newDetector } from '../../src/engine/detector.js';
import { scanStreamBlob } from '../../src/engine/files.js';
import { stdinBlob } from '../../src/sources/stdin.js';
import { secretLine } from '../history/helpers.js';

// stdin is one blob named "-", streamed: any size, binary content counted and not scanned.
describe('sources: stdin', () => {
  const detector = newDetector(resolveRules(DEFAULT_CONFIG), { profile: false });

  it('is one streamed blob at path "-", found across the pieces it arrives in', async () => {
    const s = secretLine();
    const text = `first line\n${s.line}\n`;
    const cut = text.indexOf(s.secret) + 5;
    const r = await scanStreamBlob(detector, stdinBlob(Readable.from([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))])), { showSecrets: true });
    expect(r.files).toBe(1);
    expect(r.bytes).toBe(Buffer.byteLength(text));
    expect(r.findings.map((f) => [f.file, f.line, f.secret])).toEqual([['-', 2, s.secret]]);
  });

  it('binary content is counted, not scanned', async () => {
    const s = secretLine();
    const r = await scanStreamBlob(detector, stdinBlob(Readable.from([Buffer.from(`\0\0${s.line}\n`)])), { showSecrets: true });
    expect(r).toMatchObject({ files: 0, binary: 1, findings: [] });
  });
});
