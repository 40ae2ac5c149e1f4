import { isAbsolute, join, relative } from 'node:path';
import { gitText } from '../git/run.js';
import type { Finding } from '../model/finding.js';
import { CodeOwners } from '../git/codeowners.js';
import { actor as gitActor } from '../git/actor.js';
import type { AuditAction, AuditDraft, Json } from './entry.js';
import { auditPaths, auditSettings, gitDirOf, type AuditPaths } from './location.js';
import { appendEntries } from './log.js';

/**
 * The calls keyward's commands make to record what they did. None of them throws: the action
 * itself already happened, so a log that cannot be written costs one warning line, never the
 * command (run `keyward audit verify` to see why).
 */
export type Warn = (line: string) => void;

const stderr: Warn = (line) => void process.stderr.write(line);

/** Appends drafts to the log of the repository whose git directory is `gitDir`. */
export function record(gitDir: string | undefined, drafts: (who: string) => AuditDraft[], opts: { warn?: Warn; who?: string; legacy?: string[] } = {}): void {
  const warn = opts.warn ?? stderr;
  try {
    const settings = auditSettings(process.env, (l) => warn(`keyward: ${l}\n`));
    if (!gitDir && !settings.log) return; // outside a repository, with no log of its own: nothing to record to
    const paths = auditPaths(gitDir, settings);
    const who = opts.who ?? gitActor(gitDir ?? process.cwd());
    const list = drafts(who).map((d) => (paths.configured && gitDir ? { ...d, repo: gitDir } : d));
    appendEntries(paths, list, {
      legacy: opts.legacy,
      actor: () => who,
      note: (l) => warn(`keyward: audit: ${l}\n`),
      onWait: (holder) => process.env.KEYWARD_DEBUG && warn(`keyward: audit: waiting for the log's lock (held by ${holder})\n`),
    });
  } catch (e) {
    warn(`keyward: warning: audit log: ${(e as Error).message}\n`);
  }
}

/** JSON-safe copy (undefined members dropped), for details taken from other modules' objects. */
export const toJson = (v: unknown): Json => JSON.parse(JSON.stringify(v ?? null)) as Json;

/**
 * `finding-first-seen` for each credential the log has not seen yet (by fingerprint), with its
 * owner: the CODEOWNERS owners of its path, else the author who introduced it. Never the secret.
 */
export function recordFirstSeen(repoPath: string, findings: readonly Finding[], via: 'history' | 'tickets', warn?: Warn): void {
  if (findings.length === 0) return;
  const gitDir = gitDirOf(repoPath);
  if (!gitDir) return;
  const owners = CodeOwners.load(topLevel(repoPath));
  record(gitDir, (who) => findings.map((f) => firstSeen(f, owners, who, via)), { warn });
}

function firstSeen(f: Finding, owners: CodeOwners | undefined, who: string, via: string): AuditDraft {
  const owner = owners?.ownersOf(f.file).join(' ') || f.email || f.author;
  const detail = toJson({ rule: f.ruleId, provider: f.provider, kind: f.kind, risk: f.risk, file: f.file, line: f.line, source: f.source, commit: f.commit, date: f.date, pushed: f.pushed, remotes: f.remotes, via });
  return { action: 'finding-first-seen', fingerprint: f.fingerprint, ...(owner ? { owner } : {}), actor: who, detail: detail as Record<string, Json> };
}

function topLevel(path: string): string {
  try {
    return gitText(['rev-parse', '--show-toplevel'], { cwd: path }) || path;
  } catch {
    return path;
  }
}

/** A ticket opened, updated, reopened, linked or closed (the owner comes from the first-seen entry). */
export function recordTicket(
  gitDir: string,
  t: { event: string; fingerprint: string; tracker: string; ticket: string; url: string; actor: string; time: string; state?: string },
  warn?: Warn,
): void {
  const detail = toJson({ tracker: t.tracker, ticket: t.ticket, url: t.url, state: t.state }) as Record<string, Json>;
  record(gitDir, () => [{ action: `ticket-${t.event}` as AuditAction, time: t.time, fingerprint: t.fingerprint, actor: t.actor, detail }], { warn, who: t.actor });
}

