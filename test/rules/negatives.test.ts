import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';

const NEGATIVES = fileURLToPath(new URL('../fixtures/negatives', import.meta.url));

describe('precision: the negative fixture set', () => {
  it('holds nothing keyward reports, with the full built-in catalogue', () => {
    const r = keyward(['scan', NEGATIVES, '--no-ignore', '--format', 'json', '--show-secrets']);
    const report = JSON.parse(r.stdout);
    const found = report.findings.map((f: { ruleId: string; file: string; line: number; secret: string }) => `${f.ruleId} ${f.file}:${f.line} ${f.secret}`);
    expect(found).toEqual([]);
    expect(report.stats.files).toBeGreaterThanOrEqual(15);
    expect(r.code).toBe(0);
  });
});
