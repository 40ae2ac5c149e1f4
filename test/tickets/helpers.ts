import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTicketsForScan } from '../../src/tickets/open.js';
import type { Finding, ScanResult } from '../../src/model/finding.js';
import type { Risk, RuleKind } from '../../src/rules/types.js';
import type { AuditEntry } from '../../src/tickets/audit.js';
import { redact } from '../../src/engine/secret-id.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';

export const hex = (n: number): string => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

/** A fake secret built at test time: the raw value exists only to prove it never leaks. */
export interface FakeSecret {
  raw: string;
  fingerprint: string;
  ruleId: string;
  title: string;
  provider: string;
  kind: RuleKind;
  risk: Risk;
  revoke?: string;
}

let n = 0;
export function fakeSecret(over: Partial<FakeSecret> = {}): FakeSecret {
  n++;
  return {
    raw: `TKN${randomAlnum(29)}`,
    fingerprint: hex(32),
    ruleId: `test-token-${n}`,
    title: `Test Cloud admin key ${n}`,
    provider: 'TestCloud',
    kind: 'cloud-credential',
    risk: 'critical',
    revoke: 'https://console.testcloud.invalid/keys',
    ...over,
  };
}

export interface Where {
  commit?: string;
  file?: string;
  line?: number;
  date?: string;
  pushed?: boolean;
  author?: string;
  email?: string;
  remotes?: string[];
  locations?: Array<{ commit: string; file: string; line: number; column?: number }>;
  /** Put the raw secret in the finding (a --show-secrets report). */
  unredacted?: boolean;
}

export function finding(s: FakeSecret, w: Where = {}): Finding {
  return {
    ruleId: s.ruleId,
    title: s.title,
    provider: s.provider,
    kind: s.kind,
    risk: s.risk,
    confidence: 'high',
    file: w.file ?? 'config/app.env',
    line: w.line ?? 3,
    column: 5,
    endLine: w.line ?? 3,
    endColumn: 40,
    secret: w.unredacted ? s.raw : redact(s.raw),
    entropy: 4.5,
    fingerprint: s.fingerprint,
    revoke: s.revoke,
    commit: w.commit ?? hex(40),
    author: w.author ?? 'Dana Dev',
    email: w.email ?? 'dana@example.com',
    date: w.date ?? '2025-03-01T10:00:00Z',
    pushed: w.pushed ?? true,
    remotes: w.remotes ?? ['origin'],
    locations: (w.locations ?? []).map((l) => ({ column: 1, ...l })),
  };
}

export function scanResult(findings: Finding[]): ScanResult {
  return { findings, stats: { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0, unreadable: 0, rules: 1, workers: 1, durationMs: 1, complete: true }, warnings: [] };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
}

/** An empty repository with an origin remote and a CODEOWNERS file. */
export function makeRepo(remote = 'https://github.com/acme/app.git', codeowners = '* @acme/security\n/config/ @dana\n'): { dir: string; cleanup: () => void } {
  const t = tempDir('keyward-tickets-');
  git(t.dir, 'init', '-q');
  git(t.dir, 'config', 'user.name', 'Test Runner');
  git(t.dir, 'config', 'user.email', 'runner@example.com');
  git(t.dir, 'remote', 'add', 'origin', remote);
  if (codeowners) writeFileSync(join(t.dir, 'CODEOWNERS'), codeowners);
  return t;
}

/**
 * Writes the user's own config (trusted: it may choose the tracker, its URL and token variable)
 * for tests of this repository: $XDG_CONFIG_HOME/keyward/config.toml, with XDG_CONFIG_HOME from
 * userConfigEnv(dir). `run` and the child processes of these tests use that environment.
 */
export function writeConfig(dir: string, toml: string): void {
  const d = join(userConfigEnv(dir).XDG_CONFIG_HOME, 'keyward');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'config.toml'), toml, { mode: 0o600 });
}

/** The environment that makes writeConfig's file the user config (kept inside the test repository's .git). */
export function userConfigEnv(dir: string): { XDG_CONFIG_HOME: string } {
  return { XDG_CONFIG_HOME: join(dir, '.git', 'test-xdg') };
}

/** Writes the scanned repository's own keyward.toml: untrusted, wording and policy only. */
export function writeRepoConfig(dir: string, toml: string): void {
  writeFileSync(join(dir, 'keyward.toml'), toml);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `keyward tickets` in-process on a scan result, with only the given environment. */
export async function run(dir: string, result: ScanResult, env: NodeJS.ProcessEnv, opts: { dryRun?: boolean; config?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await openTicketsForScan(result, {
    repo: dir,
    env: { KEYWARD_ACTOR: 'test-runner', ...userConfigEnv(dir), ...env },
    dryRun: opts.dryRun,
    config: opts.config,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

/** Every file keyward wrote under .git/keyward, as text. */
export function keywardFiles(dir: string): Record<string, string> {
  const d = join(dir, '.git', 'keyward');
  const out: Record<string, string> = {};
  if (!existsSync(d)) return out;
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isFile()) out[f] = readFileSync(p, 'utf8');
  }
  return out;
}

/** The ticket entries of the audit log (src/audit), in the tickets' own terms. */
export function auditLines(dir: string): AuditEntry[] {
  const p = join(dir, '.git', 'keyward', 'audit.jsonl');
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string; time: string; fingerprint: string; actor: string; detail: { tracker: string; ticket: string; url: string } })
    .filter((e) => e.action.startsWith('ticket-'))
    .map((e) => ({ time: e.time, event: e.action.slice('ticket-'.length) as AuditEntry['event'], fingerprint: e.fingerprint, actor: e.actor, tracker: e.detail.tracker, ticket: e.detail.ticket, url: e.detail.url }));
}

/** Strings that must never appear: raw secrets, and (outside the auth header) credentials. */
export function leaks(haystacks: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const h of haystacks) for (const n of needles) if (n && h.includes(n)) found.push(`${n.slice(0, 6)}… found in: ${h.slice(0, 80)}`);
  return found;
}

/**
 * Config that keeps tests fast: short backoff. The timeout stays long: no test with FAST relies
 * on it, and a short one fires spuriously on a loaded machine (extra retries, extra requests).
 */
export const FAST = 'backoff = "10ms"\ntimeout = "30s"\nretries = 4\n';
