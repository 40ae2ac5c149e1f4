import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keyward, keywardAsync, type RunResult } from '../helpers/cli.js';
import { fakeGenericSecret } from '../helpers/fake.js';

/** Runs git in `cwd`; commits get distinct, increasing dates so history order is deterministic. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}

let clock = Date.UTC(2021, 0, 1) / 1000;

export interface Author {
  name: string;
  email: string;
}
export const ALICE: Author = { name: 'Alice Example', email: 'alice@keyward.test' };
export const BOB: Author = { name: 'Bob Example', email: 'bob@keyward.test' };

export function initRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

/** Writes (string or bytes) or deletes (null) files under `cwd`, making directories as needed. */
export function writeFiles(cwd: string, files: Record<string, string | Buffer | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(cwd, path);
    if (content === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
}

/**
 * Writes (string) or deletes (null) files, stages everything and commits. Returns the commit id.
 */
export function commit(cwd: string, files: Record<string, string | Buffer | null>, message: string, author: Author = ALICE): string {
  writeFiles(cwd, files);
  git(cwd, ['add', '-A']);
  const date = `${clock++} +0000`;
  git(cwd, ['commit', '-q', '--allow-empty', '-m', message], {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return git(cwd, ['rev-parse', 'HEAD']);
}

/** A line the built-in generic rule reports at column 18, and its secret. */
export function secretLine(): { secret: string; line: string } {
  const secret = fakeGenericSecret(24);
  return { secret, line: `const API_KEY = "${secret}";` };
}

export interface HistoryFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  secret: string;
  fingerprint: string;
  commit: string;
  author: string;
  email: string;
  date: string;
  pushed: boolean;
  remotes: string[];
  locations: { commit: string; file: string; line: number; column: number }[];
}

export interface HistoryReport {
  findings: HistoryFinding[];
  stats: {
    files: number;
    bytes: number;
    skippedBinary: number;
    unreadable: number;
    blobs: number;
    blobsCached: number;
    blobsMissing: number;
    commits: number;
    complete: boolean;
    /** Worker threads the run used (0: the main thread only). */
    workers?: number;
  };
  warnings: string[];
}

/** `keyward history --format json` in `cwd` (plus args). */
export function history(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunResult & { report: HistoryReport } {
  return withReport(keyward(['history', '--format', 'json', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }), args);
}

/**
 * history() without blocking the test worker: for tests that run several scans. A worker blocked
 * for 60 s (several CLI runs back to back on a busy machine) misses vitest's RPC replies and the
 * run fails with "Timeout calling onTaskUpdate" although every test passed.
 */
export async function historyAsync(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunResult & { report: HistoryReport }> {
  return withReport(await keywardAsync(['history', '--format', 'json', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }), args);
}

function withReport(r: RunResult, args: string[]): RunResult & { report: HistoryReport } {
  let report: HistoryReport;
  try {
    report = JSON.parse(r.stdout) as HistoryReport;
  } catch {
    throw new Error(`keyward history ${args.join(' ')} exited ${r.code} without JSON:\n${r.stderr}`);
  }
  return { ...r, report };
}

/** Findings whose (rule, secret) fingerprint is that of `secret` found with --show-secrets. */
export function bySecret(report: HistoryReport, secret: string): HistoryFinding[] {
  return report.findings.filter((f) => f.secret === secret);
}

/**
 * A rule pack with one path-scoped rule: "tkn_" + 32 alphanumerics, only in `*.env` files.
 * Returns the pack directory (for --rules) and a token it reports.
 */
export function envTokenPack(dir: string): { packs: string; token: string } {
  const packs = join(dir, 'packs');
  mkdirSync(packs, { recursive: true });
  const rule = [
    '[[rules]]',
    'id = "test-env-token"',
    'title = "Test token in env files"',
    'provider = "Test"',
    'kind = "api-token"',
    'risk = "high"',
    "regex = '''\\b(tkn_[A-Za-z0-9]{32})\\b'''",
    'keywords = ["tkn_"]',
    'paths = ["**/*.env"]',
    `examples = ['''TOKEN=tkn_${'Z9y8X7w6'.repeat(4)}''']`,
    '',
  ].join('\n');
  writeFileSync(join(packs, 'test.toml'), rule);
  return { packs, token: `tkn_${fakeGenericSecret(32)}` };
}