/** `keyward ignore` (or an import) accepted findings. */
export function recordIgnoresAdded(root: string, added: ReadonlyArray<{ fingerprint: string; reason: string; until?: string; path?: string }>, via: 'ignore' | 'import', warn?: Warn): void {
  if (added.length === 0) return;
  const detail = (e: (typeof added)[number]): Record<string, Json> => toJson({ file: '.keywardignore', reason: e.reason.slice(0, 500), until: e.until, path: e.path, via }) as Record<string, Json>;
  record(gitDirOf(root), (who) => added.map((e) => ({ action: 'ignore-added', fingerprint: e.fingerprint, actor: who, detail: detail(e) })), { warn });
}

/** Ignores found expired by a run: recorded once per (fingerprint, until, path). */
export function recordIgnoresExpired(root: string, expired: ReadonlyArray<{ fingerprint: string; until?: string; path?: string; line: number }>, warn?: Warn): void {
  if (expired.length === 0) return;
  const gitDir = gitDirOf(root);
  if (!gitDir) return;
  record(gitDir, (who) => expired.map((e) => ({ action: 'ignore-expired', fingerprint: e.fingerprint, actor: who, detail: toJson({ file: '.keywardignore', line: e.line, until: e.until, path: e.path }) as Record<string, Json> })), { warn });
}


interface BaselineKey {
  fingerprint: string;
  rule: string;
  path: string;
}

/** What `keyward baseline` added to and removed from a baseline file, one entry per change. */
export function recordBaselineChange(root: string, file: string, before: readonly BaselineKey[], after: readonly BaselineKey[], via: string, warn?: Warn): void {
  const key = (e: BaselineKey): string => `${e.rule}\0${e.fingerprint}\0${e.path}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  const change = (action: AuditAction, e: BaselineKey, who: string): AuditDraft => ({ action, fingerprint: e.fingerprint, actor: who, detail: { file, rule: e.rule, path: e.path, via } });
  const gitDir = gitDirOf(root);
  if (!gitDir) return;
  const rel = relative(root, file);
  file = rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
  record(gitDir, (who) => [...after.filter((e) => !had.has(key(e))).map((e) => change('baseline-added', e, who)), ...before.filter((e) => !has.has(key(e))).map((e) => change('baseline-removed', e, who))], { warn });
}

const HOOK_ACTIONS: Record<string, AuditAction> = { bypass: 'hook-bypass', 'timeout-allowed': 'hook-timeout-allowed', 'error-bypassed': 'hook-error-bypassed' };

/**
 * A server hook let a push through (bypass, allowed timeout, bypassed error). `legacyLog` is the
 * old bypass log (`[hooks] bypass-log`, relative to the git directory): moved in on first use.
 */
export function recordHookEvent(gitDir: string, legacyLog: string, e: { event: string; pusher: string } & Record<string, unknown>, warn?: Warn): void {
  const { event, pusher, ...rest } = e;
  const legacy = isAbsolute(legacyLog) ? legacyLog : join(gitDir, legacyLog);
  record(gitDir, () => [{ action: HOOK_ACTIONS[event] ?? 'hook-bypass', actor: pusher, detail: toJson(rest) as Record<string, Json> }], { warn, who: pusher, legacy: [legacy] });
}

/** `keyward policy check` ran: how many credentials it checked, which are overdue, its exit code. */
export function recordPolicyCheck(
  repoPath: string,
  r: { credentials: number; overdue: ReadonlyArray<{ fingerprint: string; owner?: string; deadline?: string }>; exitCode: number },
  warn?: Warn,
): void {
  const detail = toJson({ credentials: r.credentials, overdue: r.overdue, exitCode: r.exitCode }) as Record<string, Json>;
  record(gitDirOf(repoPath), (who) => [{ action: 'policy-check', actor: who, detail }], { warn });
}

export type { AuditPaths };
