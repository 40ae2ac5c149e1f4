import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gitText } from '../../git/run.js';
import { hooksDir, installGitHook, uninstallGitHook } from './git-hooks.js';
import { installHusky, uninstallHusky } from './husky.js';
import { installPreCommitConfig, PRE_COMMIT_CONFIG, preCommitEntry, uninstallPreCommitConfig, type EntryOptions } from './pre-commit-config.js';
import { missingKeywardFix } from './hint.js';
import { packageRoot } from '../../package-root.js';
import { thisCli, type HookName } from './scripts.js';

export const METHODS = ['husky', 'pre-commit', 'git'] as const;
export type Method = (typeof METHODS)[number];

export interface InstallRequest {
  cwd: string;
  /** Forced method; detected from the repository otherwise. */
  method?: Method;
  /** Also guard pushes (default on). */
  prePush: boolean;
  /** pre-commit framework: print the entry instead of writing it. */
  print: boolean;
}

export interface InstallReport {
  method: Method;
  /** Why this method was chosen. */
  why: string;
  lines: string[];
}

/** How the repository already runs hooks: husky, the pre-commit framework, or plain git. */
export function detectMethod(top: string): { method: Method; why: string } {
  const hooksPath = gitText(['config', '--get', 'core.hooksPath'], { cwd: top, okCodes: [1] });
  if (/(^|[\\/])\.husky([\\/]|$)/.test(hooksPath)) return { method: 'husky', why: `core.hooksPath is ${hooksPath} (husky)` };
  if (isDir(join(top, '.husky'))) return { method: 'husky', why: '.husky/ exists' };
  if (existsSync(join(top, PRE_COMMIT_CONFIG))) return { method: 'pre-commit', why: `${PRE_COMMIT_CONFIG} exists (pre-commit framework)` };
  return { method: 'git', why: hooksPath ? `plain git hooks in core.hooksPath (${hooksPath})` : 'plain git hooks' };
}

export function install(req: InstallRequest): InstallReport {
  const top = gitText(['rev-parse', '--show-toplevel'], { cwd: req.cwd });
  const { method, why } = req.method ? { method: req.method, why: `--${req.method}` } : detectMethod(top);
  const names: HookName[] = req.prePush ? ['pre-commit', 'pre-push'] : ['pre-commit'];
  const lines: string[] = [];
  const fix = missingKeywardFix(top, thisCli(), packageRoot());
  if (method === 'husky') {
    for (const n of names) lines.push(installHusky(top, n, fix));
    const hooksPath = gitText(['config', '--get', 'core.hooksPath'], { cwd: top, okCodes: [1] });
    if (!hooksPath.includes('.husky')) lines.push('note: husky is not active in this clone yet: run npx husky (or npm install, whose prepare script runs it)');
  } else if (method === 'pre-commit') {
    const opts = entryOptions(top);
    if (req.print) {
      lines.push(`add this to the repos: list of ${PRE_COMMIT_CONFIG}:`, preCommitEntry(opts).trimEnd());
    } else {
      lines.push(installPreCommitConfig(top, opts));
    }
    lines.push(`then activate it: pre-commit install${req.prePush ? ' --hook-type pre-commit --hook-type pre-push' : ''}`);
  } else {
    const dir = hooksDir(top);
    for (const n of names) lines.push(installGitHook(dir, n, fix));
  }
  return { method, why, lines };
}

/** The server side: keyward's pre-receive hook in a (bare) repository's hooks directory. */
export function installPreReceive(cwd: string): InstallReport {
  return { method: 'git', why: '--pre-receive', lines: [installGitHook(hooksDir(cwd), 'pre-receive')] };
}

/** Undoes every kind of installation found, whichever method made it. */
export function uninstall(cwd: string): string[] {
  const bare = gitText(['rev-parse', '--is-bare-repository'], { cwd }) === 'true';
  const lines: string[] = [];
  const dir = hooksDir(cwd);
  const names: HookName[] = ['pre-commit', 'pre-push', 'pre-receive'];
  for (const n of names) {
    const r = uninstallGitHook(dir, n);
    if (r) lines.push(r);
  }
  if (!bare) {
    const top = gitText(['rev-parse', '--show-toplevel'], { cwd });
    // Plain hooks written before core.hooksPath was set (e.g. husky installed later).
    const defaultDir = join(gitText(['rev-parse', '--absolute-git-dir'], { cwd }), 'hooks');
    if (defaultDir !== dir) {
      for (const n of names) {
        const r = uninstallGitHook(defaultDir, n);
        if (r) lines.push(r);
      }
    }
    for (const n of ['pre-commit', 'pre-push'] as const) {
      const r = uninstallHusky(top, n);
      if (r) lines.push(r);
    }
    const r = uninstallPreCommitConfig(top);
    if (r) lines.push(r);
  }
  if (lines.length === 0) lines.push('nothing to remove: no keyward hook found');
  return lines;
}

/** How a pre-commit `repo: local` entry runs keyward, and which stage names it may use. */
function entryOptions(top: string): EntryOptions {
  const rel = relative(top, thisCli());
  const local = rel.split(sep)[0] === 'node_modules';
  return { entry: local ? 'node_modules/.bin/keyward' : 'keyward', legacyStages: preCommitIsLegacy(top) };
}

/** pre-commit before 3.2 rejects the stage names "pre-commit" / "pre-push". */
function preCommitIsLegacy(cwd: string): boolean {
  const r = spawnSync('pre-commit', ['--version'], { cwd, encoding: 'utf8' });
  const m = /(\d+)\.(\d+)\.\d+/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 3 || (major === 3 && minor < 2);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
