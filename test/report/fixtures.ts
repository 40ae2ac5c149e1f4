import type { Finding, ScanResult, ScanStats } from '../../src/model/finding.js';
import type { RenderOptions } from '../../src/report/render.js';

// Obviously fake values only: secrets are already-redacted stubs, fingerprints and commits are
// made-up patterns (keyward scans its own repository and must stay clean).

export const COMMIT = 'c0ffee'.padEnd(40, '0');
export const OTHER_COMMIT = 'bad5eed'.padEnd(40, '1');

/** Path with a space, quotes, markup characters, non-ASCII and an embedded newline. */
export const ODD_PATH = `odd dir/it's "quoted" <&> naïve 🔑\nsecond line.env`;
/** Path with an ANSI escape sequence and a right-to-left override. */
export const CONTROL_PATH = 'ctl/\u001b[31mred\u202eevil.txt';
/** Path a spreadsheet would run as a formula; the comma also forces CSV quoting. */
export const FORMULA_PATH = '=SUM(1,2).txt';
export const FORMULA_AUTHOR = '@Zoë "Z" O\'Brien <&>';

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'github-pat',
    title: 'GitHub Personal Access Token',
    provider: 'GitHub',
    kind: 'api-token',
    risk: 'critical',
    confidence: 'high',
    file: 'src/config.ts',
    line: 12,
    column: 8,
    endLine: 12,
    endColumn: 48,
    secret: 'ghp_…',
    entropy: 5.12,
    fingerprint: 'fp-github-1',
    revoke: 'https://github.com/settings/tokens',
    ...over,
  };
}

export function sampleFindings(): Finding[] {
  return [
    finding({}),
    finding({
      ruleId: 'generic-password',
      title: 'Generic password assignment',
      provider: 'generic',
      kind: 'password',
      risk: 'low',
      confidence: 'low',
      line: 140,
      column: 3,
      endLine: 140,
      endColumn: 15,
      secret: 'hu…',
      entropy: 2.5,
      fingerprint: 'fp-generic-1',
      revoke: undefined,
    }),
    finding({
      ruleId: 'slack-webhook',
      title: 'Slack Incoming Webhook',
      provider: 'Slack',
      kind: 'webhook-secret',
      risk: 'medium',
      confidence: 'medium',
      file: ODD_PATH,
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 80,
      secret: 'http…',
      entropy: 4.4,
      fingerprint: 'fp-slack-1',
      revoke: 'https://api.slack.com/apps',
    }),
    finding({ file: CONTROL_PATH, line: 1, column: 1, endColumn: 41, fingerprint: 'fp-github-2' }),
    finding({
      ruleId: 'aws-access-key-id',
      title: 'AWS Access Key ID',
      provider: 'AWS',
      kind: 'cloud-credential',
      risk: 'high',
      file: FORMULA_PATH,
      line: 3,
      column: 10,
      endLine: 3,
      endColumn: 30,
      secret: 'AKIA…',
      entropy: 3.68,
      fingerprint: 'fp-aws-1',
      revoke: 'https://console.aws.amazon.com/iam/home#/security_credentials',
      commit: COMMIT,
      author: FORMULA_AUTHOR,
      email: 'zoe@example.com',
      date: '2024-05-01T10:20:30+02:00',
      pushed: true,
      remotes: ['origin'],
      locations: [
        { commit: OTHER_COMMIT, file: 'old/aws.env', line: 1, column: 1 },
        { commit: OTHER_COMMIT, file: 'old dir/aws 2.env', line: 7, column: 5 },
      ],
    }),
  ];
}

export function sampleStats(over: Partial<ScanStats> = {}): ScanStats {
  return {
    files: 120,
    bytes: 1_258_291,
    skippedBinary: 2,
    skippedTooLarge: 1,
    unreadable: 0,
    rules: 150,
    workers: 2,
    durationMs: 340,
    complete: true,
    ...over,
  };
}

export function sampleResult(): ScanResult {
  return { findings: sampleFindings(), stats: sampleStats(), warnings: [] };
}

export function emptyResult(over: Partial<ScanStats> = {}): ScanResult {
  return { findings: [], stats: sampleStats(over), warnings: [] };
}

export function incompleteResult(): ScanResult {
  return {
    findings: sampleFindings(),
    stats: sampleStats({ unreadable: 3, complete: false }),
    warnings: ['cannot read locked.db: EACCES', 'cannot read <gone>.txt: ENOENT'],
  };
}

export const OPTS: RenderOptions = { color: false, toolVersion: '0.1.0', mode: 'scan' };
