import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, printable } from '../../src/report/describe.js';
import { renderText } from '../../src/report/formats/text.js';
import type { Finding } from '../../src/model/finding.js';
import { CONTROL_PATH, emptyResult, incompleteResult, OPTS, sampleFindings, sampleResult } from './fixtures.js';

const ESC = '\u001b';

describe('text format', () => {
  const out = renderText(sampleResult(), OPTS);
  const lines = out.split('\n');

  it('prints one header line per file, in order, each followed by its findings', () => {
    const headers = ['src/config.ts', String.raw`odd dir/it's "quoted" <&> naïve 🔑\nsecond line.env`, String.raw`ctl/\x1b[31mred\u202eevil.txt`, '=SUM(1,2).txt'];
    const at = headers.map((h) => lines.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(lines[at[0]! + 1]).toMatch(/^ {2}12:8 +critical +GitHub Personal Access Token \[github-pat\] +GitHub +high +ghp_…$/);
    expect(lines[at[0]! + 2]).toMatch(/^ {2}140:3 +low +Generic password assignment \[generic-password\] +generic +low +hu…$/);
    expect(lines[at[1]! + 1]).toMatch(/^ {2}2:1 +medium +Slack Incoming Webhook \[slack-webhook\] +Slack +medium +http…$/);
  });

  it('aligns the columns of a file group', () => {
    const first = lines.indexOf('src/config.ts');
    const [a, b] = [lines[first + 1]!, lines[first + 2]!];
    // lastIndexOf: the provider column comes after the rule id, which may contain the same word.
    expect(a.indexOf('critical')).toBe(b.indexOf('low'));
    for (const [x, y] of [['GitHub Personal', 'Generic password'], ['GitHub', 'generic'], ['high', 'low'], ['ghp_', 'hu…']]) {
      expect(a.lastIndexOf(x!)).toBe(b.lastIndexOf(y!));
    }
  });

  it('adds short commit, author, date, pushed state and other locations for history findings', () => {
    const i = lines.findIndex((l) => l.includes('[aws-access-key-id]'));
    const prov = lines[i + 1]!;
    expect(prov).toMatch(/^ +commit c0ffee0 · @Zoë "Z" O'Brien <&> <zoe@example\.com> · 2024-05-01 · pushed \(origin\) · \+2 other locations$/);
    expect(out).not.toContain('c0ffee0000');
    // Working-tree findings carry no provenance line.
    expect(lines[lines.indexOf('src/config.ts') + 3]).toBe('');
  });

  it('says "local only" for unpushed history findings', () => {
    const local: Finding = { ...sampleFindings()[4]!, pushed: false, remotes: [], locations: [] };
    const text = renderText({ ...sampleResult(), findings: [local] }, OPTS);
    expect(text).toContain('· local only');
    expect(text).not.toContain('pushed');
    expect(text).not.toContain('other location');
  });

  it('closes with a summary line', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('5 secrets in 4 files · 120 files (1.2 MB) scanned in 340 ms · skipped 2 binary, 1 too large');
    expect(out).not.toContain('warning');
  });

  it('uses singular words for one secret in one file and omits zero skips', () => {
    const one = { findings: [sampleFindings()[0]!], stats: { ...sampleResult().stats, files: 1, bytes: 10, skippedBinary: 0, skippedTooLarge: 0 }, warnings: [] };
    expect(renderText(one, OPTS).trimEnd().split('\n').at(-1)).toBe('1 secret in 1 file · 1 file (10 B) scanned in 340 ms');
  });

  it('adds a warning line when the scan is incomplete', () => {
    const text = renderText(incompleteResult(), OPTS).trimEnd().split('\n');
    expect(text.at(-1)).toBe('warning: scan incomplete: 3 files could not be read; secrets in them were not checked');
    expect(text.at(-2)).toMatch(/^5 secrets in 4 files · /);
  });

  it('prints a single "no secrets found" line for an empty result', () => {
    expect(renderText(emptyResult(), OPTS)).toBe('no secrets found · 120 files (1.2 MB) scanned in 340 ms · skipped 2 binary, 1 too large\n');
    const history = renderText(emptyResult({ skippedBinary: 0, skippedTooLarge: 0, commits: 42, blobs: 300, blobsCached: 120 }), { ...OPTS, mode: 'history' });
    expect(history).toBe('no secrets found in history · 120 files (1.2 MB), 42 commits, 300 blobs (120 cached) scanned in 340 ms\n');
    expect(renderText(emptyResult(), { ...OPTS, mode: 'staged' })).toMatch(/^no secrets found in staged changes · /);
  });

  it('still warns when nothing was found but the scan is incomplete', () => {
    const text = renderText(emptyResult({ complete: false, unreadable: 1, blobsMissing: 2 }), { ...OPTS, mode: 'history' });
    expect(text.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^no secrets found in history · /),
      'warning: scan incomplete: 1 object could not be read, 2 blobs missing from the object store; secrets in them were not checked',
    ]);
  });

  it('emits ANSI colour codes only when asked', () => {
    expect(out).not.toContain(ESC);
    expect(renderText(emptyResult(), OPTS)).not.toContain(ESC);
    const coloured = renderText(sampleResult(), { ...OPTS, color: true });
    expect(coloured).toContain(`${ESC}[`);
    expect(stripAnsi(coloured)).toBe(out);
    expect(stripAnsi(renderText(incompleteResult(), { ...OPTS, color: true }))).toBe(renderText(incompleteResult(), OPTS));
  });

  it('never passes control or bidi characters from scanned data to the terminal', () => {
    const hostile: Finding = {
      ...sampleFindings()[4]!,
      file: CONTROL_PATH,
      author: `evil${ESC}]0;title\u0007`,
      secret: `ab\rcd…`,
      remotes: ['origin\u202e'],
    };
    const text = renderText({ ...sampleResult(), findings: [hostile] }, OPTS);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain(String.raw`evil\x1b]0;title\x07`);
    expect(text).toContain(String.raw`ab\rcd…`);
  });
});

describe('text helpers', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024 ** 2)).toBe('200 MB');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(2345)).toBe('2.3 s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('escapes what a terminal would interpret and leaves other unicode alone', () => {
    expect(printable('a\tb\nc\rd\u001b[0m\u0085\u202ex')).toBe(String.raw`a\tb\nc\rd\x1b[0m\x85\u202ex`);
    expect(printable('données/ключ 🔑 "q" <&>')).toBe('données/ключ 🔑 "q" <&>');
  });
});

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
